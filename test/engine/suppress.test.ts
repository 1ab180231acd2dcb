import { expect, test } from 'bun:test';
import { lint } from '../../server/src/core/engine';
import { SourceFile } from '../../server/src/core/source';
import { canInsertCommentAbove, disableNextLineEdit, fileSuppressions } from '../../server/src/core/suppress';
import type { FileKind } from '../../server/src/core/types';

const JS_BUN = 'package-manager/js-commands';
const PLAN = 'plan/deployment.md';

/** The commands a rule finds in a plan document, as the text they cover. */
function findings(text: string, rule = JS_BUN, path = PLAN): string[] {
  return lint({ path, text })
    .findings.filter((f) => f.ruleId === rule)
    .map((f) => text.slice(f.range.start, f.range.end));
}

/**
 * "Disable for this line" at `needle`, as the editor applies it: the inserted
 * text, and what the engine finds in the file afterwards.
 */
function disable(text: string, needle: string, kind: FileKind = 'plan-doc', path = PLAN, rule = JS_BUN) {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`${needle} not in text`);
  const edit = disableNextLineEdit(new SourceFile(path, kind, text), offset, rule);
  if (!edit) return undefined;
  expect(edit.end).toBe(edit.start);
  const after = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
  return { inserted: edit.newText, after, left: findings(after, rule, path) };
}

test('a ~~~bash fence opened on a list item takes a shell comment, inside the block', () => {
  const text = '# Deploy\n\n- Install:\n- ~~~bash\n  npm ci\n  ~~~\n';
  expect(findings(text)).toEqual(['npm ci']);
  const result = disable(text, 'npm ci');
  expect(result?.inserted).toBe('  # roo-devops-disable-next-line package-manager/js-commands\n');
  expect(result?.after).toBe('# Deploy\n\n- Install:\n- ~~~bash\n  # roo-devops-disable-next-line package-manager/js-commands\n  npm ci\n  ~~~\n');
  expect(result?.left).toEqual([]);
});

test('a ~~~bash fence holding backtick lines is one block: the comment goes inside it', () => {
  const text = ['# Build', '', '~~~bash', "cat > notes.md <<'EOF'", '```', 'EOF', 'npm ci', '~~~', ''].join('\n');
  expect(findings(text)).toEqual(['npm ci']);
  const result = disable(text, 'npm ci');
  expect(result?.inserted).toBe('# roo-devops-disable-next-line package-manager/js-commands\n');
  expect(result?.left).toEqual([]);
});

test('a yaml block in a block quote, with CRLF line endings: a YAML comment after the quote marker', () => {
  const text = '# CI\r\n\r\n> ```yaml\r\n> - name: Install\r\n>   run: npm ci\r\n> ```\r\n';
  expect(findings(text)).toEqual(['npm ci']);
  const result = disable(text, 'npm ci');
  expect(result?.inserted).toBe('>   # roo-devops-disable-next-line package-manager/js-commands\r\n');
  expect(result?.left).toEqual([]);
});

test('a dockerfile block takes a Dockerfile comment', () => {
  const text = '## Image\n\n```dockerfile\nFROM oven/bun:1.1\nRUN npm ci\n```\n';
  const result = disable(text, 'npm ci');
  expect(result?.inserted).toBe('# roo-devops-disable-next-line package-manager/js-commands\n');
  expect(result?.left).toEqual([]);
});

test('no comment where it would change the block, or where the block has no comments', () => {
  // Inside a multi-line plain scalar the line would become part of the command.
  expect(disable('```yaml\n- run: echo start &&\n    npm ci\n```\n', 'npm ci')).toBeUndefined();
  // After a line continuation the comment would end the command.
  expect(disable('```bash\necho start && \\\n  npm ci\n```\n', 'npm ci')).toBeUndefined();
  // A `#` line in a terminal session reads as a root prompt.
  expect(disable('```console\n$ npm ci\n```\n', 'npm ci')).toBeUndefined();
  const at = (text: string, needle: string) => canInsertCommentAbove(new SourceFile(PLAN, 'plan-doc', text), text.indexOf(needle));
  expect(at('```json\n{ "a": "npm ci" }\n```\n', 'npm ci')).toBe(false);
  expect(at('```\nnpm ci\n```\n', 'npm ci')).toBe(false);
  // Prose takes an HTML comment, except between the rows of a table or in indented code.
  expect(at('Intro\nnpm ci in prose\n', 'npm ci')).toBe(true);
  expect(at('| a | b |\n|---|---|\n| npm ci | x |\n', 'npm ci')).toBe(false);
  expect(at('para\n\n    echo\n    npm ci\n', 'npm ci')).toBe(false);
});

test('each block language has its own comment; prose keeps the HTML one', () => {
  const text = ['Intro', '', '```ts', 'run("npm ci")', '```', '', '```groovy', "sh 'npm ci'", '```', ''].join('\n');
  const inserted = (needle: string, rule = 'x/y') => disableNextLineEdit(new SourceFile(PLAN, 'plan-doc', text), text.indexOf(needle), rule)?.newText;
  expect(inserted('run(')).toBe('// roo-devops-disable-next-line x/y\n');
  expect(inserted("sh 'npm")).toBe('// roo-devops-disable-next-line x/y\n');
  expect(inserted('Intro')).toBe('<!-- roo-devops-disable-next-line x/y -->\n');
});

test('the engine reads each line of a Markdown file in the comment syntax it is written in', () => {
  const suppressed = (text: string) => {
    const s = fileSuppressions(new SourceFile(PLAN, 'plan-doc', text));
    return { file: s?.file === 'all' ? 'all' : [...(s?.file ?? [])], lines: [...(s?.lines.keys() ?? [])] };
  };
  // `//` in a TypeScript block targets the line below (and itself, a line that holds only the directive); `#` there is no comment.
  expect(suppressed('```ts\n// roo-devops-disable-next-line x/y\nfoo()\n# roo-devops-disable-next-line x/y\n```\n')).toEqual({ file: [], lines: [2, 1] });
  // An HTML comment inside a bash block is shell text, not a directive.
  expect(suppressed('```bash\n<!-- roo-devops-disable-next-line x/y -->\nnpm ci\n```\n')).toEqual({ file: [], lines: [] });
  // A `#` heading in prose is no directive either.
  expect(suppressed('# roo-devops-disable-next-line x/y\ntext\n')).toEqual({ file: [], lines: [] });
  // A whole-file directive inside a block covers the block's content lines only.
  expect(suppressed('intro\n\n```sh\n# roo-devops-disable x/y\nnpm ci\n```\nafter\n')).toEqual({ file: [], lines: [3, 4] });
  expect(suppressed('<!-- roo-devops-disable x/y -->\n```sh\nnpm ci\n```\n')).toEqual({ file: ['x/y'], lines: [] });
});

test('suppression in plan documents, through the engine', () => {
  const blocks = (first: string) => ['# Plan', '', '```bash', first, 'npm ci', '```', '', '```sh', 'yarn build', '```', ''].join('\n');
  expect(findings(blocks('echo start'))).toEqual(['npm ci', 'yarn build']);
  expect(findings(blocks('# roo-devops-disable-next-line package-manager/js-commands'))).toEqual(['yarn build']);
  expect(findings(blocks('# roo-devops-disable-next-line package-manager/go-modules'))).toEqual(['npm ci', 'yarn build']);
  expect(findings(blocks('<!-- roo-devops-disable-next-line package-manager/js-commands -->'))).toEqual(['npm ci', 'yarn build']);
  // Block-wide: the other block keeps its finding.
  expect(findings(blocks('# roo-devops-disable package-manager/js-commands'))).toEqual(['yarn build']);
  expect(findings(`<!-- roo-devops-disable package-manager/js-commands -->\n${blocks('echo start')}`)).toEqual([]);
  // Above the opening fence, the HTML comment points at the fence line, not into the block.
  expect(findings('<!-- roo-devops-disable-next-line package-manager/js-commands -->\n```bash\nnpm ci\n```\n')).toEqual(['npm ci']);
});

test('outside Markdown the edit keeps the line\'s indentation and line break', () => {
  const text = 'on: push\r\njobs:\r\n  b:\r\n    runs-on: ubuntu-latest\r\n    steps:\r\n      - run: npm ci\r\n';
  const result = disable(text, '- run', 'github-actions', '.github/workflows/ci.yml');
  expect(result?.inserted).toBe('      # roo-devops-disable-next-line package-manager/js-commands\r\n');
  expect(result?.left).toEqual([]);
  expect(disable('{ "scripts": { "ci": "npm ci" } }\n', 'npm ci', 'package-manifest', 'package.json')).toBeUndefined();
});
