/**
 * The structure of an Azure Pipelines file as the semantic rules read it: task
 * references, the stages and jobs each list defines and the `dependsOn` that name
 * them, template references and the parameters a template declares. Template
 * directives (`${{ if }}`, `${{ each }}`…) are seen through where that is safe,
 * and mark what they make unknowable.
 */
import { isMap, isScalar, isSeq, type Node, type Scalar, type YAMLMap } from 'yaml';
import type { SourceFile } from '../source';
import { get } from './yaml';

/** Keys that insert their value into the enclosing mapping or list. */
const DIRECTIVE_KEY = /^\$\{\{\s*(if|elseif|else|each|insert)\b/;
/** A value Azure computes: a template expression, a runtime expression or a macro. */
const EXPRESSION = /\$\{\{|\$\[|\$\(/;

export function isDirectiveKey(key: string): boolean {
  return DIRECTIVE_KEY.test(key);
}

export function isExpression(text: string): boolean {
  return EXPRESSION.test(text);
}

function keyText(node: unknown): string {
  return isScalar(node) ? String(node.value) : '';
}

function stringScalar(node: unknown): Scalar<string> | undefined {
  return isScalar(node) && typeof node.value === 'string' ? (node as Scalar<string>) : undefined;
}

/** The entries of a mapping with conditional insertions (`${{ if }}:` holding a mapping) flattened in; `unknown` when an `each` or `insert` may add any key. */
export function flatEntries(map: YAMLMap, depth = 0): { entries: { key: Scalar; value: unknown }[]; unknown: boolean } {
  const entries: { key: Scalar; value: unknown }[] = [];
  let unknown = false;
  for (const pair of map.items) {
    if (!isScalar(pair.key)) continue;
    const key = keyText(pair.key);
    const directive = DIRECTIVE_KEY.exec(key)?.[1];
    if (directive === undefined) {
      if (isExpression(key)) unknown = true;
      entries.push({ key: pair.key, value: pair.value });
      continue;
    }
    if ((directive === 'if' || directive === 'elseif' || directive === 'else') && isMap(pair.value) && depth < 16) {
      const inner = flatEntries(pair.value, depth + 1);
      entries.push(...inner.entries);
      unknown ||= inner.unknown;
    } else unknown = true;
  }
  return { entries, unknown };
}

/** The value of `key` in a mapping, conditional insertions included (the first one written). */
export function flatGet(map: YAMLMap, key: string): unknown {
  return flatEntries(map).entries.find((e) => e.key.value === key)?.value;
}

/**
 * The items of a list with conditional insertions (`- ${{ if }}:` holding a list)
 * flattened in; `unknown` when an item is inserted by `each` or is an expression.
 */
export function flatItems(seq: unknown, depth = 0): { items: Node[]; unknown: boolean } {
  const items: Node[] = [];
  let unknown = false;
  if (!isSeq(seq)) return { items, unknown: seq !== null && seq !== undefined };
  for (const item of seq.items) {
    const node = item as Node;
    if (isMap(node) && node.items.length > 0 && node.items.every((p) => isDirectiveKey(keyText(p.key)))) {
      for (const pair of node.items) {
        const directive = DIRECTIVE_KEY.exec(keyText(pair.key))?.[1];
        if (directive === 'each' || directive === 'insert' || !isSeq(pair.value) || depth >= 16) {
          unknown = true;
          continue;
        }
        const inner = flatItems(pair.value, depth + 1);
        items.push(...inner.items);
        unknown ||= inner.unknown;
      }
      continue;
    }
    if (isScalar(node) && typeof node.value === 'string' && isExpression(node.value)) unknown = true;
    items.push(node);
  }
  return { items, unknown };
}

export interface TaskReference {
  /** The `task:` value. */
  node: Scalar<string>;
  name: string;
}

/** Every `task:` of a step: a mapping in a list, outside task inputs and variables. */
export function azureTaskReferences(file: SourceFile): TaskReference[] {
  return file.memo('azure-pipelines.tasks', () => {
    const out: TaskReference[] = [];
    const visit = (node: unknown, inList: boolean, depth: number): void => {
      if (depth > 64) return;
      if (isSeq(node)) for (const item of node.items) visit(item, true, depth + 1);
      else if (isMap(node)) {
        const task = inList ? stringScalar(get(node, 'task')) : undefined;
        if (task) out.push({ node: task, name: task.value });
        for (const pair of node.items) {
          const key = keyText(pair.key);
          if (key === 'inputs' || key === 'env' || key === 'variables') continue;
          // A directive's content stands where the directive is: in a list when the directive is a list item.
          visit(pair.value, isDirectiveKey(key) ? inList : false, depth + 1);
        }
      }
    };
    for (const doc of file.yaml.documents) if (doc.errors.length === 0) visit(doc.contents, false, 0);
    return out;
  });
}

export interface TemplateReference {
  /** The `template:` value. */
  node: Scalar<string>;
  /** The `parameters:` beside it, when given. */
  parameters: unknown;
  /** Where it stands: a list of `stages`, `jobs`, `steps` or `variables`, or `extends`. */
  where: 'stages' | 'jobs' | 'steps' | 'variables' | 'extends';
}

const TEMPLATE_LISTS = new Set(['stages', 'jobs', 'steps', 'variables']);

/**
 * Template references of the file: items of `stages`, `jobs`, `steps` and
 * `variables` lists, and `extends`. Those inside parameter values (steps passed
 * to another template) are left out: where they end up decides how they resolve.
 */
export function azureTemplateReferences(file: SourceFile): TemplateReference[] {
  return file.memo('azure-pipelines.templates', () => {
    const out: TemplateReference[] = [];
    const add = (map: unknown, where: TemplateReference['where']) => {
      if (!isMap(map)) return;
      const node = stringScalar(flatGet(map, 'template'));
      if (node) out.push({ node, parameters: flatGet(map, 'parameters'), where });
    };
    const visit = (node: unknown, listKey: string | undefined, depth: number): void => {
      if (depth > 64) return;
      if (isSeq(node)) {
        for (const item of flatItems(node).items) {
          if (listKey && TEMPLATE_LISTS.has(listKey)) add(item, listKey as TemplateReference['where']);
          visit(item, undefined, depth + 1);
        }
      } else if (isMap(node)) {
        for (const { key, value } of flatEntries(node).entries) {
          const k = String(key.value);
          if (k === 'parameters' || k === 'inputs' || k === 'templateContext' || k === 'env') continue;
          if (k === 'extends') add(value, 'extends');
          visit(value, k, depth + 1);
        }
      }
    };
    for (const doc of file.yaml.documents) if (doc.errors.length === 0) visit(doc.contents, undefined, 0);
    return out;
  });
}

/**
 * The workspace path a template reference names, seen from the file that writes
 * it: relative to that file's folder, or to the repository root with a leading
 * `/`. Undefined for a template in another repository (`path@repo`), a path
 * Azure computes, or one that leaves the workspace.
 */
export function templatePath(fromFile: string, reference: string): string | undefined {
  const ref = reference.trim();
  if (ref === '' || ref.includes('@') || isExpression(ref)) return undefined;
  const dir = fromFile.includes('/') ? fromFile.slice(0, fromFile.lastIndexOf('/')) : '';
  const joined = ref.startsWith('/') ? ref.slice(1) : dir ? `${dir}/${ref}` : ref;
  const parts: string[] = [];
  for (const part of joined.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}

export interface DeclaredParameters {
  /** Declared names, each with whether a default makes it optional. */
  names: Map<string, { optional: boolean }>;
}

/**
 * The typed parameters a template declares (`parameters:` as a list of `name:`
 * entries), or undefined when they cannot be known for sure: no list, the older
 * mapping form (which takes any parameter), or entries Azure computes.
 */
export function declaredParameters(file: SourceFile): DeclaredParameters | undefined {
  return file.memo('azure-pipelines.declared-parameters', () => {
    const docs = file.yaml.documents;
    if (docs.length !== 1 || docs[0].errors.length > 0 || !isMap(docs[0].contents)) return undefined;
    const root = flatEntries(docs[0].contents);
    const list = root.entries.find((e) => e.key.value === 'parameters')?.value;
    if (!isSeq(list)) return undefined;
    const { items, unknown } = flatItems(list);
    if (unknown) return undefined;
    const names = new Map<string, { optional: boolean }>();
    for (const item of items) {
      if (!isMap(item)) return undefined;
      const { entries, unknown: open } = flatEntries(item);
      const name = entries.find((e) => e.key.value === 'name')?.value;
      if (open || !isScalar(name) || typeof name.value !== 'string' || isExpression(name.value)) return undefined;
      names.set(name.value, { optional: entries.some((e) => e.key.value === 'default') });
    }
    return { names };
  });
}
