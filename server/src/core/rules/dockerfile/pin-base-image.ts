import { dockerfileAst } from '../../parse/dockerfile';
import { stageBases } from '../../parse/dockerfile-stages';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'dockerfile/pin-base-image',
  kinds: ['dockerfile'],
  severity: 'warning',
  docs: {
    summary: 'Every `FROM` names its base image by a version tag or, best, a digest: not `latest`, not untagged.',
    rationale:
      'An untagged image is `latest`, and `latest` moves: the same Dockerfile builds a different image next week, a ' +
      'rebuild to fix a typo pulls a new major version, and no one can say what ran in production. A version tag ' +
      '(`node:20.18-bookworm-slim`) fixes the line of releases; a digest (`node:20.18@sha256:…`) fixes the exact bytes and ' +
      'is the strongest pin, with the tag kept beside it for people and update bots. `FROM build` naming an earlier stage ' +
      'and `FROM scratch` pull nothing and are not judged. An image given by an argument (`FROM ${BASE}`) is judged by the ' +
      'default of the `ARG` before the first `FROM`; one without a default is left alone, since the build command chooses it.',
  },
  messages: {
    latest: 'Base image `{image}` uses the moving tag `latest`; pin a version tag, or a digest (`@sha256:…`) for the exact image.',
    untagged: 'Base image `{image}` has no tag and pulls `latest`; pin a version tag, or a digest (`@sha256:…`) for the exact image.',
    viaArg: 'Base image `{image}` resolves to `{resolved}`, which {problem}; pin a version tag in the `ARG` default, or a digest (`@sha256:…`).',
  },
  check(ctx) {
    const ast = dockerfileAst(ctx.file);
    stageBases(ctx.file).forEach((base, index) => {
      if (base.kind !== 'image') return;
      const image = base.resolved;
      if (!image || image.digest) return;
      const problem = image.tag === undefined ? 'untagged' : image.tag === 'latest' ? 'latest' : undefined;
      if (!problem) return;
      const written = ast.stages[index].image;
      if (!written) return;
      if (written.text !== image.text) {
        const why = problem === 'latest' ? 'uses the moving tag `latest`' : 'has no tag and pulls `latest`';
        ctx.report({ messageId: 'viaArg', data: { image: written.text, resolved: image.text, problem: why }, range: written.range });
      } else ctx.report({ messageId: problem, data: { image: image.text }, range: written.range });
    });
  },
});
