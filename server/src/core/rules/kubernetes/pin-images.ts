import { containerLabel, isPlain, rangeAt, str } from '../../parse/kubernetes';
import { judgedContainers, workspaceKustomizations } from '../../parse/kubernetes-schema';
import { defineRule } from '../../rule';

/** The image reference split: repository (registry and path), tag, digest. */
export function imageParts(image: string): { name: string; tag?: string; digest?: string } {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const ref = at >= 0 ? image.slice(0, at) : image;
  const colon = ref.lastIndexOf(':');
  // A colon before the last slash is a registry's port (`registry:5000/app`), not a tag.
  if (colon > ref.lastIndexOf('/')) return { name: ref.slice(0, colon), tag: ref.slice(colon + 1), digest };
  return { name: ref, digest };
}

export default defineRule({
  id: 'kubernetes/pin-images',
  kinds: ['kubernetes'],
  // Not run on code blocks of plan documents: a kustomization may retag the images.
  scope: 'repository',
  severity: 'warning',
  docs: {
    summary: 'Container images are pinned to a version tag or a digest, never `latest` or untagged.',
    rationale:
      'An untagged image means `:latest`, and `latest` is whatever was pushed last: two nodes may run different code under ' +
      'one Deployment, a rollback redeploys the same moving tag, and nothing records what was running. Pin each ' +
      'container and init container to a version (`nginx:1.27.3`) or, stronger, a digest (`nginx@sha256:…`). An image ' +
      "that a `kustomization.yaml` of the workspace retags (`images: [{name: app, newTag: 1.4.2}]`) is pinned there; " +
      'images written as `$(VAR)` or `${VAR}` placeholders are filled in by a tool and are not judged.',
  },
  messages: {
    untagged: 'Image `{image}` of {container} has no tag, so it runs whatever `latest` is; pin a version or a digest.',
    latest: 'Image `{image}` of {container} uses the moving tag `latest`; pin a version or a digest.',
  },
  check(ctx) {
    let retagged: Set<string> | undefined;
    for (const c of judgedContainers(ctx.file, ctx.workspace)) {
      const image = str(c.value.image);
      if (!image || /\$[({]/.test(image)) continue;
      const parts = imageParts(image);
      if (parts.digest) continue;
      if (parts.tag !== undefined && parts.tag !== 'latest') continue;
      retagged ??= retaggedImages(ctx.workspace);
      if (retagged.has(parts.name)) continue;
      const range = rangeAt(c.resource.yaml, [...c.path, 'image'], 'value');
      if (!range) continue;
      ctx.report({ messageId: parts.tag === 'latest' ? 'latest' : 'untagged', data: { image, container: containerLabel(c) }, range });
    }
  },
});

/** Images a kustomization of the workspace gives a tag or digest to. */
function retaggedImages(workspace: Parameters<typeof workspaceKustomizations>[0]): Set<string> {
  const out = new Set<string>();
  for (const k of workspaceKustomizations(workspace)) {
    if (!Array.isArray(k.images)) continue;
    for (const i of k.images) {
      if (!isPlain(i) || typeof i.name !== 'string') continue;
      if (i.newTag !== undefined || i.digest !== undefined) out.add(i.name);
    }
  }
  return out;
}
