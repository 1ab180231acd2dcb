/**
 * Well-run delivery pipelines, one repository per CI system under
 * `test/pipeline/well-run/<kind>/`: checks before every deploy, versioned
 * images, protected production, verification and a way back, pinned actions and
 * images, scoped tokens, secrets from the store. The practice rules must say
 * nothing about them; a finding here is a false alarm.
 */
import { expect, test } from 'bun:test';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { lint } from '../server/src/core/engine';
import { isCandidate, listFiles, loadConfig, readText, workspaceView } from '../server/src/node/workspace';

const ROOT = join(import.meta.dir, 'pipeline', 'well-run');

for (const system of readdirSync(ROOT).sort()) {
  test(`${system}: no pipeline/* finding`, () => {
    const dir = join(ROOT, system);
    const { config } = loadConfig(dir);
    const files = listFiles(dir, config.ignore);
    const workspace = workspaceView(files, dir);
    const found: string[] = [];
    let pipelines = 0;
    for (const path of files) {
      const text = readText(join(dir, path));
      if (text === undefined || !isCandidate(path, config)) continue;
      const r = lint({ path, text }, { config, workspace });
      expect(r.crashes).toEqual([]);
      if (r.kind === system) pipelines++;
      for (const f of r.findings) if (f.ruleId.startsWith('pipeline/')) found.push(`${path} ${f.ruleId} ${f.message}`);
    }
    expect(pipelines).toBeGreaterThan(0);
    expect(found).toEqual([]);
  });
}
