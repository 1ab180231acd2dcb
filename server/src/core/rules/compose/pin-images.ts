import { imageReference } from '../../parse/dockerfile';
import { composeOf, isInterpolated, nodeRange, scalarText } from '../../parse/compose';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'compose/pin-images',
  kinds: ['compose'],
  severity: 'warning',
  docs: {
    summary: 'Services run images pinned to a version tag or a digest, not `latest` or no tag.',
    rationale:
      'An image without a tag is `latest`, and `latest` is whatever was pushed last: `docker compose pull` on Monday and ' +
      'on Friday can start different databases from the same file, and a deployment cannot be reproduced or rolled back. ' +
      'A version tag (`postgres:16.4`, `redis:7-alpine`) changes only when the file does; a digest (`@sha256:…`) never ' +
      'changes at all.\n\n' +
      'A service with `build:` builds its image: its `image:` is the name the build is tagged with, not something pulled, ' +
      'and is not checked. Images written as interpolations (`${REGISTRY}/api:${TAG:-dev}`) are left alone: their value ' +
      'is known when Compose runs. There is no fix: which version to pin is a choice.',
  },
  messages: {
    untagged: 'Service `{service}` runs image `{image}` without a tag, so every pull takes whatever `latest` is then; pin a version tag or a digest.',
    latest: 'Service `{service}` runs image `{image}` with the moving `latest` tag; pin a version tag or a digest.',
  },
  check(ctx) {
    for (const service of composeOf(ctx.file).services) {
      if (service.get('build') !== undefined) continue;
      const node = service.get('image');
      const value = scalarText(node)?.trim();
      const range = nodeRange(node);
      if (!value || !range || isInterpolated(value)) continue;
      const image = imageReference({ value, range: { start: 0, end: 0 } });
      if (image.digest) continue;
      if (image.tag === undefined) ctx.report({ messageId: 'untagged', data: { service: service.name, image: image.name }, range });
      else if (image.tag === 'latest') ctx.report({ messageId: 'latest', data: { service: service.name, image: image.name }, range });
    }
  },
});
