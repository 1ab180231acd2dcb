import { expect, test } from 'bun:test';
import { parseMarkdown } from '../../server/src/core/parse/markdown-doc';
import { SourceFile } from '../../server/src/core/source';
import type { OffsetRange } from '../../server/src/core/types';

/** The text a range covers: what every assertion below is about. */
function slicer(text: string) {
  return (r: OffsetRange | undefined) => (r ? text.slice(r.start, r.end) : undefined);
}

function fenceView(text: string) {
  const at = slicer(text);
  return parseMarkdown(text).fences.map((f) => ({
    char: f.char,
    size: f.size,
    info: f.info,
    language: f.language,
    open: at(f.open),
    close: at(f.close),
    content: at(f.content),
    lines: f.lines.map((l) => at({ start: l.start, end: l.start + l.text.length })),
    texts: f.lines.map((l) => l.text),
  }));
}

test('headings: ATX and setext, their depth, text and ranges', () => {
  const text = '# Infrastructure *Architecture*\n\nSetext title\n============\n\n### Empty ###\n\n###\n\n  ## Indented ##  \n';
  const at = slicer(text);
  const doc = parseMarkdown(text);
  expect(doc.headings.map((h) => [h.depth, h.text, at(h.range), at(h.textRange)])).toEqual([
    [1, 'Infrastructure Architecture', '# Infrastructure *Architecture*', 'Infrastructure *Architecture*'],
    [1, 'Setext title', 'Setext title\n============', 'Setext title'],
    [3, 'Empty', '### Empty ###', 'Empty'],
    [3, '', '###', ''],
    [2, 'Indented', '## Indented ##', 'Indented'],
  ]);
  // An empty heading's text range is empty, at the end of its markers.
  const empty = doc.headings[3];
  expect(empty.textRange.start).toBe(empty.range.end);
});

test('sections run to the next top-level heading of the same or a higher level', () => {
  const text = ['# Plan', 'intro', '## Deployment Pipelines', 'a', '### Detail', 'b', '## Scaling Strategy', 'c', '- ## not a section', '# Appendix', 'z', ''].join('\n');
  const at = slicer(text);
  const doc = parseMarkdown(text);
  expect(doc.sections.map((s) => [s.heading.text, at(s.range)])).toEqual([
    ['Plan', text.slice(0, text.indexOf('# Appendix'))],
    ['Deployment Pipelines', '## Deployment Pipelines\na\n### Detail\nb\n'],
    ['Detail', '### Detail\nb\n'],
    ['Scaling Strategy', '## Scaling Strategy\nc\n- ## not a section\n'],
    ['Appendix', '# Appendix\nz\n'],
  ]);
  // The heading inside a list item is a heading, not a section.
  expect(doc.headings.map((h) => h.text)).toContain('not a section');
});

test('fences: backticks and tildes, info strings, opening and closing fence ranges', () => {
  const text = ['```bash title="install"', 'npm ci', '```', '', '~~~~ {.yaml}', '~~~', 'a: 1', '~~~~~', '', '``` js', '```', '', '```', 'x', '```', ''].join('\n');
  expect(fenceView(text)).toEqual([
    { char: '`', size: 3, info: 'bash title="install"', language: 'bash', open: '```bash title="install"', close: '```', content: 'npm ci', lines: ['npm ci'], texts: ['npm ci'] },
    // A shorter fence of the same character is content; a longer one closes.
    { char: '~', size: 4, info: '{.yaml}', language: 'yaml', open: '~~~~ {.yaml}', close: '~~~~~', content: '~~~\na: 1', lines: ['~~~', 'a: 1'], texts: ['~~~', 'a: 1'] },
    { char: '`', size: 3, info: 'js', language: 'js', open: '``` js', close: '```', content: '', lines: [], texts: [] },
    { char: '`', size: 3, info: '', language: '', open: '```', close: '```', content: 'x', lines: ['x'], texts: ['x'] },
  ]);
});

test('fences: a backtick fence with a backtick in its info string is no fence', () => {
  expect(fenceView('```a`b\nnpm ci\n```\n').map((f) => f.open)).toEqual(['```']);
});

test('fences in nested lists and block quotes lose the container prefix, keep their own indentation', () => {
  const text = ['- one', '  1. two', '     ```yaml', '     steps:', '       - run: npm ci', '', '     ```', '> quoted:', '> ~~~sh', '>   yarn', '> ~~~', ''].join('\n');
  expect(fenceView(text)).toEqual([
    {
      char: '`',
      size: 3,
      info: 'yaml',
      language: 'yaml',
      open: '```yaml',
      close: '```',
      content: 'steps:\n       - run: npm ci\n',
      lines: ['steps:', '  - run: npm ci', ''],
      texts: ['steps:', '  - run: npm ci', ''],
    },
    { char: '~', size: 3, info: 'sh', language: 'sh', open: '~~~sh', close: '~~~', content: '  yarn', lines: ['  yarn'], texts: ['  yarn'] },
  ]);
});

test('fences with CRLF line endings, tabs and a byte order mark', () => {
  const text = '\uFEFF# Plan\r\n\r\n- step\r\n\r\n  ```bash\r\n\tnpm ci\r\n  \tyarn\r\n  ```\r\n';
  const [fence] = fenceView(text);
  expect(fence.open).toBe('```bash');
  expect(fence.close).toBe('```');
  // The tab that the list item's indentation half consumes is not content; the words stay on their characters.
  expect(fence.lines).toEqual(['npm ci', '\tyarn']);
  const doc = parseMarkdown(text);
  expect(slicer(text)(doc.headings[0].range)).toBe('# Plan');
  expect(doc.fences[0].lines[0].next).toBe(text.indexOf('  \tyarn'));
});

test('an unclosed fence runs to the end of the file, or of its container', () => {
  const eof = '# Plan\n\n````bash\nnpm ci\n\n```\nyarn\n';
  expect(fenceView(eof)).toEqual([
    { char: '`', size: 4, info: 'bash', language: 'bash', open: '````bash', close: undefined, content: 'npm ci\n\n```\nyarn', lines: ['npm ci', '', '```', 'yarn'], texts: ['npm ci', '', '```', 'yarn'] },
  ]);
  const noNewline = '```sh\nnpm ci';
  expect(fenceView(noNewline)[0]).toMatchObject({ close: undefined, lines: ['npm ci'] });
  // A list item ends its fence when a line is no longer indented into it.
  const list = '- ```sh\n  npm ci\nyarn\n';
  expect(fenceView(list)[0]).toMatchObject({ close: undefined, lines: ['npm ci'] });
});

test('fenceAt: content lines only, never the fence lines or the prose', () => {
  const text = ['intro', '- ~~~bash', '  npm ci', '', '  ```', '  yarn', '  ~~~', 'after', ''].join('\n');
  const doc = parseMarkdown(text);
  const lang = (needle: string) => doc.fenceAt(text.indexOf(needle))?.language;
  expect(lang('npm ci')).toBe('bash');
  expect(lang('  ```')).toBe('bash');
  expect(lang('yarn')).toBe('bash');
  expect(lang('~~~bash')).toBeUndefined();
  expect(lang('  ~~~')).toBeUndefined();
  expect(lang('intro')).toBeUndefined();
  expect(lang('after')).toBeUndefined();
  expect(doc.fenceAt(text.indexOf('\n\n') + 1)?.language).toBe('bash');
});

test('indented code is no fence', () => {
  const doc = parseMarkdown('para\n\n    npm ci\n\n```sh\nyarn\n```\n');
  expect(doc.fences.map((f) => f.language)).toEqual(['sh']);
  expect(doc.indentedCode).toHaveLength(1);
});

test('links: inline, autolinks, images, definitions and references with their ranges', () => {
  const text = ['See [the workflow](.github/workflows/ci.yml "CI") and <https://example.com/x>.', '![diagram](docs/arch.png) [ref][ops] [missing][nope]', '', '[ops]: ./plan/operations.md', '', '`[not](a-link)`', '```', '[nor](this)', '```', ''].join('\n');
  const at = slicer(text);
  expect(parseMarkdown(text).links.map((l) => [l.type, l.url, at(l.range)])).toEqual([
    ['link', '.github/workflows/ci.yml', '[the workflow](.github/workflows/ci.yml "CI")'],
    ['link', 'https://example.com/x', '<https://example.com/x>'],
    ['image', 'docs/arch.png', '![diagram](docs/arch.png)'],
    ['reference', './plan/operations.md', '[ref][ops]'],
    ['definition', './plan/operations.md', '[ops]: ./plan/operations.md'],
  ]);
});

test('tables: rows and cells with their text and ranges', () => {
  const text = ['| Metric | Threshold |', '|:--|--:|', '| CPU | 80 % |', '| `p99` latency | **300 ms** |', '', 'not | a table', ''].join('\n');
  const at = slicer(text);
  const [table] = parseMarkdown(text).tables;
  expect(table.align).toEqual(['left', 'right']);
  expect(at(table.range)).toBe(text.slice(0, text.indexOf('\n\n')));
  expect(table.rows.map((r) => r.cells.map((c) => c.text))).toEqual([
    ['Metric', 'Threshold'],
    ['CPU', '80 %'],
    ['p99 latency', '300 ms'],
  ]);
  expect(at(table.rows[2].range)).toBe('| `p99` latency | **300 ms** |');
  expect(at(table.rows[1].cells[1].range)).toContain('80 %');
});

test('the model is built once per file version and never throws', () => {
  const file = new SourceFile('plan/infrastructure.md', 'plan-doc', '# Plan\n```sh\nnpm ci\n```\n');
  expect(file.markdown).toBe(file.markdown);
  const hostile = ['>'.repeat(5000), '- '.repeat(3000), '`'.repeat(10000), '[]('.repeat(3000), '\u0000\uD800', '|a|\n|-|\n'.repeat(500), '~~~\n'.repeat(2000)];
  for (const text of hostile) {
    const doc = parseMarkdown(text);
    for (const f of doc.fences) expect(f.range.end).toBeLessThanOrEqual(text.length);
  }
});

test('deeply nested containers parse in linear time and keep every offset', () => {
  // Without a cap on nesting, micromark takes minutes over a line of twenty thousand list markers.
  const deep = `${'1. '.repeat(20000)}\n${'> - '.repeat(20000)}\n\n\`\`\`sh\nnpm ci\n\`\`\`\n`;
  const [fence] = fenceView(deep);
  expect(fence.lines).toEqual(['npm ci']);
  expect(parseMarkdown(deep).fences[0].lines[0].start).toBe(deep.indexOf('npm ci'));
  const shallow = '> 1. - quoted list\n>    - ```sh\n>      npm ci\n>      ```\n';
  expect(fenceView(shallow)[0].lines).toEqual(['npm ci']);
});
