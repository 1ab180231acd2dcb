/**
 * `@mermaid-js/parser` from the engine: loaded on the first diagram of a type it
 * covers, synchronously, through a loader the shells may replace (a bundle keeps
 * the library in its own file beside itself, `dist/mermaid-parser.js`; see
 * `server/src/node/bundled-validators.ts`). A library that cannot be loaded is
 * said once per diagram, never thrown.
 */

/** The diagram types of `@mermaid-js/parser` that mermaid 12 parses with it. */
export type LibraryDiagramType =
  | 'architecture'
  | 'cynefin'
  | 'eventmodeling'
  | 'gitGraph'
  | 'info'
  | 'packet'
  | 'pie'
  | 'radar'
  | 'railroad'
  | 'railroadAbnf'
  | 'railroadEbnf'
  | 'railroadPeg'
  | 'treemap'
  | 'treeView'
  | 'wardley';

/** One error as the library gives it: 1-based line and column, when it knows them. */
export interface LibraryError {
  message: string;
  line?: number;
  column?: number;
  length: number;
}

export interface MermaidLibrary {
  firstError(type: LibraryDiagramType, text: string): LibraryError | undefined;
}

export type MermaidLibraryLoader = () => MermaidLibrary;

// A name the minifier cannot fold into a constant, so the bundler leaves the library out of the bundles that hold the engine.
const ENTRY = ['.', 'library-entry'].join('/');
let load: MermaidLibraryLoader = () => require(ENTRY) as MermaidLibrary;
let loaded: MermaidLibrary | { failure: string } | undefined;

/** Where the library is loaded from (a bundle's own copy). */
export function loadMermaidLibraryWith(loader: MermaidLibraryLoader): void {
  load = loader;
  loaded = undefined;
}

/** The library, loaded on first use, or why it could not be. */
export function mermaidLibrary(): MermaidLibrary | { failure: string } {
  if (!loaded) {
    try {
      const library = load();
      loaded = typeof library?.firstError === 'function' ? library : { failure: 'the module has no `firstError`' };
    } catch (error) {
      loaded = { failure: error instanceof Error ? error.message : String(error) };
    }
  }
  return loaded;
}
