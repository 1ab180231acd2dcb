/**
 * Scripts of a `package.json`: each string value of the top-level `scripts`
 * object. The file spells them as JSON strings, so each script is marked
 * escaped and its commands are reported in the file's spelling: a fix then
 * carries `\"` over as written and the file stays valid JSON.
 */
import type { Node } from 'jsonc-parser/lib/esm/main.js';
import type { SourceFile } from '../source';
import { jsonStringScript, type Script } from './script';

export function packageJsonScripts(file: SourceFile): Script[] {
  return file.memo('package-json.scripts', () => {
    const root = file.json;
    const scripts = property(root, 'scripts');
    if (scripts?.type !== 'object') return [];
    const out: Script[] = [];
    for (const prop of scripts.children ?? []) {
      const value = prop.children?.[1];
      if (value?.type !== 'string') continue;
      out.push(jsonStringScript(file.text, value.offset, value.offset + value.length));
    }
    return out;
  });
}

function property(node: Node | undefined, key: string): Node | undefined {
  if (node?.type !== 'object') return undefined;
  for (const prop of node.children ?? []) {
    const [name, value] = prop.children ?? [];
    if (name?.value === key) return value;
  }
  return undefined;
}
