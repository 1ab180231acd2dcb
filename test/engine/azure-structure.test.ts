/** Edge cases of reading Azure Pipelines structure: template paths, and what template directives hide. */
import { describe, expect, test } from 'bun:test';
import { azureDependencyLists } from '../../server/src/core/parse/azure-dependencies';
import { declaredParameters, templatePath } from '../../server/src/core/parse/azure-structure';
import { SourceFile } from '../../server/src/core/source';

describe('templatePath', () => {
  const cases: [string, string, string | undefined][] = [
    ['azure-pipelines.yml', 'templates/build.yml', 'templates/build.yml'],
    ['ci/azure-pipelines.yml', 'templates/build.yml', 'ci/templates/build.yml'],
    ['ci/azure-pipelines.yml', './templates/build.yml', 'ci/templates/build.yml'],
    ['ci/templates/a.yml', '../../shared/b.yml', 'shared/b.yml'],
    ['ci/azure-pipelines.yml', '/shared/b.yml', 'shared/b.yml'],
    ['azure-pipelines.yml', '../outside.yml', undefined],
    ['azure-pipelines.yml', 'steps/build.yml@templates', undefined],
    ['azure-pipelines.yml', '${{ parameters.template }}', undefined],
    ['azure-pipelines.yml', 'templates/$(kind).yml', undefined],
    ['azure-pipelines.yml', '  ', undefined],
  ];
  for (const [from, ref, expected] of cases) test(`${ref} from ${from}`, () => expect(templatePath(from, ref)).toBe(expected));
});

function lists(text: string) {
  return azureDependencyLists(new SourceFile('azure-pipelines.yml', 'azure-pipelines', text)).map((l) => ({
    kind: l.kind,
    names: l.names ? [...l.names] : undefined,
    references: l.references.map((r) => r.name),
  }));
}

describe('azureDependencyLists', () => {
  test('names inside `${{ if }}` insertions count; conditional `dependsOn` too', () => {
    expect(lists('jobs:\n- job: a\n- ${{ if true }}:\n  - job: b\n    ${{ if false }}:\n      dependsOn: a\n')).toEqual([{ kind: 'job', names: ['a', 'b'], references: ['a'] }]);
  });
  test('a template item, an `${{ each }}` or a computed name leaves the names unknown', () => {
    expect(lists('jobs:\n- job: a\n- template: t.yml\n')[0].names).toBeUndefined();
    expect(lists('jobs:\n- job: a\n- ${{ each x in parameters.xs }}:\n  - job: b_${{ x }}\n')[0].names).toBeUndefined();
    expect(lists('jobs:\n- job: ${{ parameters.name }}\n')[0].names).toBeUndefined();
    expect(lists('jobs:\n- job: a\n  ${{ insert }}: ${{ parameters.more }}\n')[0].names).toBeUndefined();
    expect(lists('jobs:\n- job: a\n- ${{ parameters.extraJobs }}\n')[0].names).toBeUndefined();
  });
  test('expressions in `dependsOn` are not names', () => {
    expect(lists('stages:\n- stage: a\n  dependsOn: ${{ parameters.after }}\n- stage: b\n  dependsOn: [a, $(prev)]\n')).toEqual([{ kind: 'stage', names: ['a', 'b'], references: ['a'] }]);
  });
  test('each stage has its own job list', () => {
    expect(lists('stages:\n- stage: s\n  jobs:\n  - job: x\n- stage: t\n  jobs:\n  - deployment: y\n    dependsOn: x\n')).toEqual([
      { kind: 'job', names: ['x'], references: [] },
      { kind: 'job', names: ['y'], references: ['x'] },
      { kind: 'stage', names: ['s', 't'], references: [] },
    ]);
  });
});

describe('declaredParameters', () => {
  const declared = (text: string) => {
    const d = declaredParameters(new SourceFile('t.yml', 'azure-pipelines', text));
    return d ? Object.fromEntries(d.names) : undefined;
  };
  test('a list of names, optional when they have a default', () => {
    expect(declared('parameters:\n- name: a\n- name: b\n  default: 1\nsteps: []\n')).toEqual({ a: { optional: false }, b: { optional: true } });
  });
  test('unknowable declarations give nothing', () => {
    expect(declared('parameters:\n  a: 1\nsteps: []\n')).toBeUndefined();
    expect(declared('parameters:\n- name: ${{ variables.x }}\n')).toBeUndefined();
    expect(declared('parameters:\n- ${{ each p in x }}:\n  - name: a\n')).toBeUndefined();
    expect(declared('steps: []\n')).toBeUndefined();
  });
});
