import { imageReference } from '../../parse/dockerfile';
import { type CiReference, pipelineOf } from '../../parse/pipeline';
import { defineRule, type RuleContext } from '../../rule';
import type { OffsetRange } from '../../types';

const FULL_SHA = /^[0-9a-f]{40}$/i;
const FULL_VERSION = /^\d+\.\d+\.\d+$/;
/** Actions the package-manager fixes of this product write (setup and cache steps): its own advice is not reported. */
const WRITTEN_BY_FIXES = ['oven-sh/setup-bun', 'pnpm/action-setup', 'Swatinem/rust-cache'];

/** `owner/repo` of an action or reusable workflow (`github/codeql-action/init` → `github/codeql-action`). */
function repoOf(name: string): string {
  return name.split('/').slice(0, 2).join('/').toLowerCase();
}

/** `actions/*` matches every repository of the owner; `owner/repo` that repository. */
function isTrusted(name: string, patterns: readonly string[]): boolean {
  const repo = repoOf(name);
  return patterns.some((p) => {
    const pattern = p.toLowerCase();
    return pattern.endsWith('/*') ? repo.startsWith(pattern.slice(0, -1)) : repo === pattern;
  });
}

/** Range of the part of a reference after `separator` (`@v4`, `:1.2.0`), where the file spells it, or the whole value. */
function partRange(ctx: RuleContext, ref: CiReference, separator: string): OffsetRange {
  const [start, end] = ref.node.range ?? [0, 0];
  const at = ctx.file.text.slice(start, end).lastIndexOf(separator);
  return at < 0 ? { start, end } : { start: start + at + 1, end: start + at + 1 + ref.value.length - ref.value.lastIndexOf(separator) - 1 };
}

export default defineRule({
  id: 'pipeline/pin-actions',
  kinds: ['github-actions', 'circleci', 'bitbucket-pipelines'],
  severity: 'warning',
  docs: {
    summary: 'Third-party GitHub Actions are pinned to a full commit SHA, CircleCI orbs to a full version, Bitbucket pipes to a version.',
    rationale:
      'A tag or a branch is a pointer its owner — or whoever takes over the owner\'s account — can move. When a popular ' +
      'action\'s tags were moved to malicious code, every workflow that used `@v35` ran it the next time, with its secrets. ' +
      'A full 40-character commit SHA cannot be moved; keep the tag as a comment beside it (`uses: owner/action@<sha> # v4.1.0`) ' +
      'so that people and update bots still see the version.\n\n' +
      '- GitHub Actions: every `uses:` of a step or a reusable workflow outside this repository must name a full commit SHA, ' +
      'except the actions of the owners listed in `trusted` (by default GitHub\'s own `actions/*` and `github/*`), which may ' +
      'use a tag. The actions the package-manager fixes of this product write (`oven-sh/setup-bun`, `pnpm/action-setup`, ' +
      '`Swatinem/rust-cache`) are trusted the same way, so that applying a fix never makes a finding here. Set ' +
      '`requireShaForTrusted: true` to require SHAs from all of them too. Local actions (`./…`) need no pin; a ' +
      '`docker://` action is pinned by its digest (`@sha256:…`).\n' +
      '- CircleCI orbs: `ns/orb@1.2.3`; `@volatile` and partial versions (`@5`, `@5.2`) take whatever is published next.\n' +
      '- Bitbucket pipes: `owner/pipe:1.2.3` (a version); no version or `latest` floats.\n\n' +
      'There is no fix: finding the commit a tag points to needs the network, which the linter never uses.',
  },
  options: {
    type: 'object',
    properties: {
      trusted: {
        type: 'array',
        items: { type: 'string' },
        default: ['actions/*', 'github/*'],
        description: 'Owners (`owner/*`) or repositories (`owner/repo`) whose actions may be pinned to a tag.',
      },
      requireShaForTrusted: {
        type: 'boolean',
        default: false,
        description: 'Require a full commit SHA from trusted actions too.',
      },
    },
    additionalProperties: false,
  },
  messages: {
    action: 'Action `{action}` is pinned to `{ref}`, which its owner can move; pin the full 40-character commit SHA that `{ref}` points to and keep `{ref}` as a comment.',
    shortSha: 'Action `{action}` is pinned to the abbreviated SHA `{ref}`, which a later commit can collide with; use the full 40-character commit SHA.',
    noRef: 'Action `{action}` names no version; pin the full 40-character commit SHA of the release you use.',
    dockerAction: 'Docker action `{image}` is not pinned by digest; use `docker://{name}@sha256:<digest>`.',
    orb: 'Orb `{orb}` floats with `@{version}`; pin a full version such as `{name}@1.2.3`.',
    pipe: 'Pipe `{pipe}` names no fixed version; pin one such as `{name}:1.2.3`.',
  },
  check(ctx) {
    const trusted = ctx.options.requireShaForTrusted ? [] : [...ctx.options.trusted, ...WRITTEN_BY_FIXES];
    for (const ref of pipelineOf(ctx.file)?.references ?? []) {
      const value = ref.value.trim();
      if (value.startsWith('./') || /\$|<<|\{\{/.test(value) || !ref.node.range) continue;
      const whole = { start: ref.node.range[0], end: ref.node.range[1] };
      if (ref.kind === 'action' || ref.kind === 'reusable-workflow') {
        const at = value.lastIndexOf('@');
        const name = at < 0 ? value : value.slice(0, at);
        const version = at < 0 ? '' : value.slice(at + 1);
        if (at < 0) ctx.report({ messageId: 'noRef', data: { action: name }, range: whole });
        else if (FULL_SHA.test(version) || isTrusted(name, trusted)) continue;
        else ctx.report({ messageId: /^[0-9a-f]{7,39}$/i.test(version) ? 'shortSha' : 'action', data: { action: name, ref: version }, range: partRange(ctx, ref, '@') });
      } else if (ref.kind === 'docker-action') {
        const image = imageReference({ value: value.slice('docker://'.length), range: whole });
        if (!image.digest) ctx.report({ messageId: 'dockerAction', data: { image: image.text, name: image.name }, range: whole });
      } else if (ref.kind === 'orb') {
        const at = value.lastIndexOf('@');
        const name = at < 0 ? value : value.slice(0, at);
        const version = at < 0 ? 'volatile' : value.slice(at + 1);
        // A reference that is not `namespace/orb[@version]` is malformed, which circleci/no-malformed-orb-reference says.
        if (!/^[\w-]+\/[\w-]+$/.test(name)) continue;
        if (!FULL_VERSION.test(version)) ctx.report({ messageId: 'orb', data: { orb: name, version, name }, range: at < 0 ? whole : partRange(ctx, ref, '@') });
      } else if (ref.kind === 'pipe' && !value.startsWith('docker://')) {
        const image = imageReference({ value, range: whole });
        if (!image.digest && (image.tag === undefined || image.tag === 'latest')) ctx.report({ messageId: 'pipe', data: { pipe: value, name: image.name }, range: whole });
      }
    }
  },
});
