import { isScalar } from 'yaml';
import { gitlabConfig, gitlabProjectRoot } from '../../parse/gitlab-config';
import { gitlabPipeline } from '../../parse/gitlab-pipeline';
import { rangeOf } from '../../parse/yaml';
import { defineRule } from '../../rule';
import { closest } from '../../suggest';

export default defineRule({
  id: 'gitlab-ci/include',
  kinds: ['gitlab-ci'],
  // Not run on code blocks of plan documents: reads the repository for the included files.
  scope: 'repository',
  severity: 'error',
  docs: {
    summary: 'Every `include: local` file exists in the repository.',
    rationale:
      'GitLab refuses the whole pipeline when a local include names a file the repository does not have ("Local file ' +
      '… does not exist"), which a renamed or misspelt path causes. Paths are relative to the project\'s root (the ' +
      'folder of its `.gitlab-ci.yml`). Globs, paths built from variables, and includes that `rules:` may skip are ' +
      'not checked, nor are remote, project, template and component includes, which live outside the repository.',
  },
  messages: {
    missing: 'Local include `{path}` is not a file of this repository.',
    missingNear: 'Local include `{path}` is not a file of this repository; did you mean `{near}`?',
  },
  check(ctx) {
    const { file, workspace } = ctx;
    // A text linted without its repository cannot tell a missing file from an unknown one.
    if (!workspace.has(file.path)) return;
    const includes = gitlabConfig(file).includes.filter((i) => i.local !== undefined && !i.conditional && !/[*?[{]/.test(i.local));
    if (includes.length === 0) return;
    // Paths are relative to the root of the project whose `.gitlab-ci.yml` pulls the file in; of a file nothing here includes, that root is unknown.
    const bases = gitlabPipeline(file, workspace).roots.map((r) => gitlabProjectRoot(r.path));
    if (bases.length === 0) return;
    for (const include of includes) {
      const local = include.local as string;
      const paths = bases.map((base) => (base ? `${base}/${local}` : local));
      const range = rangeOf(include.node);
      if (!range || paths.some((p) => workspace.has(p))) continue;
      const dir = paths[0].includes('/') ? paths[0].slice(0, paths[0].lastIndexOf('/')) : '';
      const near = closest(paths[0], workspace.list(dir));
      const shown = near && bases[0] ? near.slice(bases[0].length + 1) : near;
      const written = isScalar(include.node) ? String(include.node.value) : local;
      ctx.report({ messageId: near ? 'missingNear' : 'missing', data: { path: written, near: shown ?? '' }, range });
    }
  },
});
