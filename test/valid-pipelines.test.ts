/**
 * The no-false-positive suite: `test/valid-pipelines/<kind>/<case>/` are small
 * repositories written in the shapes real projects use, each valid for its CI
 * system. Linted as the CLI lints a folder, none may get a syntax, schema or
 * structural finding (families `yaml/`, `json/`, `engine/` and the kind's own).
 * The practice rules (`pipeline/*`) and the package-manager policy may speak
 * there; `bun scripts/corpus-report.ts test/valid-pipelines/<kind>` lists them.
 */
import { describe, expect, test } from 'bun:test';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCorpus } from '../scripts/corpus-report';
import { type FileKind, PIPELINE_KINDS } from '../server/src/core/types';

const ROOT = join(import.meta.dir, 'valid-pipelines');
const MIN_CASES = 30;
// Each system's suite lands with its schema; every folder here must be a pipeline kind.
const SYSTEMS = existsSync(ROOT) ? readdirSync(ROOT).sort() : [];

test('each suite is named after a pipeline kind', () => {
  for (const s of SYSTEMS) expect(PIPELINE_KINDS as readonly string[]).toContain(s);
});

for (const kind of SYSTEMS) {
  describe(kind, () => {
    const structuralFamilies = new Set(['yaml', 'json', 'engine', kind]);
    const dir = join(ROOT, kind);
    test(`has at least ${MIN_CASES} cases, each with a file of kind ${kind}`, () => {
      const run = runCorpus(dir);
      expect(run.projects.length).toBeGreaterThanOrEqual(MIN_CASES);
      expect(run.filesPerKind.get(kind as FileKind) ?? 0).toBeGreaterThanOrEqual(run.projects.length);
    });

    test('no syntax, schema or structural finding, and no crash', () => {
      const run = runCorpus(dir);
      expect(run.crashes).toEqual([]);
      const wrong = run.findings
        .filter((f) => structuralFamilies.has(f.finding.ruleId.split('/')[0]))
        .map((f) => `${f.project}/${f.path}:${f.line}:${f.column} ${f.finding.ruleId} ${f.finding.message}`);
      expect(wrong).toEqual([]);
    });
  });
}
