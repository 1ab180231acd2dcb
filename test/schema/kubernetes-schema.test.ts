/**
 * The Kubernetes validators generated at build time from kubernetes-models
 * (scripts/kubernetes-schema.ts): one per core kind, sharing their definitions,
 * titled for messages, small enough for the .vsix, and silent on other kinds.
 */
import { expect, test } from 'bun:test';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { KUBERNETES_KINDS, kubernetesSchema } from '../../scripts/kubernetes-schema';
import { reportedSchemaProblems } from '../../server/src/core/parse/kubernetes-schema';
import { compiledValidator } from '../../server/src/core/schema/compiled';
import { SourceFile } from '../../server/src/core/source';
import { EMPTY_WORKSPACE } from '../../server/src/core/workspace/view';

const problems = (text: string, path = 'app.yaml') => reportedSchemaProblems(new SourceFile(path, 'kubernetes', text), EMPTY_WORKSPACE).map((p) => p.message);

test('every core kind has a compiled validator that rejects a non-mapping', () => {
  for (const id of Object.keys(KUBERNETES_KINDS)) {
    const v = compiledValidator(`kubernetes#${id}`);
    expect(v).toBeDefined();
    expect(v?.validate(42)).toBe(false);
  }
});

test('other kinds, custom resources and prototype names have no validator', () => {
  for (const id of ['v1/ServiceAccount', 'cert-manager.io/v1/Certificate', 'batch/v1beta1/CronJob', 'constructor', '__proto__', 'v1/constructor']) {
    expect(compiledValidator(`kubernetes#${id}`)).toBeUndefined();
  }
});

test('definitions are titled by their short name', () => {
  const { schema, roots } = kubernetesSchema();
  expect(schema.definitions['v1.Container'].title).toBe('container');
  expect(schema.definitions['v1.PodSpec'].title).toBe('pod spec');
  expect(schema.definitions['v1.HTTPGetAction'].title).toBe('HTTP get action');
  expect(schema.definitions[roots['apps/v1/Deployment']].title).toBe('deployment');
});

test('the compiled module stays small enough for the .vsix', () => {
  const bytes = statSync(join(import.meta.dir, '..', '..', 'server', 'src', 'generated', 'validators', 'kubernetes.cjs')).size;
  expect(bytes).toBeLessThan(1_500_000);
});

test('int-or-string and quantity fields take both forms; other values are typed', () => {
  const deployment = (strategy: string, resources: string) => `apiVersion: apps/v1
kind: Deployment
spec:
  strategy: {rollingUpdate: {maxSurge: ${strategy}, maxUnavailable: 0}}
  selector: {matchLabels: {app: a}}
  template:
    spec:
      containers: [{name: a, resources: {limits: ${resources}}}]
`;
  expect(problems(deployment('25%', '{cpu: 500m, memory: 1Gi}'))).toEqual([]);
  expect(problems(deployment('1', '{cpu: 1, memory: 1073741824}'))).toEqual([]);
  expect(problems(deployment('true', '{cpu: 1}'))).toEqual(['`maxSurge` in rolling update deployment `rollingUpdate` must be a number or a string, not `true` or `false`.']);
});

test('every document of a file is validated, a document without kind is not an error, null is unset', () => {
  const text = `foo: bar
---
apiVersion: v1
kind: ConfigMap
metadata: {name: a, labels: null}
data: {A: b}
---
apiVersion: v1
kind: Service
spec: {typ: ClusterIP}
`;
  expect(problems(text)).toEqual(['Unknown key `typ` in service spec `spec`; did you mean `type`?']);
});

test('unquoted yes/no/on/off are booleans, as Kubernetes reads YAML', () => {
  const pod = (readOnly: string, value: string) => `apiVersion: v1
kind: Pod
spec:
  containers:
    - name: a
      env: [{name: X, value: ${value}}]
      volumeMounts: [{name: v, mountPath: /v, readOnly: ${readOnly}}]
`;
  expect(problems(pod('yes', '"yes"'))).toEqual([]);
  expect(problems(pod('true', 'on'))).toEqual(['`value` in env var `X` must be a string, not `true` or `false`.']);
});
