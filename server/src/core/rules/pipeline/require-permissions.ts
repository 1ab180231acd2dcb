import { isScalar, type Node } from 'yaml';
import { deploymentsOf } from '../../parse/pipeline/deploys';
import { workflowTriggers } from '../../parse/pipeline/github';
import { type CiJob, pipelineOf } from '../../parse/pipeline';
import { get, getKey } from '../../parse/yaml';
import { defineRule } from '../../rule';
import type { Fix } from '../../types';

/** Events whose runs hold a write token while reading what anyone may write (pull requests from forks, comments, issues). */
const PRIVILEGED_EVENTS = ['pull_request_target', 'workflow_run', 'issue_comment', 'issues', 'discussion', 'discussion_comment'];
const USES_TOKEN = /\bsecrets\.GITHUB_TOKEN\b|\bgithub\.token\b/i;

export default defineRule({
  id: 'pipeline/require-permissions',
  kinds: ['github-actions'],
  severity: 'warning',
  fix: 'unsafe',
  docs: {
    summary: 'A GitHub workflow that deploys, uses its token or runs on privileged events states its token\'s `permissions:`; none grants `write-all`.',
    rationale:
      'Every job gets a `GITHUB_TOKEN`. Without a `permissions:` block its scopes are the repository\'s default, which for ' +
      'many repositories and organisations is still read and write on everything: any step — a compromised action, a ' +
      'malicious dependency in a build script — can push commits, move tags or publish releases with it. A `permissions:` ' +
      'block at the top (`contents: read`) with more granted per job where needed keeps each job to what it does.\n\n' +
      'Reported:\n\n' +
      '- `permissions: write-all`, wherever it is written;\n' +
      '- a workflow with no top-level `permissions:` and jobs that set none either, when those jobs deploy or publish or ' +
      'use the token (`secrets.GITHUB_TOKEN`, `github.token`), or when the workflow runs on an event that hands a write ' +
      'token to code or text anyone can submit (`pull_request_target`, `workflow_run`, `issue_comment`, `issues`, ' +
      '`discussion`). ' +
      'With `scope: all`, every workflow is held to it, as OpenSSF Scorecard does. A workflow that only builds and tests ' +
      'pull requests gets a read-only token from forks anyway, and is left alone by default.\n\n' +
      'The fix adds `permissions: contents: read` at the top of the workflow. It is not safe: a job that writes (pushes, ' +
      'comments, publishes a release, requests an OIDC token) then needs its own `permissions:` with those scopes.',
  },
  options: {
    type: 'object',
    properties: {
      scope: {
        type: 'string',
        enum: ['privileged', 'all'],
        default: 'privileged',
        description: '`privileged`: only workflows that deploy, use the token or run on privileged events; `all`: every workflow.',
      },
    },
    additionalProperties: false,
  },
  messages: {
    writeAll: '`permissions: write-all` gives the token every write scope; grant only the scopes the jobs need (`contents: read`, plus what each job writes).',
    missing: 'Job(s) {jobs} {why} with the repository\'s default token scopes; add `permissions:` at the top (`contents: read`) and grant more per job where needed.',
  },
  check(ctx) {
    const pipeline = pipelineOf(ctx.file);
    for (const doc of ctx.file.yaml.documents) {
      const root = doc.contents;
      const jobsKey = getKey(root, 'jobs');
      if (!pipeline || !jobsKey) continue;
      const top = get(root, 'permissions');
      for (const node of [top, ...pipeline.jobs.map((j) => get(j.node, 'permissions'))]) {
        if (isScalar(node) && node.value === 'write-all' && node.range) ctx.report({ messageId: 'writeAll', range: { start: node.range[0], end: node.range[1] } });
      }
      if (top !== undefined) continue;
      const privileged = PRIVILEGED_EVENTS.find((e) => workflowTriggers(ctx.file).events.has(e));
      const bare = pipeline.jobs.filter((j) => get(j.node, 'permissions') === undefined);
      const reasons = bare.map((j) => ({ job: j, why: jobReason(ctx.file.text, j, privileged, ctx.options.scope === 'all') })).filter((r) => r.why !== undefined);
      if (reasons.length === 0 || !jobsKey.range) continue;
      const jobs = reasons.map((r) => `\`${r.job.id}\``).join(', ');
      const why = reasons[0].why as string;
      ctx.report({ messageId: 'missing', data: { why, jobs }, range: { start: jobsKey.range[0], end: jobsKey.range[1] }, fixes: addPermissions(ctx.file.text, jobsKey) });
    }
  },
});

/** Why a job without `permissions:` needs them: the workflow's event, or what the job itself does with the token. */
function jobReason(text: string, job: CiJob, privilegedEvent: string | undefined, all: boolean): string | undefined {
  if (privilegedEvent) return `run on \`${privilegedEvent}\``;
  if (deploymentsOf(job).length > 0) return 'deploy or publish';
  const range = job.node?.range;
  if (range && USES_TOKEN.test(text.slice(range[0], range[1]))) return 'use the `GITHUB_TOKEN`';
  return all ? 'run' : undefined;
}

/** `permissions: contents: read` on the lines before a top-level `jobs:`. */
function addPermissions(text: string, jobsKey: Node): Fix[] {
  const start = jobsKey.range?.[0] ?? 0;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (lineStart !== start) return [];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return [{ title: 'Add `permissions: contents: read` at the top of the workflow', safe: false, edits: [{ start, end: start, newText: `permissions:${eol}  contents: read${eol}${eol}` }] }];
}
