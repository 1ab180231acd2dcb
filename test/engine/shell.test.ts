import { expect, test } from 'bun:test';
import { parseShell, programIndex } from '../../server/src/core/parse/shell';

/** The programs a script runs, each with its arguments, as the rules see them. */
function programs(script: string): string[] {
  return parseShell(script).flatMap((c) => {
    const i = programIndex(c);
    return i === undefined ? [] : [c.words.slice(i).map((w) => w.value).join(' ')];
  });
}

test.each([
  ['npm ci', ['npm ci']],
  ['npm ci && npm test || echo failed; yarn build', ['npm ci', 'npm test', 'echo failed', 'yarn build']],
  ['CI=true npm ci', ['npm ci']],
  ['sudo -E -u builder npm install -g serve', ['npm install -g serve']],
  ['env NODE_ENV=production FOO=1 npm run build', ['npm run build']],
  ['timeout 5m npm test', ['npm test']],
  ['echo "npm ci"', ['echo npm ci']],
  ["printf '%s' 'yarn build' | tee log", ['printf %s yarn build', 'tee log']],
  ['# npm ci\nbun install', ['bun install']],
  ['npm run build # then test', ['npm run build']],
  ['npm \\\n  ci', ['npm ci']],
  ['if npm test; then echo ok; else exit 1; fi', ['npm test', 'echo ok', 'exit 1']],
  ['for p in a b; do npm publish $p; done', ['npm publish $p']],
  ['V=$(npx semver 1.0.0)', ['semver 1.0.0'.replace(/^/, 'npx ')]],
  ['echo "$(yarn --version)"', ['yarn --version', 'echo $(yarn --version)']],
  ['cat <<EOF > notes.md\nrun npm ci here\nEOF\nbun run build', ['cat', 'bun run build']],
  ["bash <<'SH'\nnpm ci\nSH", ['bash', 'npm ci']],
  ['npm ci > install.log 2>&1', ['npm ci']],
  ['(cd web && npm ci)', ['cd web', 'npm ci']],
  ['npm ci &> /dev/null &', ['npm ci']],
  ['FOO=1', []],
  ['echo "unterminated', ['echo unterminated']],
])('%j runs %j', (script, expected) => {
  expect(programs(script)).toEqual(expected);
});

test('word offsets point into the script', () => {
  const script = '  CI=1 npm  ci --silent';
  const [cmd] = parseShell(script);
  const i = programIndex(cmd) as number;
  expect(script.slice(cmd.words[i].start, cmd.words[i].end)).toBe('npm');
  expect(script.slice(cmd.words[i + 2].start, cmd.words[i + 2].end)).toBe('--silent');
});

test('pathological input terminates', () => {
  const nasty = '$('.repeat(2000) + '"'.repeat(3001) + '\\'.repeat(1000) + '<<'.repeat(500);
  expect(Array.isArray(parseShell(nasty))).toBe(true);
});
