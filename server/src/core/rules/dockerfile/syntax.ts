import { dockerfileAst, type DockerInstruction } from '../../parse/dockerfile';
import { defineRule } from '../../rule';
import { closest } from '../../suggest';

/** Every instruction Docker (BuildKit) knows. */
const INSTRUCTIONS = [
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
];
const KNOWN = new Set(INSTRUCTIONS);
/** Instructions Docker accepts without arguments (an empty `CMD` clears the inherited one). */
const ARGUMENTS_OPTIONAL = new Set(['CMD', 'ENTRYPOINT']);
/** Instructions whose arguments may be a JSON array; a `[` that is not one is read as a shell command. */
const JSON_FORMS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'COPY', 'ADD', 'VOLUME']);
/** Instructions `ONBUILD` refuses to register. */
const NOT_TRIGGERS = new Set(['ONBUILD', 'FROM', 'MAINTAINER']);

/**
 * A `[` that was meant to open a JSON form: `['npm', 'start']`, `["npm" "start"]`.
 * The shell's test command `[ -f x ]` is followed by a blank and has no quoted
 * first element followed by a comma, so `RUN [ -f /etc/x ] || exit 1` is not one.
 */
function meantAsJson(args: string): boolean {
  if (!args.startsWith('[')) return false;
  return !/^\[[ \t]/.test(args) || /^\[\s*(['"])[^'"]*\1\s*,/.test(args);
}

export default defineRule({
  id: 'dockerfile/syntax',
  kinds: ['dockerfile'],
  severity: 'error',
  docs: {
    summary: 'A Dockerfile must be one Docker can build: known instructions with their arguments, a `FROM` first, closed here-documents and well-formed JSON forms.',
    rationale:
      'Docker stops the whole build at the first instruction it cannot read, often only in CI. Reported here, each at its ' +
      'place: a word that is no instruction (with the closest one), an instruction without the arguments it needs, `FROM` ' +
      'with other than an image and an optional `AS name`, any instruction but `ARG` before the first `FROM`, a ' +
      'here-document whose closing line never comes, `SHELL` not in JSON form, and `ONBUILD ONBUILD`/`FROM`/`MAINTAINER`. ' +
      'A `[` that does not open valid JSON (single quotes, a missing comma) is not an error for Docker: it silently runs the ' +
      'whole text through `/bin/sh -c` instead, which is never what was meant, so it is reported too.',
  },
  messages: {
    unknown: 'Unknown instruction `{keyword}`{hint}',
    noArguments: '`{keyword}` needs arguments.',
    fromShape: '`FROM` takes an image and optionally `AS name`, not `{text}`.',
    beforeFrom: '`{keyword}` comes before the first `FROM`; only `ARG` may.',
    heredoc: 'The here-document `{marker}` is never closed by a line `{delimiter}`.',
    json: 'The arguments of `{keyword}` start with `[` but are not a JSON array of double-quoted strings; Docker would run them as a shell command.',
    shellJson: '`SHELL` takes a JSON array of strings, such as `["/bin/bash", "-c"]`.',
    trigger: '`ONBUILD` cannot register `{keyword}`.',
  },
  check(ctx) {
    const { text } = ctx.file;
    const ast = dockerfileAst(ctx.file);
    let seenFrom = false;
    let reportedOrder = false;
    for (const outer of ast.instructions) {
      if (outer.keyword === 'FROM') seenFrom = true;
      else if (!seenFrom && outer.keyword !== 'ARG' && KNOWN.has(outer.keyword) && !reportedOrder) {
        reportedOrder = true;
        ctx.report({ messageId: 'beforeFrom', data: { keyword: outer.keyword }, range: outer.keywordRange });
      }
      if (outer.trigger && NOT_TRIGGERS.has(outer.trigger.keyword)) {
        ctx.report({ messageId: 'trigger', data: { keyword: outer.trigger.keyword }, range: outer.trigger.keywordRange });
        continue;
      }
      for (const instruction of outer.trigger ? [outer, outer.trigger] : [outer]) checkOne(instruction);
    }

    function checkOne(instruction: DockerInstruction): void {
      const { keyword } = instruction;
      if (!KNOWN.has(keyword)) {
        const near = closest(keyword, INSTRUCTIONS);
        const hint = near ? `; did you mean \`${near}\`?` : '.';
        ctx.report({ messageId: 'unknown', data: { keyword: text.slice(instruction.keywordRange.start, instruction.keywordRange.end), hint }, range: instruction.keywordRange });
        return;
      }
      const hasArguments = instruction.args.length > 0 || (keyword === 'ONBUILD' && instruction.trigger);
      if (!hasArguments && !ARGUMENTS_OPTIONAL.has(keyword)) {
        ctx.report({ messageId: 'noArguments', data: { keyword }, range: instruction.keywordRange });
        return;
      }
      if (keyword === 'FROM' && instruction.args.length !== 1 && !(instruction.args.length === 3 && /^as$/i.test(instruction.args[1].value))) {
        const first = instruction.args[0].range.start;
        const last = instruction.args[instruction.args.length - 1].range.end;
        ctx.report({ messageId: 'fromShape', data: { text: text.slice(first, last) }, range: { start: first, end: last } });
      }
      for (const h of instruction.heredocs) {
        if (!h.terminated) ctx.report({ messageId: 'heredoc', data: { marker: text.slice(h.marker.start, h.marker.end), delimiter: h.delimiter }, range: h.marker });
      }
      if (instruction.argsStart !== undefined && JSON_FORMS.has(keyword) && !instruction.exec) {
        const args = { start: instruction.argsStart, end: instruction.args[instruction.args.length - 1].range.end };
        if (keyword === 'SHELL') ctx.report({ messageId: 'shellJson', range: args });
        else if (meantAsJson(text.slice(args.start, args.end)) && instruction.heredocs.length === 0) ctx.report({ messageId: 'json', data: { keyword }, range: args });
      }
    }
  },
});
