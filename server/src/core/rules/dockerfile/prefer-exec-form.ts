import { dockerfileAst, type DockerInstruction, type DockerStage } from '../../parse/dockerfile';
import { stageLineage } from '../../parse/dockerfile-stages';
import { defineRule } from '../../rule';
import type { SourceFile } from '../../source';

/** Shell syntax a JSON form would not interpret: expansions, operators, redirections, globs, quotes, escapes. */
const SHELL_SYNTAX = /[$&|;<>*?`'"\\(){}[\]~#!]/;

export default defineRule({
  id: 'dockerfile/prefer-exec-form',
  kinds: ['dockerfile'],
  severity: 'warning',
  docs: {
    summary: 'Write `CMD` and `ENTRYPOINT` in exec (JSON) form, `["program", "arg"]`, so the program receives signals.',
    rationale:
      'The shell form `CMD node server.js` runs `/bin/sh -c "node server.js"`: the shell is PID 1, and it does not pass ' +
      '`SIGTERM` on to the program, so `docker stop` waits its ten seconds and kills it without a graceful shutdown. The ' +
      'shell form of `ENTRYPOINT` also ignores `CMD` and `docker run` arguments. The exec form runs the program itself. Where ' +
      'shell features are really needed, `["sh", "-c", "exec …"]` says so.\n\nThe fix rewrites a shell form that uses no ' +
      'shell syntax (no variables, operators, quotes or globs) as its JSON form. It is safe for a `CMD` of a stage without an ' +
      '`ENTRYPOINT`; for an `ENTRYPOINT`, or a `CMD` that is passed to one, the arguments the program receives change, so the ' +
      'fix is offered but not applied by "fix all".',
  },
  messages: {
    shell: '`{keyword}` in shell form runs under `/bin/sh -c`, which does not forward signals; use the exec form `{json}`.',
    shellComplex: '`{keyword}` in shell form runs under `/bin/sh -c`, which does not forward signals; use the exec form, with `["sh", "-c", "exec …"]` where shell syntax is needed.',
  },
  fix: 'mixed',
  check(ctx) {
    const ast = dockerfileAst(ctx.file);
    for (const stage of ast.stages) {
      for (const instruction of stage.instructions) {
        if ((instruction.keyword !== 'CMD' && instruction.keyword !== 'ENTRYPOINT') || instruction.argsStart === undefined) continue;
        if (ctx.file.text[instruction.argsStart] === '[') continue;
        const range = { start: instruction.argsStart, end: instruction.args[instruction.args.length - 1].range.end };
        const words = instruction.args.map((a) => a.value);
        // A leading `NAME=value` is an assignment, which only the shell understands.
        const simple = instruction.lines.length === 1 && !words.some((w) => SHELL_SYNTAX.test(w)) && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]);
        if (!simple) {
          ctx.report({ messageId: 'shellComplex', data: { keyword: instruction.keyword }, range });
          continue;
        }
        const json = `[${words.map((w) => JSON.stringify(w)).join(', ')}]`;
        const safe = instruction.keyword === 'CMD' && !hasEntrypoint(ctx.file, stage);
        ctx.report({ messageId: 'shell', data: { keyword: instruction.keyword, json }, range, fixes: [{ title: `Use \`${json}\``, safe, edits: [{ ...range, newText: json }] }] });
      }
    }
  },
});

function hasEntrypoint(file: SourceFile, stage: DockerStage): boolean {
  return stageLineage(file, stage).some((s) => s.instructions.some((i: DockerInstruction) => i.keyword === 'ENTRYPOINT'));
}
