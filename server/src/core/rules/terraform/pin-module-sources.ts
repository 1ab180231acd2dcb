import { terraformFacts } from '../../parse/terraform';
import { defineRule } from '../../rule';

/** `namespace/name/provider`, optionally behind a private registry host. */
const REGISTRY = /^(?:[a-z0-9.-]+\.[a-z]{2,}(?::\d+)?\/)?[A-Za-z0-9][A-Za-z0-9_-]*\/[A-Za-z0-9][A-Za-z0-9_-]*\/[A-Za-z0-9][A-Za-z0-9_-]*(?:\/\/.*)?$/;
const GIT = /^(?:git::|git@|github\.com\/|bitbucket\.org\/|[^/]*\.git(?:[/?]|$))|\.git(?:\/\/[^?]*)?(?:\?|$)/;
const HG = /^hg::/;

export default defineRule({
  id: 'terraform/pin-module-sources',
  kinds: ['terraform'],
  severity: 'warning',
  docs: {
    summary: 'Modules from a registry have a `version`; modules from Git have a `?ref=` (a tag or a commit).',
    rationale:
      'A module source without a version follows whatever its author publishes next: `terraform init -upgrade`, or a fresh clone in CI, ' +
      'silently brings in changes that can replace resources. A registry module (`namespace/name/provider`) is pinned with `version`; ' +
      'a Git module (`git::https://…`, `github.com/…`, `git@…`) with `?ref=` naming a tag or, better, a commit. Local paths (`./`, `../`) ' +
      'are part of the same repository and need no pin; archives over HTTP or from buckets are left alone.',
  },
  messages: {
    registry: 'Module `{name}` comes from the registry (`{source}`) without a `version`.',
    git: 'Module `{name}` comes from Git (`{source}`) without a `?ref=` pinning a tag or commit.',
  },
  check(ctx) {
    const { file } = ctx;
    if (file.format !== 'hcl') return;
    for (const call of terraformFacts(file).modules) {
      const source = call.source;
      if (source === undefined || source.startsWith('./') || source.startsWith('../')) continue;
      if (GIT.test(source) || HG.test(source)) {
        if (!/[?&]ref=[^&]+/.test(source)) ctx.report({ messageId: 'git', data: { name: call.name, source }, range: call.sourceRange });
      } else if (REGISTRY.test(source) && !call.hasVersion) {
        ctx.report({ messageId: 'registry', data: { name: call.name, source }, range: call.sourceRange });
      }
    }
  },
});
