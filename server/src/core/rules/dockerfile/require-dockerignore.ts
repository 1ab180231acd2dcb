import { dockerfileAst } from '../../parse/dockerfile';
import { copiesWholeContext } from '../../parse/dockerfile-stages';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'dockerfile/require-dockerignore',
  kinds: ['dockerfile'],
  // Not run on code blocks of plan documents: looks for the ignore file beside the Dockerfile.
  scope: 'repository',
  severity: 'warning',
  docs: {
    summary: 'A Dockerfile that copies the whole build context (`COPY . .`) has a `.dockerignore` beside it.',
    rationale:
      '`COPY . .` sends everything in the context into the image: `.git`, `node_modules` built for another platform, local ' +
      '`.env` files with real credentials, build output. That makes builds slow, breaks the layer cache on every commit, ' +
      'and leaks secrets into images. A `.dockerignore` at the root of the context keeps them out. Accepted: `.dockerignore` ' +
      'in the Dockerfile\'s folder or any folder above it (the context is usually one of them), or BuildKit\'s ' +
      '`<Dockerfile name>.dockerignore` beside the Dockerfile.',
  },
  messages: {
    missing: '`{keyword}` copies the whole build context, but there is no `.dockerignore` beside `{dockerfile}` or above it; add one that leaves out `.git`, dependencies, build output and `.env` files.',
  },
  check(ctx) {
    const copy = dockerfileAst(ctx.file).instructions.find((i) => copiesWholeContext(i.trigger ?? i));
    if (!copy) return;
    const { file, workspace } = ctx;
    const dir = file.dirname;
    if (workspace.has(`${dir ? `${dir}/` : ''}${file.basename}.dockerignore`)) return;
    const parts = dir ? dir.split('/') : [];
    for (let n = parts.length; n >= 0; n--) {
      const folder = parts.slice(0, n).join('/');
      if (workspace.has(folder ? `${folder}/.dockerignore` : '.dockerignore')) return;
    }
    const instruction = copy.trigger ?? copy;
    ctx.report({ messageId: 'missing', data: { keyword: instruction.keyword, dockerfile: file.basename }, range: { start: instruction.keywordRange.start, end: instruction.range.end } });
  },
});
