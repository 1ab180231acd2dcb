import { shellCommands, wordsRange } from '../../parse/commands';
import { translateJs, JS_TOOLS } from '../../policy/javascript';
import { defineRule } from '../../rule';
import type { Fix } from '../../types';

const TOOL_NAMES: Record<string, string> = { npm: 'npm', npx: 'npx', yarn: 'Yarn', pnpm: 'pnpm', pnpx: 'pnpx' };

export default defineRule({
  id: 'package-manager/js-bun',
  kinds: ['github-actions'],
  severity: 'error',
  fix: 'safe',
  docs: {
    summary: 'JavaScript and TypeScript dependencies and scripts go through Bun, not npm, Yarn, pnpm or npx.',
    rationale:
      'The team standard is one package manager per ecosystem, and for JavaScript/TypeScript it is Bun: one lockfile ' +
      '(`bun.lock`), one resolution, one install speed in CI and on laptops. A step that calls npm, Yarn or pnpm resolves ' +
      'dependencies from a different lockfile (or none) and can ship a different tree than the one tested.\n\n' +
      'The check reads the commands a step really runs: words inside quoted strings (`echo "npm ci"`), comments, ' +
      'here-document bodies, `bunx npm-check-updates` and package names that merely contain `npm` are not commands and ' +
      'are left alone. `npm install -g bun`, the usual way to bootstrap Bun itself, is allowed.\n\n' +
      'The fix rewrites the command and carries over the flags that have a Bun spelling: `npm ci` becomes ' +
      '`bun install --frozen-lockfile`, `npm install -D x` becomes `bun add -d x`, `npm test` becomes `bun run test` ' +
      '(not `bun test`, which is Bun\'s own test runner), `npx x` becomes `bunx x`. Commands without a faithful Bun ' +
      'equivalent, such as `npm publish`, are reported without a fix.',
  },
  messages: {
    replace: '`{command}` uses {tool}; use `{replacement}` instead.',
    noRewrite: '`{command}` uses {tool}; Bun is the JavaScript package manager here, and no rewrite is offered because {reason}.',
  },
  check(ctx) {
    for (const found of shellCommands(ctx.file)) {
      const { command, program } = found;
      const tool = command.words[program];
      if (tool.quoted || !JS_TOOLS.has(tool.value)) continue;
      // Raw words keep their quoting, so carried-over arguments are pasted back exactly.
      const args = command.words.slice(program + 1).map((w) => found.script.text.slice(w.start, w.end));
      const t = translateJs(tool.value, args);
      if (!t) continue;
      const last = Math.min(command.words.length - 1, program + t.highlight - 1);
      const range = wordsRange(found, program, last);
      const shown = ctx.file.text.slice(range.start, range.end).replace(/\s+/g, ' ');
      const fixes: Fix[] = [];
      if (t.replacement && contiguous(found.script.text, command.words.slice(program))) {
        const whole = wordsRange(found, program, command.words.length - 1);
        fixes.push({ title: `Use \`${t.replacement}\``, safe: true, edits: [{ ...whole, newText: t.replacement }] });
      }
      if (t.replacement) {
        ctx.report({ messageId: 'replace', data: { command: shown, tool: TOOL_NAMES[tool.value], replacement: t.replacement }, range, fixes });
      } else {
        ctx.report({ messageId: 'noRewrite', data: { command: shown, tool: TOOL_NAMES[tool.value], reason: t.reason ?? 'no Bun command matches it' }, range });
      }
    }
  },
});

/**
 * True when only blanks and line continuations separate the words, so that the
 * span from first to last can be replaced without dropping a redirection.
 */
function contiguous(script: string, words: readonly { start: number; end: number }[]): boolean {
  for (let i = 1; i < words.length; i++) {
    if (!/^(?:[ \t]|\\\r?\n)*$/.test(script.slice(words[i - 1].end, words[i].start))) return false;
  }
  return true;
}
