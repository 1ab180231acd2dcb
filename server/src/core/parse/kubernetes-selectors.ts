/**
 * Label selectors as the API server evaluates them, for the rules that relate
 * resources across the workspace (a Service or a PodDisruptionBudget and the
 * pods of a Deployment).
 */
import { isPlain, type Plain } from './kubernetes';

/** Whether a `LabelSelector` (`matchLabels`, `matchExpressions`) selects pods labelled `labels`; an empty selector selects nothing here. */
export function labelSelectorMatches(selector: unknown, labels: Plain): boolean {
  if (!isPlain(selector)) return false;
  const matchLabels = isPlain(selector.matchLabels) ? selector.matchLabels : {};
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  if (Object.keys(matchLabels).length === 0 && expressions.length === 0) return false;
  if (!mapSelectorMatches(matchLabels, labels, true)) return false;
  return expressions.every((e) => {
    if (!isPlain(e) || typeof e.key !== 'string') return false;
    const has = Object.hasOwn(labels, e.key);
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    switch (e.operator) {
      case 'In':
        return has && values.includes(String(labels[e.key]));
      case 'NotIn':
        return !has || !values.includes(String(labels[e.key]));
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        return false;
    }
  });
}

/** Whether a Service-style selector (a plain map) selects pods labelled `labels`. */
export function mapSelectorMatches(selector: unknown, labels: Plain, allowEmpty = false): boolean {
  if (!isPlain(selector)) return false;
  const entries = Object.entries(selector);
  if (entries.length === 0) return allowEmpty;
  return entries.every(([k, v]) => Object.hasOwn(labels, k) && String(labels[k]) === String(v));
}
