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

export interface PackageScript {
  name: string;
  /** The script's command line, unescaped. */
  body: string;
  /** Range of the quoted key, where findings about the script as a whole sit. */
  keyStart: number;
  keyEnd: number;
}

/** The `scripts` entries of a `package.json` by name and body, with their key ranges. */
export function packageScriptEntries(file: SourceFile): PackageScript[] {
  return file.memo('package-json.entries', () => {
    const scripts = property(file.json, 'scripts');
    if (scripts?.type !== 'object') return [];
    const out: PackageScript[] = [];
    for (const prop of scripts.children ?? []) {
      const [key, value] = prop.children ?? [];
      if (key?.type !== 'string' || value?.type !== 'string') continue;
      out.push({ name: String(key.value), body: String(value.value), keyStart: key.offset, keyEnd: key.offset + key.length });
    }
    return out;
  });
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];

/**
 * Whether installing the package does anything: it declares dependencies or
 * workspaces. A `package.json` that cannot be read as an object is assumed to.
 */
export function declaresDependencies(file: SourceFile): boolean {
  return file.memo('package-json.declaresDependencies', () => {
    const root = file.json;
    if (root?.type !== 'object') return true;
    if (DEPENDENCY_FIELDS.some((f) => (property(root, f)?.children?.length ?? 0) > 0)) return true;
    const workspaces = property(root, 'workspaces');
    return workspaces !== undefined && (workspaces.children?.length ?? 0) > 0;
  });
}
