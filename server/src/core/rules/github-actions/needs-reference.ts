import { isMap, isScalar, isSeq } from 'yaml';
import { ghaRole } from '../../parse/github-actions';
import { closest } from '../../suggest';
import { type GhaJobInfo, jobInfos, localUsesPath, referencesUnder } from '../../parse/github-actions-refs';
import { entries, get } from '../../parse/yaml';
import { defineRule, type RuleContext } from '../../rule';

export default defineRule({
  id: 'github-actions/needs-reference',
  kinds: ['github-actions'],
  // Not run on code blocks of plan documents: reads the reusable workflows a job calls.
  scope: 'repository',
  severity: 'error',
  docs: {
    summary: '`needs.<job>` names a job listed in the job\'s own `needs:`, and `needs.<job>.outputs.<name>` an output that job declares.',
    rationale:
      'The `needs` context holds only the jobs a job directly depends on, and of each only the outputs it declares under ' +
      '`outputs:`. Anything else evaluates to an empty string without an error: a deploy that reads a version from a job it ' +
      'forgot to list in `needs:`, or from an output that was renamed, runs with an empty value. For a job that calls a ' +
      'reusable workflow, the outputs are read from that workflow\'s `on.workflow_call.outputs` when it is a local file; ' +
      'outputs of a workflow in another repository cannot be seen and are never reported.',
  },
  messages: {
    notNeeded: 'Job `{job}` does not list `{need}` in `needs:`, so `needs.{need}` is empty here.',
    unknownOutput: 'Job `{need}` declares no output `{output}`{hint}',
  },
  check(ctx) {
    if (ghaRole(ctx.file) !== 'workflow') return;
    const jobs = jobInfos(ctx.file);
    const byId = new Map(jobs.map((j) => [j.id.toLowerCase(), j]));
    for (const job of jobs) {
      const needs = new Set(job.needs.map((n) => n.id.toLowerCase()));
      for (const ref of referencesUnder(ctx.file, job.node)) {
        if (ref.context !== 'needs') continue;
        const name = ref.name.toLowerCase();
        if (!needs.has(name)) {
          ctx.report({ messageId: 'notNeeded', data: { job: job.id, need: ref.name }, range: ref.nameRange });
          continue;
        }
        const needed = byId.get(name);
        if (!needed || !ref.output || !ref.outputRange) continue;
        const outputs = declaredOutputs(ctx, needed);
        if (!outputs || outputs.has(ref.output.toLowerCase())) continue;
        const close = closest(ref.output, outputs);
        ctx.report({ messageId: 'unknownOutput', data: { need: needed.id, output: ref.output, hint: close ? `; did you mean \`${close}\`?` : '.' }, range: ref.outputRange });
      }
    }
  },
});

/** Output names of a job, lower-cased; undefined when they cannot be known (a reusable workflow of another repository). */
function declaredOutputs(ctx: RuleContext, job: GhaJobInfo): Set<string> | undefined {
  if (!job.uses) return job.outputs ?? new Set();
  const path = localUsesPath(job.uses.value);
  if (!path) return undefined;
  const called = ctx.workspace.file(path);
  const root = called?.yaml.documents[0]?.contents;
  if (!root || (called?.yaml.errors.length ?? 0) > 0) return undefined;
  const on = get(root, 'on');
  const call = isMap(on) ? get(on, 'workflow_call') : undefined;
  const callsItself = isMap(on) ? entries(on).some((e) => e.key.value === 'workflow_call') : isSeq(on) ? on.items.some((i) => isScalar(i) && i.value === 'workflow_call') : isScalar(on) && on.value === 'workflow_call';
  // Not a reusable workflow at all: the schema of the calling job is what is wrong, not its outputs.
  if (!callsItself) return undefined;
  return new Set(entries(get(call, 'outputs')).map((e) => String(e.key.value).toLowerCase()));
}
