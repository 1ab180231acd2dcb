/**
 * Azure Pipelines template expressions against the real schema and association:
 * every form Azure expands before it reads the YAML is accepted, and a mistake
 * written beside one is still found, at its key.
 */
import { describe, expect, test } from 'bun:test';
import { lint } from '../../server/src/core/engine';

function schemaProblems(text: string, path = 'azure-pipelines.yml'): string[] {
  const { findings } = lint({ path, text });
  return findings.filter((f) => f.ruleId === 'azure-pipelines/schema').map((f) => `${text.slice(f.range.start, f.range.end)} | ${f.message}`);
}

const ACCEPTED: [string, string][] = [
  ['`${{ if }}` inserting keys into a job', 'jobs:\n- job: a\n  ${{ if eq(parameters.x, true) }}:\n    timeoutInMinutes: 10\n  steps:\n  - script: x\n'],
  ['`${{ if }}`/`${{ elseif }}`/`${{ else }}` inserting into a variables mapping', "variables:\n  ${{ if eq(variables['Build.SourceBranchName'], 'main') }}:\n    env: prod\n  ${{ elseif eq(variables['Build.SourceBranchName'], 'dev') }}:\n    env: dev\n  ${{ else }}:\n    env: test\nsteps:\n- script: x\n"],
  ['`${{ if }}` inserting items into a step list', 'steps:\n- ${{ if parameters.test }}:\n  - script: test\n  - bash: more\n- ${{ else }}:\n  - pwsh: skip\n'],
  ['`${{ each }}` inserting stages', 'stages:\n- ${{ each env in parameters.envs }}:\n  - stage: deploy_${{ env }}\n    jobs:\n    - job: a\n      steps:\n      - script: x\n'],
  ['`${{ each }}` over pairs building a step', 'steps:\n- ${{ each step in parameters.steps }}:\n  - ${{ each pair in step }}:\n      ${{ pair.key }}: ${{ pair.value }}\n'],
  ['`${{ each }}` over pairs inside `${{ if }}`', "steps:\n- ${{ each pair in parameters.step }}:\n    ${{ if ne(pair.key, 'displayName') }}:\n      ${{ pair.key }}: ${{ pair.value }}\n"],
  ['`${{ each }}` building an env mapping', 'steps:\n- script: x\n  env:\n    ${{ each pair in parameters.env }}:\n      ${{ pair.key }}: ${{ pair.value }}\n'],
  ['`${{ insert }}` of a parameter', 'steps:\n- script: x\n  ${{ insert }}: ${{ parameters.stepOptions }}\n'],
  ['a key named by an expression', 'jobs:\n- job: a\n  ${{ parameters.extraKey }}: ${{ parameters.extraValue }}\n  steps: []\n'],
  ['a list item that is a parameter', 'steps:\n- script: x\n- ${{ parameters.moreSteps }}\n'],
  ['a list that is a parameter', 'jobs: ${{ parameters.jobs }}\n'],
  ['a mapping that is a parameter', 'jobs:\n- job: a\n  pool: ${{ parameters.pool }}\n  strategy: ${{ parameters.strategy }}\n  steps: []\n'],
  ['a number that is an expression', 'jobs:\n- job: a\n  timeoutInMinutes: ${{ parameters.timeout }}\n  cancelTimeoutInMinutes: $(cancelAfter)\n  steps: []\n'],
  ['a boolean that is an expression', 'steps:\n- checkout: self\n  clean: ${{ parameters.clean }}\n  lfs: $(useLfs)\n- script: x\n  enabled: $[ ne(variables.skip, true) ]\n'],
  ['an enum that is a macro', 'jobs:\n- job: a\n  workspace:\n    clean: $(cleanMode)\n  steps: []\n'],
  ['a matrix from a runtime expression', "jobs:\n- job: a\n  strategy:\n    matrix: $[ dependencies.plan.outputs['m.legs'] ]\n  steps: []\n"],
  ['a `dependsOn` list built by `${{ each }}`', 'jobs:\n- job: b\n  dependsOn:\n  - ${{ each j in parameters.jobs }}:\n    - ${{ j.name }}\n  steps: []\n'],
  ['`${{ if }}`/`${{ else }}` choosing the kind of a step', "steps:\n- ${{ if eq(parameters.os, 'windows') }}:\n    pwsh: ./build.ps1\n  ${{ else }}:\n    bash: ./build.sh\n  displayName: Build\n"],
  ['a template whose root is conditional', 'parameters:\n- name: x\n  type: boolean\n${{ if parameters.x }}:\n  steps:\n  - script: a\n${{ else }}:\n  steps:\n  - script: b\n'],
];

const REPORTED: [string, string, string[]][] = [
  [
    'a misspelt key inserted by `${{ if }}`',
    'jobs:\n- job: a\n  ${{ if true }}:\n    timeoutInMinute: 10\n  steps: []\n',
    ['timeoutInMinute | Unknown key `timeoutInMinute` in job `a`; did you mean `timeoutInMinutes`?'],
  ],
  [
    'a misspelt step key inside an inserted list',
    'steps:\n- ${{ if true }}:\n  - script: x\n    dispalyName: y\n',
    ['dispalyName | Unknown key `dispalyName` in step 1 of `steps`; did you mean `displayName`?'],
  ],
  [
    'a wrong value beside a key named by an expression',
    'steps:\n- script: x\n  ${{ parameters.k }}: v\n  continueOnError: sometimes\n',
    ['sometimes | `continueOnError` in step 1 of `steps` must be one of `true`, `false`, `yes`, `no`, `on`, `off`, `y`, `n`, …, not `sometimes`.'],
  ],
];

describe('azure-pipelines/schema and template expressions', () => {
  for (const [name, text] of ACCEPTED) test(`accepts ${name}`, () => expect(schemaProblems(text)).toEqual([]));
  for (const [name, text, expected] of REPORTED) test(`reports ${name}`, () => expect(schemaProblems(text)).toEqual(expected));
});

describe('azure-pipelines/schema names nodes by their form', () => {
  test('a key valid for another kind of step is unknown in this one', () => {
    expect(schemaProblems('steps:\n- script: x\n  inputs:\n    a: b\n- task: Npm@1\n  failOnStderr: true\n')).toEqual([
      'inputs | Unknown key `inputs` in step 1 of `steps`.',
      'failOnStderr | Unknown key `failOnStderr` in step 2 of `steps`.',
    ]);
  });

  test('a deployment job has a strategy, not steps', () => {
    expect(schemaProblems('jobs:\n- deployment: web\n  environment: prod\n  steps: []\n')).toEqual(['steps | Unknown key `steps` in deployment `web`.']);
  });

  test('a misspelt first key is one mistake, not a missing key too', () => {
    expect(schemaProblems('steps:\n- scirpt: echo\n')).toEqual(['scirpt | Unknown key `scirpt` in step 1 of `steps`; did you mean `script`?']);
    expect(schemaProblems('variables:\n- gruop: shared\n')).toEqual(['gruop | Unknown key `gruop` in variable 1 of `variables`; did you mean `group`?']);
    expect(schemaProblems('jobs:\n- jbo: build\n  steps: []\n')).toEqual(['jbo | Unknown key `jbo` in job 1 of `jobs`; did you mean `job`?']);
  });

  test('a trigger mapping with a misspelt key is read as a mapping', () => {
    expect(schemaProblems('trigger:\n  branchs:\n    include: [main]\nsteps: []\n')).toEqual(['branchs | Unknown key `branchs` in `trigger`; did you mean `branches`?']);
  });
});
