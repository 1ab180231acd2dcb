import { containerSubject, containerRange, isPlain, type KubernetesContainer, nodeAt } from '../../parse/kubernetes';
import { setNestedKeysEdits } from '../../parse/kubernetes-edits';
import { resolve } from '../../parse/yaml-scripts';
import { judgedContainers } from '../../parse/kubernetes-schema';
import { defineRule } from '../../rule';
import type { SourceFile } from '../../source';
import type { Fix } from '../../types';

const context = (v: unknown, key: string): unknown => (isPlain(v) && isPlain(v.securityContext) ? v.securityContext[key] : undefined);

export default defineRule({
  id: 'kubernetes/require-security-context',
  kinds: ['kubernetes'],
  severity: 'warning',
  fix: 'unsafe',
  docs: {
    summary: 'Containers run with `runAsNonRoot: true` and `allowPrivilegeEscalation: false`.',
    rationale:
      'A process that runs as root in a container is root on the node once it escapes, and a process allowed to escalate ' +
      'its privileges (setuid binaries, `no_new_privs` unset) can become root even when started as another user. The Pod ' +
      'Security Standards\' "restricted" profile asks for both settings, and admission controllers that enforce it ' +
      'refuse pods without them.\n\n' +
      '`runAsNonRoot: true` may be set in the pod\'s `securityContext` (for all its containers) or in the container\'s, ' +
      'which wins; `allowPrivilegeEscalation` exists only in the container\'s. Init containers are checked too; Windows pods ' +
      '(`os.name: windows`), which have neither setting, are not. The fix ' +
      'adds the missing setting to the container\'s `securityContext`; it is never applied by "fix all": an image that ' +
      'runs as root (no `USER` in its Dockerfile) then refuses to start, and a process that relies on a setuid program ' +
      'stops working, so check the image first.',
  },
  messages: {
    root: '{container} may run as root; set `runAsNonRoot: true` in its or the pod\'s `securityContext`.',
    escalation: '{container} allows privilege escalation; set `allowPrivilegeEscalation: false` in its `securityContext`.',
  },
  check(ctx) {
    for (const c of judgedContainers(ctx.file, ctx.workspace)) {
      // Windows pods have neither setting (the API refuses `allowPrivilegeEscalation` there).
      if (isPlain(c.podSpec.os) && c.podSpec.os.name === 'windows') continue;
      const range = containerRange(c, ctx.file.text);
      if (!range) continue;
      const container = containerSubject(c);
      const root = (context(c.value, 'runAsNonRoot') ?? context(c.podSpec, 'runAsNonRoot')) !== true;
      const escalation = context(c.value, 'allowPrivilegeEscalation') !== false;
      // One fix sets everything the container misses, so that applying both findings' fixes adds one `securityContext`.
      const missing: [string, string][] = [...(root ? [['runAsNonRoot', 'true'] as [string, string]] : []), ...(escalation ? [['allowPrivilegeEscalation', 'false'] as [string, string]] : [])];
      const fixes = missing.length ? fix(ctx.file, c, missing) : [];
      if (root) ctx.report({ messageId: 'root', data: { container }, range, fixes });
      if (escalation) ctx.report({ messageId: 'escalation', data: { container }, range, fixes });
    }
  },
});

function fix(file: SourceFile, c: KubernetesContainer, entries: [string, string][]): Fix[] {
  const doc = file.yaml.documents[c.resource.document];
  const map = doc && resolve(doc, nodeAt(c.resource.yaml, c.path, 'value'));
  const edits = setNestedKeysEdits(file.text, map, 'securityContext', entries);
  const title = entries.map(([k, v]) => `\`${k}: ${v}\``).join(' and ');
  return edits?.length ? [{ title: `Set ${title} in the container's \`securityContext\``, safe: false, edits }] : [];
}
