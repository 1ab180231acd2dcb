import { CI_KINDS, pipelineOf } from '../../parse/pipeline';
import { imagePushes, isVersionTag } from '../../parse/pipeline/image-pushes';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'pipeline/require-versioned-artifacts',
  kinds: [...CI_KINDS],
  severity: 'warning',
  docs: {
    summary: 'Images a pipeline publishes carry a version — the commit SHA or the release tag — not only `latest`.',
    rationale:
      'An image pushed only as `latest` (or without a tag, which is `latest`) is overwritten by the next build: nothing ' +
      'can tell which commit runs in production, two nodes pulling minutes apart can run different code, and there is ' +
      'no earlier version to roll back to. Tag every published image with something that names the build — ' +
      '`$CI_COMMIT_SHA`, `${{ github.sha }}`, the release tag, a version — and add `latest` beside it if you want it.\n\n' +
      'Read per job: the tags of `docker build -t` (and `buildx`, Podman, Buildah), `docker tag`, `docker push` (with ' +
      '`--all-tags`, every tag built), `docker build --push`, kaniko `--destination`, `crane tag`, and the build-and-push ' +
      'steps: `docker/build-push-action` with `push: true`, the `aws-ecr`/`gcp-gcr` orbs and the `aws-ecr-push-image` ' +
      'pipe (whose default tag is `latest`), Azure\'s `Docker` task. A tag built from a variable counts as a version; so ' +
      'does a repository the job pulls or re-tags from a versioned tag (a promotion job that moves `latest` onto an ' +
      'image already published by SHA).',
  },
  messages: {
    onlyLatest: '`{command}` publishes `{image}` only as `{tag}`, which the next build overwrites; also tag and push it with the commit SHA or the release version.',
  },
  check(ctx) {
    // A step reused in several pipelines (an alias, a CircleCI job in two workflows) is reported once.
    const reported = new Set<string>();
    for (const job of pipelineOf(ctx.file)?.jobs ?? []) {
      const { pushes, versioned } = imagePushes(job);
      const seen = new Set<string>();
      for (const push of pushes) {
        if (versioned.has(push.repository) || seen.has(push.repository)) continue;
        const all = pushes.filter((p) => p.repository === push.repository).flatMap((p) => p.tags);
        if (all.some(isVersionTag)) continue;
        seen.add(push.repository);
        const at = `${push.range.start}:${push.range.end}`;
        if (reported.has(at)) continue;
        reported.add(at);
        ctx.report({ messageId: 'onlyLatest', data: { command: push.label, image: push.repository, tag: push.tags.join('`, `') }, range: push.range });
      }
    }
  },
});
