import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { closest } from '../../suggest';
import { jobInfos, localUsesPath } from '../../parse/github-actions-refs';
import { entries, get } from '../../parse/yaml';
import { defineRule } from '../../rule';
import type { SourceFile } from '../../source';

interface DeclaredInput {
  name: string;
  required: boolean;
}

export default defineRule({
  id: 'github-actions/local-inputs',
  kinds: ['github-actions'],
  // Not run on code blocks of plan documents: reads the local actions and workflows a step uses.
  scope: 'repository',
  severity: 'error',
  docs: {
    summary: '`with:` of a local action (`uses: ./path`) or local reusable workflow passes only inputs it declares, and every required one.',
    rationale:
      'A local action reads its inputs from its `action.yml`; an input it does not declare is ignored (GitHub only warns in ' +
      'the run log), so a misspelt input silently falls back to its default. A reusable workflow called with an input its ' +
      '`on.workflow_call.inputs` does not declare, or without one it requires, is rejected when the workflow starts. Both ' +
      'files are in the repository, so the check runs while the caller is edited: unknown inputs are reported at the key, ' +
      'missing required ones (declared `required: true` with no `default`) at `uses:`. Input names are compared ignoring ' +
      'case, as GitHub does. Actions and workflows of other repositories are not read.',
  },
  messages: {
    unknown: '`{input}` is not an input of `{uses}`{hint}',
    missing: '`{uses}` requires the input `{input}`, which is not given here.',
  },
  check(ctx) {
    const callers: { uses: { value: string; node: Node }; with: Node | undefined }[] = [];
    for (const job of jobInfos(ctx.file)) {
      if (job.uses) callers.push({ uses: job.uses, with: get(job.node, 'with') });
      for (const step of job.steps) {
        const uses = get(step.node, 'uses');
        if (isScalar(uses) && typeof uses.value === 'string') callers.push({ uses: { value: uses.value, node: uses }, with: get(step.node, 'with') });
      }
    }
    for (const caller of callers) {
      const path = localUsesPath(caller.uses.value);
      if (path === undefined) continue;
      const declared = /\.ya?ml$/.test(path) ? workflowInputs(ctx.workspace.file(path)) : actionInputs(ctx, path);
      if (!declared) continue;
      const given = new Set<string>();
      for (const { key } of entries(caller.with)) {
        const name = String(key.value);
        given.add(name.toLowerCase());
        if (declared.some((d) => d.name.toLowerCase() === name.toLowerCase())) continue;
        const close = closest(name, declared.map((d) => d.name));
        ctx.report({ messageId: 'unknown', data: { input: name, uses: caller.uses.value, hint: close ? `; did you mean \`${close}\`?` : '.' }, range: { start: key.range?.[0] ?? 0, end: key.range?.[1] ?? 0 } });
      }
      // A `with:` that is not a mapping (an expression, an alias) may pass anything.
      if (caller.with !== undefined && !isMap(caller.with)) continue;
      for (const d of declared) {
        if (!d.required || given.has(d.name.toLowerCase())) continue;
        const r = caller.uses.node.range;
        ctx.report({ messageId: 'missing', data: { uses: caller.uses.value, input: d.name }, range: { start: r?.[0] ?? 0, end: r?.[1] ?? 0 } });
      }
    }
  },
});

function actionInputs(ctx: { workspace: { file(path: string): SourceFile | undefined } }, dir: string): DeclaredInput[] | undefined {
  const base = dir === '' ? '' : `${dir}/`;
  const file = ctx.workspace.file(`${base}action.yml`) ?? ctx.workspace.file(`${base}action.yaml`);
  const root = cleanRoot(file);
  if (!root) return undefined;
  return inputsOf(get(root, 'inputs'));
}

function workflowInputs(file: SourceFile | undefined): DeclaredInput[] | undefined {
  const root = cleanRoot(file);
  const on = get(root, 'on');
  if (isMap(on)) {
    if (!entries(on).some((e) => e.key.value === 'workflow_call')) return undefined;
    return inputsOf(get(get(on, 'workflow_call'), 'inputs'));
  }
  // `on: workflow_call` (or a list naming it): a reusable workflow without inputs.
  if ((isScalar(on) && on.value === 'workflow_call') || (isSeq(on) && on.items.some((i) => isScalar(i) && i.value === 'workflow_call'))) return [];
  return undefined;
}

/** The root mapping of a file that parsed cleanly; a broken file is not used to judge its callers. */
function cleanRoot(file: SourceFile | undefined): Node | undefined {
  if (!file || file.yaml.errors.length > 0) return undefined;
  const root = file.yaml.documents[0]?.contents;
  return isMap(root) ? (root as Node) : undefined;
}

function inputsOf(node: Node | undefined): DeclaredInput[] {
  return entries(node).map(({ key, value }) => {
    const required = get(value, 'required');
    const isRequired = isScalar(required) && (required.value === true || String(required.value).toLowerCase() === 'true');
    return { name: String(key.value), required: isRequired && get(value, 'default') === undefined };
  });
}
