/**
 * Pulumi files: the project file (`Pulumi.yaml`) and its stack files
 * (`Pulumi.<stack>.yaml`), and the resources of a Pulumi YAML program with
 * what the tag rule needs to know of them.
 */
import { isMap, isScalar, type Node, type Scalar } from 'yaml';
import type { SourceFile } from '../source';
import type { WorkspaceView } from '../workspace/view';
import { get } from './yaml';
import { resolve } from './yaml-scripts';

/** `Pulumi.<stack>.yaml`, as opposed to the project file `Pulumi.yaml`. */
export function isPulumiStackFile(path: string): boolean {
  return /(?:^|\/)Pulumi\.[^/]+\.ya?ml$/.test(path);
}

export interface PulumiResource {
  name: string;
  key: Scalar;
  type: string;
  typeNode: Node;
  properties: Node | undefined;
  options: Node | undefined;
  /** The keys written in the resource's mapping. */
  keys: string[];
  /** Set for a resource read with `get:` (an existing resource), which the program does not create. */
  read: boolean;
}

/** The resources of a YAML program (`resources:` of the project file), with their type tokens. */
export function pulumiResources(file: SourceFile): PulumiResource[] {
  return file.memo('pulumi-resources', () => {
    const doc = file.yaml.documents[0];
    if (!doc || doc.errors.length > 0 || isPulumiStackFile(file.path)) return [];
    const out: PulumiResource[] = [];
    const resources = resolve(doc, get(doc.contents, 'resources'));
    if (!isMap(resources)) return out;
    for (const pair of resources.items) {
      const value = resolve(doc, pair.value);
      const typeNode = resolve(doc, get(value, 'type'));
      if (!isScalar(pair.key) || !isScalar(typeNode) || typeof typeNode.value !== 'string') continue;
      out.push({
        name: String(pair.key.value),
        key: pair.key,
        type: typeNode.value,
        typeNode,
        properties: resolve(doc, get(value, 'properties')),
        options: resolve(doc, get(value, 'options')),
        read: get(value, 'get') !== undefined,
        keys: isMap(value) ? value.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')) : [],
      });
    }
    return out;
  });
}

/** Whether a `config:` mapping sets `aws:defaultTags` (as a value or a `{ value: … }` declaration). */
function configSetsDefaultTags(config: unknown): boolean {
  return isMap(config) && config.items.some((p) => isScalar(p.key) && p.key.value === 'aws:defaultTags');
}

/** Whether the project's or one of its stacks' configuration sets `aws:defaultTags` for the default AWS provider. */
export function awsDefaultTagsConfigured(file: SourceFile, workspace: WorkspaceView): boolean {
  const own = file.yaml.documents[0];
  if (own && configSetsDefaultTags(get(own.contents, 'config'))) return true;
  for (const path of workspace.list(file.dirname)) {
    if (path === file.path || !isPulumiStackFile(path)) continue;
    const stack = workspace.file(path);
    const doc = stack?.yaml.documents[0];
    if (doc && configSetsDefaultTags(get(doc.contents, 'config'))) return true;
  }
  return false;
}
