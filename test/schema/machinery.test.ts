/**
 * The schema machinery on a small pipeline schema: errors mapped to the node that
 * caused them, in sentences, unions reduced to the closest form, and the YAML
 * features real pipelines use (anchors, merges, opaque tags, template keys) never
 * reported. The schema is compiled here with the options the build uses.
 */
import { describe, expect, test } from 'bun:test';
import Ajv from 'ajv';
import type { SchemaAssociation } from '../../server/src/core/schema/associations';
import { type SchemaValidator, validateYaml } from '../../server/src/core/schema/validate';
import { SourceFile } from '../../server/src/core/source';

const schema = {
  title: 'pipeline',
  type: 'object',
  properties: {
    stages: { type: 'array', items: { type: 'string' }, minItems: 1 },
    include: { anyOf: [{ type: 'string' }, { $ref: '#/definitions/include' }, { type: 'array', items: { anyOf: [{ type: 'string' }, { $ref: '#/definitions/include' }] } }] },
  },
  patternProperties: { '^\\.': {} },
  additionalProperties: { $ref: '#/definitions/job' },
  definitions: {
    include: {
      anyOf: [
        { title: 'include', type: 'object', properties: { local: { type: 'string' }, rules: { type: 'array' } }, required: ['local'], additionalProperties: false },
        { title: 'include', type: 'object', properties: { remote: { type: 'string' } }, required: ['remote'], additionalProperties: false },
        { title: 'include', type: 'object', properties: { project: { type: 'string' }, file: { type: 'string' } }, required: ['project', 'file'], additionalProperties: false },
      ],
    },
    job: {
      title: 'job',
      type: 'object',
      properties: {
        script: { anyOf: [{ type: 'string' }, { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] } }] },
        stage: { type: 'string' },
        when: { enum: ['on_success', 'manual', 'always', 'never'] },
        parallel: { type: 'integer', minimum: 1 },
        needs: { type: 'array', items: { type: 'string' } },
        services: { type: 'array', items: { title: 'service', type: 'object', properties: { name: { type: 'string' }, alias: { type: 'string' } }, additionalProperties: false } },
        artifacts: { type: 'object', properties: { paths: { type: 'array' }, expire_in: { type: 'string' } }, additionalProperties: false },
      },
      required: ['script'],
      additionalProperties: false,
    },
  },
};

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
const compiled = ajv.compile(schema);
const validator: SchemaValidator = { validate: compiled as unknown as SchemaValidator['validate'], schema };

function problems(text: string, yaml: SchemaAssociation['yaml'] = { opaqueTags: ['!reference'], opaqueScalar: /\$\{\{/, templateKey: /^\$\{\{.*\}\}$/ }) {
  const file = new SourceFile('pipeline.yml', 'gitlab-ci', text);
  const found = validateYaml(file, { kind: 'gitlab-ci', schema: 'test', yaml }, () => validator);
  return found.map((p) => `${text.slice(p.start, p.end)} | ${p.message}`);
}

describe('schema errors at the node, in sentences', () => {
  test('an unknown key is reported at the key, with the closest valid key', () => {
    // The missing `script` is the same mistake as the typo: said once.
    expect(problems('test:\n  scirpt: echo hi\n')).toEqual(['scirpt | Unknown key `scirpt` in job `test`; did you mean `script`?']);
    expect(problems('test:\n  stage: test\n')).toEqual(['test | Job `test` is missing the required key `script`.']);
  });

  test('a wrong value names what is allowed and suggests the closest', () => {
    expect(problems('deploy:\n  script: ./deploy\n  when: maunal\n')).toEqual([
      'maunal | `when` in job `deploy` must be one of `on_success`, `manual`, `always` or `never`, not `maunal`; did you mean `manual`?',
    ]);
  });

  test('a value of no accepted type gets one sentence naming every accepted form', () => {
    expect(problems('test:\n  script: 3\n')).toEqual(['3 | `script` in job `test` must be a string or a list, not a whole number.']);
  });

  test('a union of mappings reports the closest form once, suggesting from every form', () => {
    expect(problems('include:\n  - loacl: ci/a.yml\n')).toEqual(['loacl | Unknown key `loacl` in include 1 of `include`; did you mean `local`?']);
    expect(problems('include:\n  - project: group/ci\n')).toEqual(['project: group/ci | Include 1 of `include` is missing the required key `file`.']);
    expect(problems('include:\n  project: group/ci\n  file: a.yml\n  rev: main\n')).toEqual(['rev | Unknown key `rev` in `include`; expected `project` or `file`.']);
    expect(problems('include:\n  - local: ci/a.yml\n    rulez: []\n')).toEqual(['rulez | Unknown key `rulez` in include 1 of `include`; did you mean `rules`?']);
  });

  test('list items and numbers are named by their place', () => {
    expect(problems('test:\n  script: [a, [b, 2]]\n  parallel: 0\n')).toEqual([
      '2 | Item 2 of `1` in `script` in job `test` must be a string, not a whole number.',
      '0 | `parallel` in job `test` must be >= 1, not `0`.',
    ]);
  });

  test('a list item is named by its own name when it has one', () => {
    expect(problems('test:\n  script: x\n  services:\n    - name: postgres:16\n      alais: db\n    - alias: cache\n      nmae: redis\n')).toEqual([
      'alais | Unknown key `alais` in service `postgres:16`; did you mean `alias`?',
      'nmae | Unknown key `nmae` in service 2 of `services` in job `test`; did you mean `name`?',
    ]);
  });

  test('a key written without its suffix is completed', () => {
    expect(problems('test:\n  script: x\n  artifacts:\n    expire: 1 week\n')).toEqual([
      'expire | Unknown key `expire` in `artifacts` in job `test`; did you mean `expire_in`?',
    ]);
  });

  test('a missing key of the document itself points at its first line', () => {
    const workflow = { title: 'workflow', type: 'object', properties: { jobs: { type: 'object' } }, required: ['jobs'] };
    const strict: SchemaValidator = { validate: ajv.compile(workflow) as never, schema: workflow };
    const file = new SourceFile('w.yml', 'github-actions', 'name: x\non: push\n');
    expect(validateYaml(file, { kind: 'github-actions', schema: 's' }, () => strict).map((p) => p.message)).toEqual(['The workflow is missing the required key `jobs`.']);
  });
});

describe('YAML features real pipelines use are not errors', () => {
  test('anchors, aliases and `<<` merges are resolved; an error inside an anchor is reported where it is written, once', () => {
    const text = '.base: &base\n  stage: test\n  scirpt: x\ntest:\n  <<: *base\n  script: echo\nlint:\n  <<: *base\n  script: echo\n';
    expect(problems(text)).toEqual(['scirpt | Unknown key `scirpt` in job `test`; did you mean `script`?']);
    expect(problems('.defaults: &d\n  stage: test\ntest:\n  <<: [*d]\n  script: [echo]\n')).toEqual([]);
  });

  test('an own key wins over a merged one', () => {
    expect(problems('.d: &d\n  when: bogus\ntest:\n  <<: *d\n  when: manual\n  script: x\n')).toEqual([]);
  });

  test('opaque tags and placeholders are never reported', () => {
    expect(problems('test:\n  script: !reference [.setup, script]\n  parallel: !reference [.x, n]\n')).toEqual([]);
    expect(problems('test:\n  script: [echo, !reference [.setup, script]]\n  parallel: ${{ parameters.n }}\n')).toEqual([]);
  });

  test('template keys splice their mapping or list into the enclosing one', () => {
    expect(problems('test:\n  script: x\n  ${{ if eq(1, 1) }}:\n    when: manual\n')).toEqual([]);
    expect(problems('test:\n  script: x\n  ${{ if eq(1, 1) }}:\n    wehn: manual\n')).toEqual(['wehn | Unknown key `wehn` in job `test`; did you mean `when`?']);
    expect(problems('stages:\n  - build\n  - ${{ if true }}:\n    - deploy\n')).toEqual([]);
    expect(problems('stages:\n  - ${{ if true }}:\n    - 3\n')).toEqual(['3 | Item 1 of `stages` must be a string, not a whole number.']);
  });

  test('every document of a stream is validated, each at its own offsets', () => {
    expect(problems('test:\n  script: x\n---\nlint:\n  scirpt: y\n  script: z\n')).toEqual(['scirpt | Unknown key `scirpt` in job `lint`; did you mean `script`?']);
  });

  test('an alias bomb is not expanded beyond the node budget', () => {
    const levels = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) levels.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const text = `.bomb:\n${levels.map((l) => `  ${l}`).join('\n')}\n`;
    expect(problems(text)).toEqual([]);
  });
});
