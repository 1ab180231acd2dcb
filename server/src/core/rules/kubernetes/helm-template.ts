import { defineRule } from '../../rule';

export default defineRule({
  id: 'kubernetes/helm-template',
  kinds: ['helm-template'],
  severity: 'info',
  docs: {
    summary: "A Helm chart's template is recognised and left unchecked: it is YAML only once Helm renders it.",
    rationale:
      'Files under a chart\'s `templates/` with `{{ … }}` directives are Go templates: `{{- if .Values.ingress.enabled }}` ' +
      'lines, `{{ include "app.labels" . | nindent 4 }}` values and ranges are not YAML, so reading them as manifests ' +
      'would report syntax errors that are not there. Each such file gets this one note and no other finding. To check ' +
      'what the chart produces, render it (`helm template my-release ./chart > rendered.yaml`) and check the rendered ' +
      "manifests: they get every `kubernetes/` rule. The chart's `values.yaml` is plain YAML and is read as such (its " +
      '`command` lists are under the package-manager policy).',
  },
  messages: { skipped: 'Helm template `{name}`: not checked as written; render the chart (`helm template`) and check the output.' },
  check(ctx) {
    const text = ctx.file.text;
    const nl = text.indexOf('\n');
    const end = (nl < 0 ? text.length : nl) - (text[nl - 1] === '\r' ? 1 : 0);
    ctx.report({ messageId: 'skipped', data: { name: ctx.file.basename }, range: { start: 0, end: Math.max(0, end) } });
  },
});
