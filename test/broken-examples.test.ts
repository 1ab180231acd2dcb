/**
 * The deliberately broken examples: an `examples/broken-pipelines/<kind>/` or
 * `examples/broken-infra/<kind>/` folder with an `expected.txt` holds a small
 * repository whose files mark each mistake. Linted as the CLI lints a folder,
 * every marked line gets a finding of the kind's own rules (family `<kind>/`)
 * and no unmarked line does, and the findings equal `expected.txt`
 * (`UPDATE_FIXTURES=1` rewrites it for review).
 *
 * A mistake is marked by a trailing `# …` comment after some content, or, where
 * the format has no trailing comments (a Dockerfile instruction takes the rest
 * of its line as arguments), by a whole-line comment `# ↓ …` just above it.
 */
import { describe, expect, test } from 'bun:test';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusProjects, findingLines, runCorpus } from '../scripts/corpus-report';

const EXAMPLES = join(import.meta.dir, '..', 'examples');
const UPDATE = process.env.UPDATE_FIXTURES === '1';

/** The lines a file marks as mistakes, 1-based. */
export function markedLinesOf(text: string): number[] {
  const lines = text.split('\n');
  const out: number[] = [];
  lines.forEach((line, i) => {
    if (/^\s*#\s*↓/.test(line)) {
      if (i + 1 < lines.length) out.push(i + 2);
    } else if (/\S\s+#\s/.test(line) && !/^\s*#/.test(line)) out.push(i + 1);
  });
  return out;
}

function suite(folder: string, required: string[]): void {
  const root = join(EXAMPLES, folder);
  if (!existsSync(root)) return;
  const run = runCorpus(root);

  /** The marked mistakes of the files that have findings, as `path:line`. */
  function markedLines(project: string): Set<string> {
    const out = new Set<string>();
    for (const f of run.findings.filter((x) => x.project === project)) {
      for (const n of markedLinesOf(readFileSync(join(root, project, f.path), 'utf8'))) out.add(`${f.path}:${n}`);
    }
    return out;
  }

  const marked = corpusProjects(root).filter((project) => existsSync(join(root, project, 'expected.txt')));

  test(`${folder}: the examples of every kind follow the convention`, () => {
    expect(marked).toEqual(expect.arrayContaining(required));
  });

  for (const project of marked) {
    describe(`${folder}/${project}`, () => {
      const own = run.findings.filter((f) => f.project === project && f.finding.ruleId.startsWith(`${project}/`));

      test("every marked line has a finding of the kind's rules, and no other line does", () => {
        expect(run.crashes).toEqual([]);
        const marked = markedLines(project);
        expect(marked.size).toBeGreaterThan(3);
        const found = new Set(own.map((f) => `${f.path}:${f.line}`));
        expect([...found].filter((l) => !marked.has(l))).toEqual([]);
        expect([...marked].filter((l) => !found.has(l))).toEqual([]);
      });

      test('the findings are those of expected.txt', () => {
        const expectedPath = join(root, project, 'expected.txt');
        const actual = findingLines({ ...run, findings: run.findings.filter((f) => f.project === project) })
          .map((l) => l.slice(project.length + 1))
          .join('\n');
        if (UPDATE) writeFileSync(expectedPath, `${actual}\n`);
        expect(existsSync(expectedPath)).toBe(true);
        expect(`${actual}\n`).toBe(readFileSync(expectedPath, 'utf8'));
      });
    });
  }
}

test('a mistake is marked by a trailing comment or by a `# ↓` line above it', () => {
  expect(markedLinesOf('a: 1 # wrong\n# a comment\nb: 2\n# ↓ next line\nFROM node\n')).toEqual([1, 5]);
});

suite('broken-pipelines', ['azure-pipelines', 'bitbucket-pipelines', 'circleci', 'gitlab-ci']);
// Each container/IaC kind's example lands with its rules; the list grows with them.
suite('broken-infra', ['arm', 'cloudformation', 'compose', 'dockerfile', 'kubernetes', 'pulumi', 'roomodes', 'terraform']);
