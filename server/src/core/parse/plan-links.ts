/**
 * Where a plan document points into the repository: its relative links and
 * images (`[main](../infra/main.tf)`, `[x](#disaster-recovery)`) and the file
 * paths its code spans name (`` `infra/main.tf` ``, `` `.github/workflows/deploy.yml` ``),
 * with the anchors its headings define (GitHub's slugs). External URLs are
 * recognised and left alone, never fetched.
 */
import type { SourceFile } from '../source';
import type { OffsetRange } from '../types';
import { proseBlocks } from './plan-doc';

export interface RepoReference {
  /** `link` for Markdown links and images, `code` for a path in a code span. */
  type: 'link' | 'code';
  /** The target as written. */
  target: string;
  /** The path part, URL-decoded, without `?query` or `#fragment`; '' for a link to an anchor of this document. */
  path: string;
  /** The fragment after `#`, decoded; undefined without one. */
  fragment: string | undefined;
  range: OffsetRange;
}

/** A URL with a scheme (`https:`, `mailto:`) or a protocol-relative one. */
const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

export function repoReferences(file: SourceFile): RepoReference[] {
  return file.memo('plan.references', () => {
    const out: RepoReference[] = [];
    for (const link of file.markdown.links) {
      const target = link.url.trim();
      if (!target || EXTERNAL.test(target)) continue;
      const hash = target.indexOf('#');
      const pathPart = (hash < 0 ? target : target.slice(0, hash)).replace(/\?.*$/, '');
      out.push({ type: 'link', target, path: decode(pathPart), fragment: hash < 0 ? undefined : decode(target.slice(hash + 1)), range: link.range });
    }
    for (const block of proseBlocks(file)) {
      for (const span of block.code) {
        // A link's text names what the link points to; the link's target is checked instead.
        if (span.inLink) continue;
        const value = span.value.trim();
        if (looksLikeRepoPath(value)) out.push({ type: 'code', target: value, path: value.replace(/\/$/, ''), fragment: undefined, range: span.range });
      }
    }
    return out.sort((a, b) => a.range.start - b.range.start);
  });
}

/**
 * A code span that names a repository path: relative, with a folder (`/`), no
 * spaces, globs, variables, URLs, image references (`:`/`@`) or host names, and
 * either a file extension, a dot-folder (`.github/…`), `./`/`../`, or a trailing `/`.
 */
export function looksLikeRepoPath(value: string): boolean {
  if (!value.includes('/') || /[\s*?{}[\]$<>|:@=,;'"`()\\]/.test(value) || value.includes('...')) return false;
  if (value.startsWith('/') || value.startsWith('~') || EXTERNAL.test(value)) return false;
  const segments = value.replace(/^(?:\.\.?\/)+/, '').split('/').filter(Boolean);
  if (segments.length === 0) return false;
  // `ghcr.io/acme/app`, `github.com/acme/repo/blob/main/x.go`: a host name first.
  if (!/^\.\.?\//.test(value) && /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$/i.test(segments[0])) return false;
  const last = segments[segments.length - 1];
  return /^\.\.?\//.test(value) || value.endsWith('/') || segments[0].startsWith('.') || /\.[A-Za-z0-9]{1,10}$/.test(last);
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens; repeats get `-1`, `-2`… */
export function headingAnchors(file: SourceFile): Set<string> {
  return file.memo('plan.anchors', () => {
    const out = new Set<string>();
    const counts = new Map<string, number>();
    for (const h of file.markdown.headings) {
      const base = h.text
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
        .replace(/\s/g, '-');
      const n = counts.get(base) ?? 0;
      counts.set(base, n + 1);
      out.add(n === 0 ? base : `${base}-${n}`);
    }
    // Anchors the author placed: `<a name="x">`, `<span id="x">`.
    for (const m of file.text.matchAll(/<[a-z][^>]{0,200}?\s(?:id|name)\s*=\s*["']([^"']{1,200})["']/gi)) out.add(m[1].toLowerCase());
    return out;
  });
}
