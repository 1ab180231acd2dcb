/**
 * The deliberately broken example pipelines: an `examples/broken-pipelines/<kind>/`
 * folder with an `expected.txt` holds a small repository whose pipeline file marks
 * each mistake with a trailing comment. Linted as the CLI lints a folder, every
 * marked line gets a finding of the kind's own rules and no unmarked line does, and
 * the findings equal `expected.txt` (`UPDATE_FIXTURES=1` rewrites it for review).
 */
import { describe, expect, test } from 'bun:test';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusProjects, findingLines, runCorpus } from '../scripts/corpus-report';

const ROOT = join(import.meta.dir, '..', 'examples', 'broken-pipelines');
const UPDATE = process.env.UPDATE_FIXTURES === '1';
const run = runCorpus(ROOT);

/** Lines ending in a `# …` comment after some YAML: the marked mistakes, as `path:line`. */
function markedLines(project: string): Set<string> {
  const out = new Set<string>();
  for (const f of run.findings.filter((x) => x.project === project)) {
    const lines = readFileSync(join(ROOT, project, f.path), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (/\S\s+#\s/.test(line) && !/^\s*#/.test(line)) out.add(`${f.path}:${i + 1}`);
    });
  }
  return out;
}

const marked = corpusProjects(ROOT).filter((project) => existsSync(join(ROOT, project, 'expected.txt')));

test('the examples of every CI system follow the convention', () => {
  expect(marked).toEqual(expect.arrayContaining(['azure-pipelines', 'bitbucket-pipelines', 'circleci', 'gitlab-ci']));
});

for (const project of marked) {
  describe(project, () => {
    const own = run.findings.filter((f) => f.project === project && f.finding.ruleId.startsWith(`${project}/`));

    test('every marked line has a finding of the kind\'s rules, and no other line does', () => {
      expect(run.crashes).toEqual([]);
      const marked = markedLines(project);
      expect(marked.size).toBeGreaterThan(3);
      const found = new Set(own.map((f) => `${f.path}:${f.line}`));
      expect([...found].filter((l) => !marked.has(l))).toEqual([]);
      expect([...marked].filter((l) => !found.has(l))).toEqual([]);
    });

    test('the findings are those of expected.txt', () => {
      const expectedPath = join(ROOT, project, 'expected.txt');
      const actual = findingLines({ ...run, findings: run.findings.filter((f) => f.project === project) })
        .map((l) => l.slice(project.length + 1))
        .join('\n');
      if (UPDATE) writeFileSync(expectedPath, `${actual}\n`);
      expect(existsSync(expectedPath)).toBe(true);
      expect(`${actual}\n`).toBe(readFileSync(expectedPath, 'utf8'));
    });
  });
}
