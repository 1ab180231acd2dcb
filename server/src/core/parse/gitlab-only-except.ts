/**
 * The `rules:` condition that selects the same pipelines as an `only:` or
 * `except:` value, for the simple forms: a ref or list of refs (names,
 * `/regex/`, the keywords `branches`, `tags`, `merge_requests`...) and
 * `variables:` expressions. Undefined for what has no one-line equivalent
 * (`changes:`, `kubernetes:`, refs of another project).
 */
import { type Document, isMap, isScalar, isSeq } from 'yaml';
import { scalarText } from './gitlab-config';
import { resolve } from './yaml-scripts';
import { entries } from './yaml';

const SOURCES: Record<string, string> = {
  api: 'api',
  chat: 'chat',
  external: 'external',
  external_pull_requests: 'external_pull_request_event',
  merge_requests: 'merge_request_event',
  pipelines: 'pipeline',
  pushes: 'push',
  schedules: 'schedule',
  triggers: 'trigger',
  web: 'web',
};

export function onlyExceptCondition(doc: Document.Parsed, node: unknown): string | undefined {
  const value = resolve(doc, node);
  if (isScalar(value) || isSeq(value)) return refsCondition(doc, value);
  if (!isMap(value)) return undefined;
  const parts: string[] = [];
  for (const { key, value: v } of entries(value)) {
    let part: string | undefined;
    if (key.value === 'refs') part = refsCondition(doc, v);
    else if (key.value === 'variables') part = anyOf(listTexts(doc, v));
    if (part === undefined) return undefined;
    parts.push(entries(value).length > 1 && part.includes(' || ') ? `(${part})` : part);
  }
  return parts.length > 0 ? parts.join(' && ') : undefined;
}

function refsCondition(doc: Document.Parsed, node: unknown): string | undefined {
  const refs = listTexts(doc, node);
  if (!refs) return undefined;
  const out: string[] = [];
  for (const ref of refs) {
    if (ref === 'branches') out.push('$CI_COMMIT_BRANCH');
    else if (ref === 'tags') out.push('$CI_COMMIT_TAG');
    else if (ref in SOURCES) out.push(`$CI_PIPELINE_SOURCE == "${SOURCES[ref]}"`);
    else if (/^\/.+\/[a-z]*$/.test(ref)) out.push(`$CI_COMMIT_REF_NAME =~ ${ref}`);
    else if (ref.includes('@') || ref.includes('"')) return undefined;
    else out.push(`$CI_COMMIT_REF_NAME == "${ref}"`);
  }
  return anyOf(out);
}

function listTexts(doc: Document.Parsed, node: unknown): string[] | undefined {
  const value = resolve(doc, node);
  const items = isSeq(value) ? value.items : [value];
  const out: string[] = [];
  for (const item of items) {
    const text = scalarText(doc, item);
    if (text === undefined) return undefined;
    out.push(text);
  }
  return out;
}

function anyOf(parts: string[] | undefined): string | undefined {
  if (!parts || parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : parts.join(' || ');
}
