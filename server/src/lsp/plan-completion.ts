/**
 * Completion in the plan documents (`plan/infrastructure.md`, `plan/deployment.md`):
 * the missing sections' headings on a line being typed as a heading, the next
 * expected section first and preselected (`core/plan/heading-completion.ts`).
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type CompletionItem, CompletionItemKind, type CompletionList, type TextDocumentPositionParams } from 'vscode-languageserver/node';
import { kindByPath, type KindPatterns } from '../core/detect';
import { headingOffers } from '../core/plan/heading-completion';
import { planDocumentKind } from '../core/plan/sections';
import { SourceFile } from '../core/source';
import type { CompletionProvider } from './completion';

export class PlanCompletion implements CompletionProvider {
  readonly triggerCharacters = ['#'];
  /** The last buffer read, by identity and version: a closed and reopened document is a new buffer at version 1 again. */
  private last: { buffer: TextDocument; version: number; file: SourceFile } | undefined;

  constructor(
    private readonly documents: { get(uri: string): TextDocument | undefined },
    private readonly locate: (uri: string) => { path: string; kinds: KindPatterns | undefined },
  ) {}

  completion(params: TextDocumentPositionParams): CompletionList | null {
    const buffer = this.documents.get(params.textDocument.uri);
    if (!buffer) return null;
    const { path, kinds } = this.locate(params.textDocument.uri);
    if (!planDocumentKind(path) || kindByPath(path, kinds) !== 'plan-doc') return null;
    if (this.last?.buffer !== buffer || this.last.version !== buffer.version) {
      this.last = { buffer, version: buffer.version, file: new SourceFile(path, 'plan-doc', buffer.getText()) };
    }
    const offers = headingOffers(this.last.file, buffer.offsetAt(params.position));
    const items = offers.map(
      (offer, i): CompletionItem => ({
        label: offer.section.title,
        kind: CompletionItemKind.Module,
        detail: offer.heading,
        documentation: offer.section.purpose,
        textEdit: { range: { start: buffer.positionAt(offer.replace.start), end: buffer.positionAt(offer.replace.end) }, newText: offer.heading },
        filterText: offer.filterText,
        sortText: String(i).padStart(2, '0'),
        preselect: i === 0,
      }),
    );
    return { isIncomplete: false, items };
  }
}
