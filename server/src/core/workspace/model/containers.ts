/**
 * Containers in the repository model: each Dockerfile with its stages, the
 * images they are built on, the ports the final image exposes and the user it
 * runs as; each Compose service with its image or build, published ports and
 * the services it depends on. Read from the Dockerfile AST and the Compose view
 * the rules share.
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { buildDockerfilePath, composeOf, definesService, nodeRange, scalarText } from '../../parse/compose';
import { dockerfileAst } from '../../parse/dockerfile';
import { stageBases } from '../../parse/dockerfile-stages';
import type { ModelSource } from './source';
import type { BaseImage, ComposeServiceInfo, DockerfileInfo } from './types';

export function buildDockerfiles(view: ModelSource): DockerfileInfo[] {
  return view.filesOf('dockerfile').map((file) => {
    const ast = dockerfileAst(file);
    const info: DockerfileInfo = {
      path: file.path,
      stages: ast.stages.map((s) => ({ image: s.image?.text ?? '', name: s.name, offset: s.from.range.start })),
      baseImages: [],
      exposedPorts: [],
    };
    for (const base of stageBases(file)) {
      if (base.kind !== 'image') continue;
      const image = base.resolved ?? base.image;
      const entry: BaseImage = { image: image.text, name: image.name, range: base.image.range };
      if (image.tag) entry.tag = image.tag;
      if (image.digest) entry.digest = image.digest;
      info.baseImages.push(entry);
    }
    const final = ast.stages[ast.stages.length - 1];
    for (const instruction of final?.instructions ?? []) {
      if (instruction.keyword === 'EXPOSE') for (const arg of instruction.args) info.exposedPorts.push(arg.value);
      if (instruction.keyword === 'USER' && instruction.args[0]) info.user = instruction.args[0].value;
    }
    return info;
  });
}

export function buildComposeServices(view: ModelSource): ComposeServiceInfo[] {
  const out: ComposeServiceInfo[] = [];
  for (const file of view.filesOf('compose')) {
    for (const service of composeOf(file).services) {
      const range = nodeRange(service.key);
      if (!range) continue;
      const entry: ComposeServiceInfo = { path: file.path, name: service.name, range, ports: [], dependsOn: [] };
      const image = scalarText(service.get('image'));
      if (image) entry.image = image;
      if (definesService(service) && service.get('build') !== undefined) {
        const dockerfile = buildDockerfilePath(file, service);
        if (dockerfile) entry.dockerfile = dockerfile;
      }
      entry.ports = portsOf(service.get('ports'));
      entry.dependsOn = namesOf(service.get('depends_on'));
      out.push(entry);
    }
  }
  return out;
}

function portsOf(node: Node | undefined): string[] {
  if (!isSeq(node)) return [];
  return node.items.flatMap((item) => {
    const text = scalarText(item as Node);
    if (text !== undefined) return [text];
    // Long syntax: `- target: 80\n  published: "8080"`.
    if (isMap(item)) {
      const target = scalarText(item.get('target', true) as Node | undefined);
      const published = scalarText(item.get('published', true) as Node | undefined);
      if (target) return [published ? `${published}:${target}` : target];
    }
    return [];
  });
}

/** `depends_on: [db]` or `depends_on: { db: { condition: … } }`, as names. */
function namesOf(node: Node | undefined): string[] {
  if (isSeq(node)) return node.items.flatMap((i) => (isScalar(i) && typeof i.value === 'string' ? [i.value] : []));
  if (isMap(node)) return node.items.flatMap((p) => (isScalar(p.key) && typeof p.key.value === 'string' ? [p.key.value] : []));
  return [];
}
