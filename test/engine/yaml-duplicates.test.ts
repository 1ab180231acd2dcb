/**
 * `parseYaml`'s duplicate keys (our one-pass walk) against the YAML library's own
 * `uniqueKeys` check, on mappings nested in every way the library nests them:
 * block and flow, inside sequences, as complex keys, pairs in flow sequences,
 * several documents. `<<` may repeat; everything else reported by the library is
 * reported by us at the same later key, with where it was first written.
 */
import { expect, test } from 'bun:test';
import { parseAllDocuments } from 'yaml';
import { parseYaml } from '../../server/src/core/parse/yaml';

const CASES: Record<string, string> = {
  root: 'a: 1\nb: 2\na: 3\n',
  nested: 'jobs:\n  build:\n    runs-on: x\n    steps: []\n    runs-on: y\n  test:\n    x: 1\n',
  'in a sequence': 'steps:\n  - name: a\n    run: x\n    name: b\n  - name: c\n',
  flow: 'env: { A: 1, B: 2, A: 3 }\nlist: [ { x: 1, x: 2 } ]\n',
  'pair in a flow sequence': 'list: [ a: { k: 1, k: 2 } ]\n',
  'complex key': '? { p: 1, p: 2 }\n: value\n',
  'numbers and strings differ': '1: a\n"1": b\n1: c\n',
  'deep': 'a:\n  b:\n    c:\n      d:\n        e: 1\n        e: 2\n',
  'several documents': 'a: 1\na: 2\n---\nb: 1\nc: 1\nb: 2\n',
  'merge keys repeat': 'base: &b { x: 1 }\nmore: &m { y: 1 }\nout:\n  <<: *b\n  <<: *m\n  z: 1\n',
  'none': 'a:\n  - b: 1\n  - b: 2\nc: { d: 1, e: 2 }\n',
};

for (const [name, text] of Object.entries(CASES)) {
  test(`duplicate keys: ${name}`, () => {
    const ours = parseYaml(text).duplicates.map((d) => [d.start, d.end, d.key]);
    const theirs = parseAllDocuments(text, { uniqueKeys: true })
      .flatMap((doc) => doc.errors.filter((e) => e.code === 'DUPLICATE_KEY'))
      .map((e) => e.pos[0]);
    // `<<` is the one key the library also counts; YAML merge keys may repeat.
    const expected = name === 'merge keys repeat' ? [] : theirs;
    expect(ours.map(([start]) => start)).toEqual(expected);
    if (name !== 'none' && name !== 'merge keys repeat') expect(ours.length).toBeGreaterThan(0);
  });
}

test('a duplicate knows where its key was first written and whether its mapping is the root', () => {
  const [top, inner] = parseYaml('a: 1\nb:\n  c: 1\n  c: 2\na: 3\n').duplicates;
  expect(top).toMatchObject({ key: 'c', root: false, first: { start: 10, end: 11 } });
  expect(inner).toMatchObject({ key: 'a', root: true, first: { start: 0, end: 1 } });
});
