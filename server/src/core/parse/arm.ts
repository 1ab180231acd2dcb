/**
 * An ARM template read through its JSON tree (comments allowed): its
 * resources, in the list form or the symbolic-name form of `languageVersion`
 * 2.0, with child `resources` nested in them.
 */
import { findNodeAtLocation, type Node as JsonNode } from 'jsonc-parser/lib/esm/main.js';
import type { SourceFile } from '../source';

export interface ArmResource {
  node: JsonNode;
  /** The resource type as written (`Microsoft.Storage/storageAccounts`), or undefined when it is not a string. */
  type: string | undefined;
  /** The full type of a child resource (`Microsoft.Sql/servers/databases`), its parent's type prefixed. */
  fullType: string | undefined;
  /** Depth below the template's `resources` (0 for top-level resources). */
  depth: number;
  /** The property node of a key, or undefined. */
  property(key: string): JsonNode | undefined;
  /** The node to point at for the resource: its symbolic name, else its `type` value, else the object. */
  anchor: JsonNode;
}

function propertyOf(node: JsonNode, key: string): JsonNode | undefined {
  return findNodeAtLocation(node, [key]);
}

/** Every resource of a template, children included, in document order. */
export function armResources(file: SourceFile): ArmResource[] {
  return file.memo('arm-resources', () => {
    const root = file.json;
    if (!root || root.type !== 'object') return [];
    const out: ArmResource[] = [];
    const visit = (container: JsonNode | undefined, parentType: string | undefined, depth: number) => {
      if (!container || depth > 16) return;
      const entries: { node: JsonNode; name?: JsonNode }[] =
        container.type === 'array'
          ? (container.children ?? []).map((node) => ({ node }))
          : container.type === 'object'
            ? (container.children ?? []).flatMap((p) => (p.children?.[1] ? [{ node: p.children[1], name: p.children[0] }] : []))
            : [];
      for (const { node, name } of entries) {
        if (node.type !== 'object') continue;
        const typeNode = propertyOf(node, 'type');
        const type = typeNode?.type === 'string' ? (typeNode.value as string) : undefined;
        const fullType = type && parentType && !type.includes('/') ? `${parentType}/${type}` : type && parentType && !/^[A-Za-z]+\.[A-Za-z.]+\//.test(type) ? `${parentType}/${type}` : type;
        out.push({ node, type, fullType, depth, property: (k) => propertyOf(node, k), anchor: name ?? typeNode ?? node });
        visit(propertyOf(node, 'resources'), fullType, depth + 1);
      }
    };
    visit(findNodeAtLocation(root, ['resources']), undefined, 0);
    return out;
  });
}
