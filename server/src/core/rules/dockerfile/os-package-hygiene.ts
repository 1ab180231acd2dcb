import type { DockerInstruction } from '../../parse/dockerfile';
import { type StageCommand, stageCommands } from '../../parse/dockerfile-stages';
import { defineRule } from '../../rule';
import type { TextEdit } from '../../types';

function cacheMount(instruction: DockerInstruction, target: RegExp): boolean {
  return instruction.flags.some((f) => f.name === 'mount' && /(?:^|,)type=cache(?:,|$)/.test(f.value ?? '') && target.test(f.value ?? ''));
}

/** `-y`, `--yes`, `--assume-yes`, or a cluster of short options holding `y` (`-qy`). */
function assumesYes(argv: readonly string[]): boolean {
  return argv.some((w) => w === '--yes' || w === '--assume-yes' || /^-[a-zA-Z]*y[a-zA-Z]*$/.test(w) || /APT::Get::Assume-Yes=(?:true|1)/i.test(w));
}

function skipsRecommends(argv: readonly string[]): boolean {
  return argv.some((w) => w === '--no-install-recommends' || /APT::Install-Recommends=(?:false|0|no)/i.test(w));
}

export default defineRule({
  id: 'dockerfile/os-package-hygiene',
  kinds: ['dockerfile'],
  severity: 'warning',
  docs: {
    summary: '`apt-get install -y --no-install-recommends` with `rm -rf /var/lib/apt/lists/*` in the same `RUN`; `apk add --no-cache`.',
    rationale:
      'Each `RUN` is a layer, and a file deleted in a later layer still ships in the earlier one. `apt-get update` leaves ' +
      'tens of megabytes of package lists that only a removal in the same `RUN` keeps out of the image; recommended ' +
      'packages, installed by default, bring in what nothing asked for; without `-y` the install waits for an answer no ' +
      'one gives. Alpine\'s `apk add --no-cache` fetches the index without storing it. A BuildKit cache mount on ' +
      '`/var/lib/apt` or `/var/cache/apk` keeps the cache out of the layer too and is accepted.\n\nThe fix adds the missing ' +
      'flags: `-y` and `--no-cache` change nothing but the prompt and the cache (safe); `--no-install-recommends` may leave ' +
      'out a package the build relied on, so a fix that adds it is offered but not applied by "fix all".',
  },
  messages: {
    aptFlags: '`{command}` lacks {missing}.',
    aptLists: '`{command}` leaves the package lists in the layer; end the same `RUN` with `rm -rf /var/lib/apt/lists/*`.',
    apk: '`apk add` keeps its package index in the layer; use `apk add --no-cache`.',
  },
  fix: 'mixed',
  check(ctx) {
    for (const commands of stageCommands(ctx.file).values()) {
      for (const c of commands) {
        if (c.instruction.keyword !== 'RUN') continue;
        const [program, sub] = c.argv;
        const name = program?.replace(/^.*\//, '');
        if ((name === 'apt-get' || name === 'apt') && sub === 'install') apt(c);
        else if ((name === 'apt-get' || name === 'apt') && sub === 'update') aptUpdate(c, commands);
        else if (name === 'apk' && sub === 'add') apk(c, commands);
      }
    }

    function subRange(c: StageCommand) {
      const words = c.found.command.words;
      return { start: c.found.script.toSource(words[c.found.program].start), end: c.found.script.toSource(words[c.found.program + 1].end) };
    }

    function apt(c: StageCommand): void {
      const range = subRange(c);
      const command = `${c.argv[0]} install`;
      const missing: string[] = [];
      if (!assumesYes(c.argv)) missing.push('-y');
      if (!skipsRecommends(c.argv)) missing.push('--no-install-recommends');
      if (missing.length > 0) {
        const edit: TextEdit = { start: range.end, end: range.end, newText: ` ${missing.join(' ')}` };
        const safe = !missing.includes('--no-install-recommends');
        ctx.report({
          messageId: 'aptFlags',
          data: { command, missing: missing.map((m) => `\`${m}\``).join(' and ') },
          range,
          fixes: [{ title: `Add ${missing.map((m) => `\`${m}\``).join(' ')}`, safe, edits: [edit] }],
        });
      }
    }

    /** The lists come from `apt-get update`: they leave the layer only when the same `RUN` removes them. */
    function aptUpdate(c: StageCommand, all: readonly StageCommand[]): void {
      const cleaned = all.some((o) => o.instruction === c.instruction && o.argv[0] === 'rm' && o.argv.some((w) => w.startsWith('/var/lib/apt/lists')));
      if (cleaned || cacheMount(c.instruction, /target=\/var\/lib\/apt(?:\/lists)?\/?(?:,|$)/)) return;
      ctx.report({ messageId: 'aptLists', data: { command: `${c.argv[0]} update` }, range: subRange(c) });
    }

    function apk(c: StageCommand, all: readonly StageCommand[]): void {
      if (c.argv.includes('--no-cache')) return;
      if (cacheMount(c.instruction, /target=\/var\/cache\/apk/)) return;
      if (all.some((o) => o.instruction === c.instruction && o.argv[0] === 'rm' && o.argv.some((w) => w.startsWith('/var/cache/apk')))) return;
      const range = subRange(c);
      ctx.report({ messageId: 'apk', range, fixes: [{ title: 'Add `--no-cache`', safe: true, edits: [{ start: range.end, end: range.end, newText: ' --no-cache' }] }] });
    }
  },
});
