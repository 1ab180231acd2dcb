import { imageReference } from '../../parse/dockerfile';
import { CI_KINDS, pipelineOf } from '../../parse/pipeline';
import { defineRule } from '../../rule';

/** Values built from variables (`$IMAGE`, `${{ matrix.image }}`, `<< parameters.image >>`) are only known when the pipeline runs. */
const TEMPLATED = /\$|<<|\{\{/;

export default defineRule({
  id: 'pipeline/pin-images',
  kinds: [...CI_KINDS],
  severity: 'warning',
  docs: {
    summary: 'Container images of CI jobs and services are pinned to a version tag or a digest, not `latest` or no tag.',
    rationale:
      'An image without a tag is `latest`, and `latest` is whatever was pushed last: a job that passed yesterday can fail ' +
      'today, or pass with a different toolchain than the one that was tested, without a single change to the repository. ' +
      'A version tag (`node:20.11-bookworm`, `postgres:16`) changes only when the file does; a digest (`@sha256:…`) never ' +
      'changes at all.\n\n' +
      'Checked where each system names the images its jobs run in: GitHub Actions `container:` and `services:`; GitLab ' +
      '`image:` and `services:` (top level, `default:`, jobs and templates); CircleCI `docker: - image:` (jobs and ' +
      'executors); Azure Pipelines job `container:` and `resources.containers`; Bitbucket `image:` (top level and steps) and ' +
      '`definitions.services`. Values built from variables (`$IMAGE`, `${{ matrix.image }}`, `<< parameters.tag >>`) are ' +
      'left alone: their value is only known when the pipeline runs. Virtual-machine images (`runs-on: ubuntu-latest`, ' +
      '`pool.vmImage`, CircleCI `machine:`) are not container images and are not checked.\n\n' +
      'There is no fix: which version to pin is a choice, and the version `latest` is today needs the registry.',
  },
  messages: {
    untagged: 'Image `{image}` has no tag, so every run pulls whatever `latest` is then; pin a version tag (`{image}:<version>`) or a digest.',
    latest: 'Image `{image}` uses the moving `latest` tag; pin a version tag or a digest.',
  },
  check(ctx) {
    for (const ref of pipelineOf(ctx.file)?.images ?? []) {
      if (TEMPLATED.test(ref.value) || !ref.node.range) continue;
      const image = imageReference({ value: ref.value.trim(), range: { start: 0, end: 0 } });
      if (image.digest) continue;
      const range = { start: ref.node.range[0], end: ref.node.range[1] };
      if (image.tag === undefined) ctx.report({ messageId: 'untagged', data: { image: image.name }, range });
      else if (image.tag === 'latest') ctx.report({ messageId: 'latest', data: { image: image.name }, range });
    }
  },
});
