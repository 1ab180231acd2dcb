import { composeOf, nodeRange, scalarText } from '../../parse/compose';
import { defineRule } from '../../rule';
import type { OffsetRange } from '../../types';

/** What each setting gives the container, for the message. */
const GRANTS: Record<string, { value: string; grants: string }> = {
  privileged: { value: 'true', grants: 'every device and capability of the host' },
  network_mode: { value: 'host', grants: "the host's network stack" },
  pid: { value: 'host', grants: "the host's processes" },
  ipc: { value: 'host', grants: "the host's shared memory" },
};

/** A comment that gives the reason: `# reason: …`, on the line itself or on a comment line just above it. */
const REASON = /#.*\breason\s*:/i;

function hasReason(text: string, range: OffsetRange): boolean {
  const lineStart = text.lastIndexOf('\n', range.start - 1) + 1;
  let lineEnd = text.indexOf('\n', range.end);
  if (lineEnd < 0) lineEnd = text.length;
  if (REASON.test(text.slice(range.end, lineEnd))) return true;
  if (lineStart === 0) return false;
  const aboveStart = text.lastIndexOf('\n', lineStart - 2) + 1;
  const above = text.slice(aboveStart, lineStart - 1);
  return /^\s*#/.test(above) && REASON.test(above);
}

export default defineRule({
  id: 'compose/no-host-privileges',
  kinds: ['compose'],
  severity: 'warning',
  docs: {
    summary: 'No `privileged: true`, `network_mode: host`, `pid: host` or `ipc: host` without a stated reason.',
    rationale:
      'Each of these takes a wall of the container down: `privileged: true` hands it every device and capability of ' +
      'the host (a process in it can mount the host\'s disks), `network_mode: host` puts it on the host\'s network stack ' +
      '(every port it opens is open on the host, and it reaches services bound to localhost), `pid: host` lets it see ' +
      'and signal the host\'s processes, `ipc: host` share the host\'s memory segments. Some services need one — a CI ' +
      'runner that starts containers, a node exporter — and then the file should say why.\n\n' +
      'The reason is written as a comment starting with `reason:`, on the same line or on a comment line just above ' +
      '(`privileged: true  # reason: Docker-in-Docker for the CI runner`). A bare comment is not enough, since it is ' +
      'as often a note ("# TODO remove") as a reason; the keyword makes the exception easy to find and review. ' +
      '`cap_add` of single capabilities is the narrower alternative to `privileged`.',
  },
  messages: {
    host: 'Service `{service}` sets `{key}: {value}`, giving it {grants}; remove it, or state why in a `# reason: …` comment.',
  },
  check(ctx) {
    for (const service of composeOf(ctx.file).services) {
      for (const [key, { value, grants }] of Object.entries(GRANTS)) {
        const node = service.get(key);
        const range = nodeRange(node);
        if (!range || scalarText(node) !== value) continue;
        // A value written under an anchor is judged where it is written, once per service that uses it.
        if (hasReason(ctx.file.text, range)) continue;
        ctx.report({ messageId: 'host', data: { service: service.name, key, value, grants }, range });
      }
    }
  },
});
