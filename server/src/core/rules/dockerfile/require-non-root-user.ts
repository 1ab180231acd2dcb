import { stageLineage, finalStage, rootImage } from '../../parse/dockerfile-stages';
import { defineRule } from '../../rule';

/** Base images that run as an unprivileged user unless told otherwise. */
const NON_ROOT_TAG = /(?:^|[-_.])nonroot(?:$|[-_.])/;
const NON_ROOT_REPOSITORY = /^cgr\.dev\/chainguard\//;
const ROOT_USER = /^(?:root|0)(?::.*)?$/i;

export default defineRule({
  id: 'dockerfile/require-non-root-user',
  kinds: ['dockerfile'],
  severity: 'warning',
  docs: {
    summary: 'The final stage switches to an unprivileged `USER`, so the container does not run as root.',
    rationale:
      'A container runs as root unless its image says otherwise, and root in a container is root on the host for every ' +
      'kernel or runtime escape and for every volume it mounts. The last `USER` of the final stage (or of the stages it is ' +
      'built on) decides who runs the image; `USER root` or `USER 0` there, or no `USER` at all, is reported. Build stages ' +
      'may run as root: their commands do not ship. Base images built to run unprivileged (distroless `:nonroot`, ' +
      'Chainguard) are accepted without a `USER` line.',
  },
  messages: {
    missing: 'The final stage sets no `USER`, so the container runs as root; add `USER` with an unprivileged user (such as `USER 10001`).',
    root: '`USER {user}` is the last user of the final stage, so the container runs as root; switch to an unprivileged user.',
  },
  check(ctx) {
    const stage = finalStage(ctx.file);
    if (!stage) return;
    for (const s of stageLineage(ctx.file, stage)) {
      const users = s.instructions.filter((i) => i.keyword === 'USER' && i.args.length > 0);
      const last = users[users.length - 1];
      if (!last) continue;
      const user = last.args[0].value;
      if (ROOT_USER.test(user) && s === stage) ctx.report({ messageId: 'root', data: { user }, range: last.args[0].range });
      else if (ROOT_USER.test(user)) ctx.report({ messageId: 'missing', range: stage.image?.range ?? stage.from.keywordRange });
      return;
    }
    const image = rootImage(ctx.file, stage);
    if (image && (NON_ROOT_TAG.test(image.tag ?? '') || NON_ROOT_REPOSITORY.test(image.name))) return;
    ctx.report({ messageId: 'missing', range: stage.image?.range ?? stage.from.keywordRange });
  },
});
