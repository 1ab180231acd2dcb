/**
 * The module graph of the server and the client has no cycle. A cycle makes the
 * order in which modules initialise depend on which one is imported first (a
 * registry read before it is filled), and two modules that need each other are
 * one module in two files. Type-only imports count too: a cycle of types is the
 * same knot, merely harmless at run time for now.
 */
import { expect, test } from 'bun:test';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = join(import.meta.dir, '..', '..');
const SOURCES = ['server/src', 'client/src'];

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return tsFiles(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

/** The source file a relative specifier names, or undefined when it is not one of ours (a JSON file, a folder outside). */
function resolveRelative(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
    if (candidate.endsWith('.ts') && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** Static imports and re-exports (`import … from`, `import type`, `export … from`, `import './x'`), as TypeScript reads them. */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, false);
    const deps = importedFiles
      .map((f) => f.fileName)
      .filter((s) => s.startsWith('./') || s.startsWith('../'))
      .map((s) => resolveRelative(file, s))
      .filter((p): p is string => p !== undefined);
    graph.set(file, [...new Set(deps)].sort());
  }
  return graph;
}

/** One cycle per back edge of a depth-first walk, each as the path that closes it (`a → b → a`). */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string) => {
    state.set(node, 'active');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const s = state.get(next);
      if (s === 'active') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (s === undefined) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

test('the cycle finder names a cycle, including one through a re-export or a type-only import', () => {
  const graph = new Map([
    ['a', ['b']],
    ['b', ['c']],
    ['c', ['a', 'd']],
    ['d', []],
    ['e', ['e']],
  ]);
  expect(findCycles(graph)).toEqual([
    ['a', 'b', 'c', 'a'],
    ['e', 'e'],
  ]);
  expect(findCycles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
  // The import reader sees every static form, type-only ones included, and skips packages.
  const read = (text: string) => ts.preProcessFile(text, true, false).importedFiles.map((f) => f.fileName);
  expect(read("import type { A } from './a';\nexport { b } from './b';\nimport './c';\nimport {\n  d,\n} from '../d';\nimport x from 'yaml';\n")).toEqual([
    './a',
    './b',
    './c',
    '../d',
    'yaml',
  ]);
});

test('server/src and client/src have no import cycle', () => {
  const files = SOURCES.flatMap((d) => tsFiles(join(ROOT, d)));
  const graph = importGraph(files);
  // The graph is real: the engine imports the registry, which imports every rule.
  const engine = join(ROOT, 'server/src/core/engine.ts');
  expect(graph.get(engine)).toContain(join(ROOT, 'server/src/core/rules/index.ts'));
  const named = findCycles(graph).map((cycle) => cycle.map((f) => relative(ROOT, f)).join(' → '));
  expect(named).toEqual([]);
});
