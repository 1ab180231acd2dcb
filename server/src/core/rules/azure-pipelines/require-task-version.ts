import { azureTaskReferences, isExpression } from '../../parse/azure-structure';
import { defineRule } from '../../rule';

/** `Name@2`, and `Name@2.1` / `Name@2.1.0`, which pin further. */
const VERSIONED = /^[A-Za-z0-9_.-]+@\d+(?:\.\d+){0,2}$/;

export default defineRule({
  id: 'azure-pipelines/require-task-version',
  kinds: ['azure-pipelines'],
  severity: 'error',
  fix: 'safe',
  docs: {
    summary: 'A `task:` step names its task with a major version: `Name@N`.',
    rationale:
      'Azure Pipelines runs the task version a pipeline names, and it requires the major version in YAML: ' +
      '`- task: PublishTestResults@2`. A reference without `@N`, or with a version that is not a number ' +
      '(`Docker@v2`, `Npm@latest`), fails when the run is queued. Minor versions are taken automatically within ' +
      'the major one, so `@N` is the whole contract; `Name@N.M` and `Name@N.M.P` are accepted too.\n\n' +
      'The fix turns `@vN` into `@N`. A reference Azure computes (`${{ parameters.task }}`) is not checked.',
  },
  messages: {
    missing: 'Task `{task}` has no major version; name it as `{name}@<major version>`.',
    malformed: 'Task `{task}` has the version `{version}`, which is not a major version number; name it as `{name}@<major version>`.',
  },
  check(ctx) {
    for (const { node, name } of azureTaskReferences(ctx.file)) {
      const task = name.trim();
      if (task === '' || isExpression(task) || VERSIONED.test(task) || !node.range) continue;
      const range = { start: node.range[0], end: node.range[1] };
      const at = task.lastIndexOf('@');
      if (at < 0 || at === task.length - 1) {
        ctx.report({ messageId: 'missing', data: { task, name: at < 0 ? task : task.slice(0, at) }, range });
        continue;
      }
      const base = task.slice(0, at);
      const version = task.slice(at + 1);
      const vPrefixed = /^[vV](\d+)$/.exec(version);
      const offset = ctx.file.text.indexOf(task, node.range[0]);
      const fixes =
        vPrefixed && offset >= 0 && offset < node.range[1]
          ? [{ title: `Use \`${base}@${vPrefixed[1]}\``, safe: true, edits: [{ start: offset + at + 1, end: offset + at + 2, newText: '' }] }]
          : [];
      ctx.report({ messageId: 'malformed', data: { task, version, name: base }, range, fixes });
    }
  },
});
