/**
 * Completion, one provider per kind of document: each answers for the
 * documents it knows (null for the others), and the first answer wins. A
 * provider for another kind of file is added to the list in `server.ts`.
 */
import type { CompletionList, TextDocumentPositionParams } from 'vscode-languageserver/node';

export interface CompletionProvider {
  /** Characters after which the editor should ask this provider again. */
  readonly triggerCharacters: readonly string[];
  /** The completions at a position, or null when the document is not one this provider completes. */
  completion(params: TextDocumentPositionParams): CompletionList | null;
}

export class CompletionRouter {
  constructor(private readonly providers: readonly CompletionProvider[]) {}

  /** Every provider's trigger characters, once each. */
  get triggerCharacters(): string[] {
    return [...new Set(this.providers.flatMap((p) => p.triggerCharacters))];
  }

  completion(params: TextDocumentPositionParams): CompletionList | null {
    for (const provider of this.providers) {
      const answer = provider.completion(params);
      if (answer) return answer;
    }
    return null;
  }
}
