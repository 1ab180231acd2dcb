/**
 * Hover on a finding: for each of our findings under the cursor, its message,
 * the rule's id, summary and the first paragraph of its rationale, a short
 * example taken from the rule's documentation page (rendered from the rule's
 * fixtures by `bun run docs`, shipped in the extension) and a link to that page.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type Hover, MarkupKind, type TextDocumentPositionParams } from 'vscode-languageserver/node';
import type { Rule } from '../core/rule';
import type { Finding } from '../core/types';
import { ruleDocsUrl } from '../node/report';
import type { LintedBuffer } from './document-validator';

/** Lines of an example shown in a hover; longer examples are cut around their first finding. */
const EXAMPLE_LINES = 10;

export interface RuleExample {
  file: string;
  language: string;
  code: string;
}

/**
 * The first reported example of a rule page (`## Reported`, its first case, its
 * first file), cut to a few lines around the first finding in that file.
 */
export function exampleFromRulePage(page: string): RuleExample | undefined {
  // By position, not by section: a Markdown example holds `## ` headings of its own.
  const reported = page.indexOf('\n## Reported\n');
  if (reported < 0) return undefined;
  const firstCase = page.indexOf('\n### ', reported);
  if (firstCase < 0) return undefined;
  const block = /^`([^`\n]+)`\n\n(`{3,})([\w-]*)\n([\s\S]*?)\n\2$/m.exec(page.slice(firstCase));
  if (!block) return undefined;
  const [, file, , language, code] = block;
  const lines = code.split('\n');
  if (lines.length <= EXAMPLE_LINES) return { file, language, code };
  // `file:line:column rule message` in the case's findings, after the block: the window shows the first line reported in this file.
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const at = new RegExp(`^${escaped}:(\\d+):\\d+ `, 'm').exec(page.slice(firstCase + block.index + block[0].length));
  const line = at ? Number(at[1]) - 1 : 0;
  const start = Math.max(0, Math.min(line - Math.floor(EXAMPLE_LINES / 2), lines.length - EXAMPLE_LINES));
  return { file, language, code: lines.slice(start, start + EXAMPLE_LINES).join('\n') };
}

/** The first paragraph of a text. */
export function firstParagraph(text: string): string {
  return text.trim().split(/\n[ \t]*\n/)[0];
}

/** The hover text of the findings of one rule. */
export function findingMarkdown(rule: Rule<unknown> | undefined, ruleId: string, findings: readonly Finding[], example: RuleExample | undefined): string {
  const parts: string[] = [];
  for (const f of findings) parts.push(`**${f.severity}** — ${f.message}`);
  parts.push(rule ? `\`${ruleId}\` — ${rule.docs.summary}` : `\`${ruleId}\``);
  if (rule) parts.push(firstParagraph(rule.docs.rationale));
  if (example) {
    const fence = example.code.includes('```') ? '````' : '```';
    parts.push(`Reported, in \`${example.file}\`:\n\n${fence}${example.language}\n${example.code}\n${fence}`);
  }
  parts.push(`[Documentation for ${ruleId}](${ruleDocsUrl(ruleId)})`);
  return parts.join('\n\n');
}

export class FindingHover {
  private readonly examples = new Map<string, RuleExample | undefined>();

  constructor(
    private readonly documents: { get(uri: string): TextDocument | undefined },
    private readonly findings: (uri: string) => Promise<LintedBuffer | undefined>,
    private readonly rules: readonly Rule<unknown>[],
    /** The folder of the rule pages (`docs/rules` in the extension); the pages are read once each. */
    private readonly docsDir: string | undefined,
  ) {}

  async hover(params: TextDocumentPositionParams): Promise<Hover | null> {
    const uri = params.textDocument.uri;
    const document = this.documents.get(uri);
    if (!document) return null;
    const linted = await this.findings(uri);
    // Offsets belong to the text that was linted.
    if (!linted || this.documents.get(uri)?.version !== linted.version) return null;
    const offset = document.offsetAt(params.position);
    const here = linted.findings.filter((f) => f.range.start <= offset && (offset < f.range.end || offset === f.range.start || offset === f.range.end));
    if (here.length === 0) return null;
    const byRule = new Map<string, Finding[]>();
    for (const f of here) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
    const sections = [...byRule].map(([id, findings]) => {
      const rule = this.rules.find((r) => r.id === id);
      return findingMarkdown(rule, id, findings, this.example(id));
    });
    const start = Math.min(...here.map((f) => f.range.start));
    const end = Math.max(...here.map((f) => f.range.end));
    return {
      contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') },
      range: { start: document.positionAt(start), end: document.positionAt(end) },
    };
  }

  private example(ruleId: string): RuleExample | undefined {
    if (this.examples.has(ruleId)) return this.examples.get(ruleId);
    let example: RuleExample | undefined;
    if (this.docsDir && /^[a-z0-9-]+\/[a-z0-9-]+$/.test(ruleId)) {
      try {
        example = exampleFromRulePage(readFileSync(join(this.docsDir, `${ruleId}.md`), 'utf8'));
      } catch {
        // No page (a development build without docs): summary and rationale only.
      }
    }
    this.examples.set(ruleId, example);
    return example;
  }
}

/** Several hovers' contents in one: the finding's first, then the configuration's. */
export function joinHovers(hovers: readonly (Hover | null)[]): Hover | null {
  const present = hovers.filter((h): h is Hover => h !== null);
  if (present.length <= 1) return present[0] ?? null;
  const value = present.map((h) => (typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : String(h.contents))).join('\n\n---\n\n');
  return { contents: { kind: MarkupKind.Markdown, value }, range: present[0].range };
}
