import { reportedSchemaProblems } from '../../parse/kubernetes-schema';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'kubernetes/schema',
  kinds: ['kubernetes'],
  severity: 'error',
  docs: {
    summary: "A manifest of one of Kubernetes' core kinds must match the API's schema: known keys, the right kinds of values, required keys present.",
    rationale:
      '`kubectl apply` rejects an object the API does not accept, and since Kubernetes 1.27 it rejects unknown fields too ' +
      '(strict field validation): `imagePullPolicyy:` stops the deploy, or, with older clients, is silently dropped so ' +
      'the setting you wrote never applies. The schema is generated at build time from Kubernetes\' OpenAPI definitions ' +
      '(through the `kubernetes-models` package) for Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod, Service, ' +
      'Ingress, ConfigMap, Secret, Namespace, HorizontalPodAutoscaler (`autoscaling/v1` and `v2`) and PodDisruptionBudget. ' +
      'Every document of a multi-document file is checked, and every item of a `List`. Other kinds and custom resources ' +
      'pass unchecked; a document without `kind` is not an error. Int-or-string fields (`targetPort`, `maxSurge`) and ' +
      'quantities (`cpu: 500m`, `memory: 1`) accept both forms; as for the API server, a `null` value is an unset key and an ' +
      'unquoted `yes`/`no`/`on`/`off` is a boolean (Kubernetes reads YAML 1.1); ' +
      '`status` is not checked. A strategic-merge patch listed by a `kustomization.yaml` may leave out required keys.',
  },
  messages: { schema: '{message}' },
  check(ctx) {
    for (const p of reportedSchemaProblems(ctx.file, ctx.workspace)) {
      ctx.report({ messageId: 'schema', data: { message: p.message }, range: { start: p.start, end: p.end } });
    }
  },
});
