/**
 * The schema rules convert a document without locations first (the value alone)
 * and again with them only when the schema finds an error. Both conversions must
 * give the same value: merges, aliases, Azure template keys spliced in, opaque tags.
 */
import { expect, test } from 'bun:test';
import { SCHEMA_ASSOCIATIONS } from '../../server/src/core/schema/associations';
import { yamlValue } from '../../server/src/core/schema/yaml-value';
import { SourceFile } from '../../server/src/core/source';
import type { FileKind } from '../../server/src/core/types';

const CASES: { kind: FileKind; path: string; text: string }[] = [
  {
    kind: 'gitlab-ci',
    path: '.gitlab-ci.yml',
    text: '.base: &base\n  image: node:22\n  tags: [a]\n.more: &more\n  tags: [b]\n  retry: 2\njob:\n  <<: [*base, *more]\n  tags: [own]\n  script: !reference [.setup, script]\nother:\n  <<: *base\n  script: ["echo $[[ inputs.x ]]"]\n',
  },
  {
    kind: 'azure-pipelines',
    path: 'azure-pipelines.yml',
    text: 'steps:\n  - ${{ if eq(parameters.a, true) }}:\n    - script: echo a\n    - script: echo b\n  - script: echo c\n    ${{ if parameters.b }}:\n      displayName: b\n    ${{ else }}:\n      displayName: c\n',
  },
  { kind: 'compose', path: 'compose.yaml', text: 'x-env: &env\n  A: 1\nservices:\n  web:\n    image: ${IMAGE:-web}\n    environment:\n      <<: *env\n      B: 2\n' },
];

for (const c of CASES) {
  test(`the value without locations equals the value with them: ${c.kind}`, () => {
    const file = new SourceFile(c.path, c.kind, c.text);
    const association = SCHEMA_ASSOCIATIONS.find((a) => a.kind === c.kind);
    expect(association).toBeDefined();
    const doc = file.yaml.documents[0];
    expect(doc.errors).toEqual([]);
    const full = yamlValue(doc, association?.yaml);
    const bare = yamlValue(doc, { ...association?.yaml, locations: false });
    expect(full?.value).toBeDefined();
    expect(bare?.value).toEqual(full?.value);
    expect(bare?.rootOpaque).toBe(full?.rootOpaque);
    // Located: every converted mapping knows its entries; bare: none is recorded.
    expect(full?.origins.get(full.value as object)?.size).toBeGreaterThan(0);
    expect(bare?.origins.get(bare.value as object)).toBeUndefined();
  });
}
