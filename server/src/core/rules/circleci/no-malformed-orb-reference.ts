import { circleciDocuments, CIRCLECI_PLACEHOLDER, type Orb } from '../../parse/circleci-config';
import { defineRule } from '../../rule';

/** `<namespace>/<orb>@<version>`, or the URL of an orb. */
const ORB_REFERENCE = /^(?:[A-Za-z0-9_-]+\/[A-Za-z0-9_.-]+@\S+|https?:\/\/\S+)$/;
/** The usual slip: a container-image tag (`circleci/node:5.2`) where the version follows `@`. */
const IMAGE_STYLE = /^([A-Za-z0-9_-]+\/[A-Za-z0-9_.-]+):([^:\s]+)$/;

function referencedOrbs(orbs: Map<string, Orb>): Orb[] {
  return [...orbs.values()].flatMap((orb) => (orb.inline ? referencedOrbs(orb.inline.orbs) : [orb]));
}

export default defineRule({
  id: 'circleci/no-malformed-orb-reference',
  kinds: ['circleci'],
  severity: 'error',
  docs: {
    summary: 'An orb under `orbs:` is referenced as `<namespace>/<orb>@<version>` (or written inline).',
    rationale:
      'CircleCI resolves an orb from its namespace, name and version, written `circleci/node@5.2.0` (a version, ' +
      '`@volatile`, or a development label). A reference in another form, such as the container-image form ' +
      '`circleci/node:5.2.0` or a name with no version, cannot be resolved and the configuration is rejected. The fix ' +
      'for the image form puts the version after `@`.',
  },
  messages: {
    malformed: 'Orb `{orb}` is `{reference}`; an orb is referenced as `<namespace>/<orb>@<version>`.',
    imageStyle: 'Orb `{orb}` is `{reference}`, the form of a container image; an orb\'s version follows `@`, as in `{fixed}`.',
  },
  fix: 'safe',
  check(ctx) {
    for (const config of circleciDocuments(ctx.file)) {
      for (const orb of referencedOrbs(config.orbs)) {
        const scalar = orb.reference;
        const reference = typeof scalar?.value === 'string' ? scalar.value : undefined;
        if (!scalar?.range || reference === undefined || ORB_REFERENCE.test(reference) || CIRCLECI_PLACEHOLDER.test(reference)) continue;
        const range = { start: scalar.range[0], end: scalar.range[1] };
        const image = IMAGE_STYLE.exec(reference);
        if (!image) {
          ctx.report({ messageId: 'malformed', data: { orb: orb.name, reference }, range });
          continue;
        }
        const fixed = `${image[1]}@${image[2]}`;
        const colon = ctx.file.text.lastIndexOf(':', range.end - image[2].length);
        ctx.report({
          messageId: 'imageStyle',
          data: { orb: orb.name, reference, fixed },
          range,
          fixes: [{ title: `Use \`${fixed}\``, safe: true, edits: [{ start: colon, end: colon + 1, newText: '@' }] }],
        });
      }
    }
  },
});
