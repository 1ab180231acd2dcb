/**
 * Regression net over `test/corpus/`: imaginary repositories written in the style
 * of real public projects, each linted as the CLI lints a folder. The findings
 * must equal `test/corpus/expected.txt`; a new line is a new false positive or a
 * new catch, a missing one a lost catch or a fixed false positive. Review the
 * difference, then `bun scripts/corpus-report.ts --write`.
 */
import { expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { corpusLines, corpusProjects, EXPECTED_PATH, runCorpus } from '../scripts/corpus-report';

test('the corpus has at least 14 projects', () => {
  expect(corpusProjects().length).toBeGreaterThanOrEqual(14);
});

test('no rule crashes on the corpus', () => {
  expect(runCorpus().crashes).toEqual([]);
});

test('corpus findings equal test/corpus/expected.txt (bun scripts/corpus-report.ts --write)', () => {
  const expected = readFileSync(EXPECTED_PATH, 'utf8').split('\n').filter((l) => l !== '');
  expect(corpusLines()).toEqual(expected);
});
