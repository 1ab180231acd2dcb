/**
 * Writing mermaid flowcharts that parse whatever the repository's names hold:
 * node ids are generated (`n0`, `n1`…), never taken from a file name, and every
 * label is quoted with the characters mermaid reads inside quotes written as
 * its entity codes. Lines come out in the order they were added, so a sorted
 * model gives the same diagram every time.
 */

/** A label safe inside `["…"]`: quotes, angle brackets and line breaks as mermaid entities or spaces. */
export function mermaidLabel(text: string): string {
  const clean = text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    // A backtick right after the opening quote would make the label a markdown string.
    .replace(/`/g, "'")
    .trim();
  return `"${clean || ' '}"`;
}

export class Flowchart {
  private readonly lines: string[] = [];
  private readonly ids = new Map<string, string>();
  private readonly edges = new Set<string>();
  private next = 0;
  private depth = 1;

  constructor(private readonly direction: 'LR' | 'TD' = 'LR') {}

  /** The id of the node keyed `key`, declaring it with `label` the first time. */
  node(key: string, label: string, shape: 'box' | 'round' | 'db' = 'box'): string {
    let id = this.ids.get(key);
    if (id) return id;
    id = `n${this.next++}`;
    this.ids.set(key, id);
    const text = mermaidLabel(label);
    const body = shape === 'round' ? `(${text})` : shape === 'db' ? `[(${text})]` : `[${text}]`;
    this.push(`${id}${body}`);
    return id;
  }

  has(key: string): boolean {
    return this.ids.has(key);
  }

  /** An arrow between two declared nodes, once: the same arrow asked for twice is drawn once. */
  edge(from: string, to: string, label?: string): void {
    const line = label ? `${from} -->|${mermaidLabel(label)}| ${to}` : `${from} --> ${to}`;
    if (this.edges.has(line)) return;
    this.edges.add(line);
    this.push(line);
  }

  /** A subgraph around what `fill` declares. */
  group(label: string, fill: () => void): void {
    this.push(`subgraph g${this.next++}[${mermaidLabel(label)}]`);
    this.depth++;
    fill();
    this.depth--;
    this.push('end');
  }

  get empty(): boolean {
    return this.ids.size === 0;
  }

  /** Nodes declared so far. */
  get size(): number {
    return this.ids.size;
  }

  /** The whole diagram as a fenced `mermaid` block. */
  toFence(): string {
    return ['```mermaid', `flowchart ${this.direction}`, ...this.lines, '```'].join('\n');
  }

  private push(line: string): void {
    this.lines.push(`${'  '.repeat(this.depth)}${line}`);
  }
}
