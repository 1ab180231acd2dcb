/**
 * The no-false-positive suite for containers and infrastructure as code:
 * `test/valid-infra/<kind>/<case>/` are small repositories in the shapes of real
 * public modules, charts, images and templates, each valid for its tool. Linted
 * as the CLI lints a folder, none may get a syntax or schema finding: the
 * families `yaml/`, `json/`, `engine/`, and the kind's structural rules listed
 * in `STRUCTURAL` (its parser and schema, and references that must resolve).
 * The practice rules may speak there; `bun scripts/corpus-report.ts
 * test/valid-infra/<kind>` lists them, and the note judges each.
 */
import { describe, expect, test } from 'bun:test';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCorpus } from '../scripts/corpus-report';
import type { FileKind } from '../server/src/core/types';

const ROOT = join(import.meta.dir, 'valid-infra');
const MIN_CASES = 20;
/** Kinds the issue asks fewer cases of. */
const MIN_CASES_OF: Partial<Record<FileKind, number>> = { pulumi: 5, arm: 5, 'plan-doc': 8, roomodes: 15 };

/** Per kind, the rules that judge whether the file is well-formed (not whether it follows a practice). */
const STRUCTURAL: Partial<Record<FileKind, readonly string[]>> = {
  terraform: ['terraform/syntax'],
  cloudformation: ['cloudformation/schema', 'cloudformation/no-undefined-reference'],
  dockerfile: ['dockerfile/syntax'],
  compose: ['compose/schema', 'compose/no-undefined-service'],
  pulumi: ['pulumi/schema'],
  arm: ['arm/schema'],
  kubernetes: ['kubernetes/schema'],
  'plan-doc': ['plan/sections', 'plan/no-broken-links'],
  roomodes: ['roomodes/schema', 'roomodes/no-invalid-file-regex', 'roomodes/no-duplicate-group', 'roomodes/no-duplicate-slug'],
};

const KINDS = existsSync(ROOT) ? readdirSync(ROOT).sort() : [];

test('each suite is named after a kind with structural rules', () => {
  for (const k of KINDS) expect(Object.keys(STRUCTURAL)).toContain(k);
});

for (const kind of KINDS) {
  describe(kind, () => {
    const structural = new Set(STRUCTURAL[kind as FileKind] ?? []);
    const dir = join(ROOT, kind);
    const min = MIN_CASES_OF[kind as FileKind] ?? MIN_CASES;
    test(`has at least ${min} cases, each with a file of kind ${kind}`, () => {
      const run = runCorpus(dir);
      expect(run.projects.length).toBeGreaterThanOrEqual(min);
      expect(run.filesPerKind.get(kind as FileKind) ?? 0).toBeGreaterThanOrEqual(run.projects.length);
    });

    test('no syntax or schema finding, and no crash', () => {
      const run = runCorpus(dir);
      expect(run.crashes).toEqual([]);
      const wrong = run.findings
        .filter((f) => ['yaml', 'json', 'engine'].includes(f.finding.ruleId.split('/')[0]) || structural.has(f.finding.ruleId))
        .map((f) => `${f.project}/${f.path}:${f.line}:${f.column} ${f.finding.ruleId} ${f.finding.message}`);
      expect(wrong).toEqual([]);
    });
  });
}
