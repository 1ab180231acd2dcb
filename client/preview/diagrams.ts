/**
 * The part of the Markdown preview script that needs no browser: which code blocks are
 * diagrams, which mermaid theme matches the editor's, what a failed diagram says, and when a
 * drawn diagram can be reused. `mermaid-preview.ts` wires it to the preview's DOM.
 */

/** The preview renders a ```mermaid fence as `<pre><code class="language-mermaid">`. */
export const DIAGRAM_SELECTOR = 'pre > code.language-mermaid';

/** The themes of mermaid this script uses. */
export type DiagramTheme = 'default' | 'dark' | 'neutral';

/**
 * The mermaid theme for the classes VS Code puts on the preview's `<body>`:
 * `vscode-light`, `vscode-dark`, `vscode-high-contrast` (dark) and
 * `vscode-high-contrast-light`, which some versions set beside `vscode-high-contrast`.
 * High contrast light gets `neutral` (black on white); anything unknown is treated as light,
 * the preview's own default.
 */
export function diagramTheme(bodyClasses: Iterable<string>): DiagramTheme {
  const classes = new Set(bodyClasses);
  if (classes.has('vscode-high-contrast-light')) return 'neutral';
  if (classes.has('vscode-dark') || classes.has('vscode-high-contrast')) return 'dark';
  return 'default';
}

/**
 * One readable paragraph from whatever mermaid threw: its message without the blank lines,
 * cut to a length that fits above the source (mermaid's parse errors repeat the whole
 * expected-token list).
 */
export function diagramError(error: unknown, maxLength = 600): string {
  const raw = error instanceof Error ? error.message : typeof error === 'string' ? error : String((error as { message?: unknown })?.message ?? error);
  const text = raw
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .join('\n')
    .trim();
  if (text === '') return 'Mermaid could not read this diagram.';
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/**
 * Drawn diagrams by source and theme: the preview re-renders its whole document on every
 * edit, and a diagram whose text and theme did not change is put back, not drawn again.
 * Bounded, oldest first out, so that a long editing session does not keep every draft.
 */
export class DiagramCache<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly capacity = 64) {}

  get(source: string, theme: DiagramTheme): T | undefined {
    const key = `${theme}\n${source}`;
    const value = this.entries.get(key);
    if (value !== undefined) {
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(source: string, theme: DiagramTheme, value: T): void {
    const key = `${theme}\n${source}`;
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  get size(): number {
    return this.entries.size;
  }
}
