/**
 * Aliases are resolved for validation through the pipeline readers' anchor table
 * (a binary search per alias), not by the YAML library's walk of the whole
 * document per alias, which took seconds on CircleCI configurations that reuse
 * anchors a few hundred times.
 */
import { expect, test } from 'bun:test';
import { anchorLookupStats } from '../../server/src/core/parse/yaml-scripts';
import { yamlValue } from '../../server/src/core/schema/yaml-value';
import { SourceFile } from '../../server/src/core/source';

test('each alias costs a few probes of the anchor table, whatever the size of the document', () => {
  const anchors = 200;
  const uses = 2_000;
  let text = 'aliases:\n';
  for (let i = 0; i < anchors; i++) text += `  - &a${i}\n    run: echo ${i}\n`;
  text += 'steps:\n';
  for (let i = 0; i < uses; i++) text += `  - *a${i % anchors}\n`;
  const file = new SourceFile('.circleci/config.yml', 'circleci', text);
  const before = anchorLookupStats.probes;
  const value = yamlValue(file.yaml.documents[0]) as { value: { steps: { run: string }[] } };
  const probes = anchorLookupStats.probes - before;
  expect(value.value.steps).toHaveLength(uses);
  expect(value.value.steps[uses - 1]).toEqual({ run: `echo ${(uses - 1) % anchors}` });
  // One binary search per alias node among the definitions of its name (one each here).
  expect(probes).toBeLessThanOrEqual(uses * 4);
  expect(probes).toBeGreaterThan(0);
});
