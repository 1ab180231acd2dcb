import { expect, test } from 'bun:test';
import { DEFAULT_CONFIG, DEFAULT_LIMITS } from '../../server/src/core/config';
import { lint } from '../../server/src/core/engine';
import { parseToml } from '../../server/src/core/parse/toml';
import { SourceFile } from '../../server/src/core/source';

test('a TOML error sits at the parser line and column, with CRLF line ends too', () => {
  for (const eol of ['\n', '\r\n']) {
    const text = ['[package]', 'name = "tool"', 'version = 1 2', ''].join(eol);
    const { error } = parseToml(text);
    expect(error?.message).toBe('each key-value declaration must be followed by an end-of-line');
    expect(text.slice(error?.offset, (error?.offset ?? 0) + 1)).toBe('2');
  }
});

test('a file is parsed once and every rule shares the parse', () => {
  const file = new SourceFile('pyproject.toml', 'package-manifest', '[tool.poetry]\nname = "x"\n');
  expect(file.toml).toBe(file.toml);
  expect(file.toml.value).toEqual({ tool: { poetry: { name: 'x' } } });
});

test('pathological TOML is a toml/syntax finding, never a crash', () => {
  // A line of over 100,000 characters is over the default limit; raised, the parser itself is tested.
  const config = { ...DEFAULT_CONFIG, limits: { ...DEFAULT_LIMITS, maxLineLength: 10_000_000 } };
  for (const text of [`a = ${'['.repeat(100_000)}`, `a = ${'{ b = '.repeat(50_000)}`, `x = """${'a'.repeat(3_000_000)}`]) {
    expect(lint({ path: 'pyproject.toml', text }).findings.map((f) => f.messageId)).toEqual([text.length > 100_000 ? 'lineTooLong' : 'syntax']);
    const started = performance.now();
    const r = lint({ path: 'pyproject.toml', text }, { config });
    expect(r.crashes).toEqual([]);
    expect(r.findings.map((f) => f.ruleId)).toEqual(['toml/syntax']);
    expect(performance.now() - started).toBeLessThan(2000);
  }
});

test('TOML files of every manifest name are checked; TOML-looking text files are not', () => {
  const broken = '[a\n';
  for (const path of ['pyproject.toml', 'Cargo.toml', 'Cargo.lock', 'Pipfile', 'poetry.lock', 'uv.lock', 'Gopkg.toml']) {
    const syntax = lint({ path, text: broken }).findings.filter((f) => f.ruleId === 'toml/syntax');
    expect([path, syntax.map((f) => f.message)]).toEqual([path, ['Table header `[a` is not closed with `]`.']]);
  }
  expect(lint({ path: 'requirements.txt', text: broken }).findings.filter((f) => f.ruleId === 'toml/syntax')).toEqual([]);
});
