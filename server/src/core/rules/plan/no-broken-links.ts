import { headingAnchors, repoReferences } from '../../parse/plan-links';
import { dirOf } from '../../path-index';
import { defineRule } from '../../rule';
import { closest } from '../../suggest';
import type { WorkspaceView } from '../../workspace/view';

export default defineRule({
  id: 'plan/no-broken-links',
  kinds: ['plan-doc'],
  severity: 'warning',
  fix: 'unsafe',
  docs: {
    summary: 'Relative links and file paths named in code spans of a plan document resolve in the repository; `#anchors` resolve to a heading.',
    rationale:
      'A plan that links `../infra/main.tf` or names `` `.github/workflows/deploy.yml` `` sends its reader to the file that ' +
      'implements it. When the file is renamed or was never written, the plan describes a repository that does not ' +
      'exist, and nothing says so; an `#anchor` that names no heading scrolls nowhere.\n\n' +
      'Links and images resolve from the document’s folder (`/x` from the repository root); a path in a code span ' +
      'resolves from the root or from the document’s folder. A code span counts as a path when it has a folder and looks ' +
      'like a file (an extension, a dot-folder such as `.github/`, `./` or `../`, or a trailing `/`) and is not a URL, an ' +
      'image reference, a host name, a glob or a variable. Anchors are GitHub’s heading slugs and explicit ' +
      '`<a name>`/`id` anchors; anchors into other files are not checked. Folders are given the benefit of the doubt (a ' +
      'folder holding only folders cannot be told from a missing one). External URLs are never fetched. Every `plan/*.md` file is checked, not only the two plan ' +
      'documents; a file linted on its own, outside a workspace, has only its anchors checked. The fix for an anchor ' +
      'with a close heading slug rewrites it, and is not marked safe: the closest heading may not be the one meant.',
  },
  messages: {
    file: 'The plan links `{target}`, which does not exist in the repository.',
    code: 'The plan names `{target}`, which does not exist in the repository.',
    anchor: 'The plan links `#{fragment}`, but no heading has that anchor.',
    anchorSuggest: 'The plan links `#{fragment}`, but no heading has that anchor; did you mean `#{suggestion}`?',
  },
  check(ctx) {
    const { file, workspace } = ctx;
    // Linted alone (stdin, a scratch buffer), the repository is unknown: only anchors can be judged.
    const inRepository = workspace.has(file.path);
    const anchors = headingAnchors(file);
    for (const ref of repoReferences(file)) {
      if (ref.path === '') {
        if (ref.fragment === undefined || ref.fragment === '' || anchors.has(ref.fragment.toLowerCase())) continue;
        const suggestion = closest(ref.fragment.toLowerCase(), anchors);
        const source = file.text.slice(ref.range.start, ref.range.end);
        const raw = ref.target.slice(ref.target.indexOf('#') + 1);
        const at = source.lastIndexOf(`#${raw}`);
        const fixes =
          suggestion && at >= 0
            ? [{ title: `Link to \`#${suggestion}\``, safe: false, edits: [{ start: ref.range.start + at + 1, end: ref.range.start + at + 1 + raw.length, newText: suggestion }] }]
            : [];
        ctx.report({
          messageId: suggestion ? 'anchorSuggest' : 'anchor',
          data: { fragment: ref.fragment, suggestion: suggestion ?? '' },
          range: ref.range,
          fixes,
        });
        continue;
      }
      if (!inRepository) continue;
      const candidates =
        ref.type === 'link'
          ? [resolve(ref.path.startsWith('/') ? '' : dirOf(file.path), ref.path)]
          : [resolve('', ref.path), resolve(dirOf(file.path), ref.path)];
      const known = candidates.filter((c): c is string => c !== undefined);
      // A path above the repository root cannot be judged.
      if (known.length === 0) continue;
      if (known.some((p) => exists(workspace, p, ref.target))) continue;
      ctx.report({ messageId: ref.type === 'link' ? 'file' : 'code', data: { target: ref.target }, range: ref.range });
    }
  },
});

/** `dir` joined with a relative path, `.` and `..` resolved; undefined above the root. */
function resolve(dir: string, path: string): string | undefined {
  const out = dir ? dir.split('/') : [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

/** Names of files without an extension, which never name a folder. */
const EXTENSIONLESS_FILES = /^(?:Dockerfile|Containerfile|Makefile|GNUmakefile|Jenkinsfile|Procfile|Gemfile|Vagrantfile|Justfile|Brewfile|LICENSE|README|CODEOWNERS)$/i;

/**
 * A file, or a folder that holds a file directly. A folder that holds only
 * folders cannot be told from a missing one through the view, so a target that
 * names a folder (a trailing `/`, or no extension) is given the benefit of the doubt.
 */
function exists(workspace: WorkspaceView, path: string, target: string): boolean {
  if (path === '' || workspace.has(path) || workspace.list(path).length > 0) return true;
  if (target.endsWith('/')) return true;
  const last = path.split('/').pop() ?? '';
  return !/\.[A-Za-z0-9]{1,10}$/.test(last) && !EXTENSIONLESS_FILES.test(last);
}
