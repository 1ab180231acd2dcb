import { expect, test } from 'bun:test';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { lint } from '../../server/src/core/engine';
import { literalString, objectEntries, parseHcl } from '../../server/src/core/parse/hcl';
import { backtrackingProblem, compileSafeRegex, testBounded } from '../../server/src/core/safe-regex';

test('offsets are UTF-16 code units, also after astral and accented characters', () => {
  const text = '# café 😀 ☕\nname = "ü😀x"\nbroken = = 1\n';
  const doc = parseHcl(text, 'terraform');
  const attr = doc.body.attribute('name');
  expect(attr && text.slice(attr.expression.start, attr.expression.end)).toBe('"ü😀x"');
  expect(literalString(attr?.expression, text)).toBe('ü😀x');
  const f = lint({ path: 'main.tf', text }).findings.find((x) => x.ruleId === 'terraform/syntax');
  // The unexpected line, found where JavaScript counts it: three lines of code units after two astral characters.
  expect(f && text.slice(f.range.start, f.range.end)).toBe('broken = = 1');
  expect(f?.range.start).toBe(text.indexOf('broken'));
});

test('the model: blocks with labels, attributes, objects, escapes', () => {
  const text = 'resource "aws_s3_bucket" "b" {\n  bucket = "a\\"b\\u00e9"\n  tags = { Name = "n", "k-2" = "v", (var.k) = 1 }\n  versioning {\n    enabled = true\n  }\n}\n';
  const doc = parseHcl(text, 'terraform');
  const [block] = doc.body.blocks;
  expect(block?.type).toBe('resource');
  expect(block?.labels.map((l) => l.value)).toEqual(['aws_s3_bucket', 'b']);
  expect(literalString(block?.body.attribute('bucket')?.expression, text)).toBe('a"bé');
  expect(objectEntries(block?.body.attribute('tags')?.expression, text)?.map((e) => e.key)).toEqual(['Name', 'k-2', undefined]);
  expect(block?.body.block('versioning')?.body.attribute('enabled')?.name).toBe('enabled');
  expect(doc.errors).toEqual([]);
});

test('.tfvars is read with the HCL grammar, a BOM and CRLF line ends are no errors', () => {
  expect(lint({ path: 'prod.tfvars', text: '\uFEFFregion = "eu"\r\nsizes = [1, 2]\r\n' }).findings).toEqual([]);
});

test('deep nesting neither overflows the stack nor crashes', () => {
  const text = `x = ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
  const r = lint({ path: 'main.tf', text });
  expect(r.crashes).toEqual([]);
});

test('safe-regex refuses the shapes that backtrack without end and bounds the input', () => {
  for (const p of ['(a+)+$', '^([a-z]+_?)+$', '(\\w*x)*', '(a|ab)*c', '(a|a)+', '(.*){1,32000}', '(x)\\1']) expect(backtrackingProblem(p) ?? compileSafeRegex(p).ok).not.toBe(true);
  for (const p of ['^[a-z][a-z0-9_]*$', '^(dev|prod)-[a-z]+$', '^[a-z]+(-[a-z0-9]+)*$', '(ab|cd)*']) expect(compileSafeRegex(p).ok).toBe(true);
  expect(compileSafeRegex('(').ok).toBe(false);
  const ok = compileSafeRegex('^[a-z_]+$');
  if (!ok.ok) throw new Error('expected a safe pattern');
  expect(testBounded(ok.regex, 'a'.repeat(300))).toBeUndefined();
  expect(testBounded(ok.regex, 'snake_case')).toBe(true);
});

test('a Terraform file linted before the parser is loaded gets one finding that says so, and nothing crashes', () => {
  // Outside `bun test` nothing preloads the parser: a script that lints first, as a shell that forgot to load it would.
  const engine = join(import.meta.dir, '..', '..', 'server', 'src', 'core', 'engine.ts');
  const script = `const { lint } = await import(${JSON.stringify(engine)}); const r = lint({ path: 'main.tf', text: 'resource "a" "b" {\\n' }); console.log(JSON.stringify({ crashes: r.crashes.length, findings: r.findings.map((f) => f.ruleId + ' ' + f.message) }));`;
  const run = spawnSync('bun', ['-e', script], { encoding: 'utf8' });
  expect(JSON.parse(run.stdout)).toEqual({
    crashes: 0,
    findings: ['terraform/syntax This Terraform file was not checked: the HCL parser is not available (it was not loaded before the file was checked).'],
  });
});
