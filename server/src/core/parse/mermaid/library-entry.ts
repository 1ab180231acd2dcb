/**
 * The entry of the separately bundled `@mermaid-js/parser` (mermaid's own
 * Langium grammars for the diagram types it covers). Never imported by the
 * core: `library.ts` requires this module (or its bundle, `dist/mermaid-parser.js`)
 * the first time a diagram of one of these types is checked, so the language
 * server starts without it. The library's `parse()` is asynchronous only
 * because it imports each grammar on demand; the services it builds parse
 * synchronously, which is what the synchronous engine calls here.
 */
import {
  createArchitectureServices,
  createCynefinServices,
  createEventModelingServices,
  createGitGraphServices,
  createInfoServices,
  createPacketServices,
  createPieServices,
  createRadarServices,
  createRailroadAbnfServices,
  createRailroadEbnfServices,
  createRailroadPegServices,
  createRailroadServices,
  createTreemapServices,
  createTreeViewServices,
  createWardleyServices,
} from '@mermaid-js/parser';
import type { LibraryDiagramType, LibraryError } from './library';

interface LangiumParser {
  parse(text: string): {
    lexerErrors: { message: string; line?: number; column?: number; length: number }[];
    parserErrors: { message: string; token: { image: string; startLine?: number; startColumn?: number } }[];
  };
}

const MAKERS: Record<LibraryDiagramType, () => LangiumParser> = {
  architecture: () => createArchitectureServices().Architecture.parser.LangiumParser,
  cynefin: () => createCynefinServices().Cynefin.parser.LangiumParser,
  eventmodeling: () => createEventModelingServices().EventModel.parser.LangiumParser,
  gitGraph: () => createGitGraphServices().GitGraph.parser.LangiumParser,
  info: () => createInfoServices().Info.parser.LangiumParser,
  packet: () => createPacketServices().Packet.parser.LangiumParser,
  pie: () => createPieServices().Pie.parser.LangiumParser,
  radar: () => createRadarServices().Radar.parser.LangiumParser,
  railroad: () => createRailroadServices().Railroad.parser.LangiumParser,
  railroadAbnf: () => createRailroadAbnfServices().RailroadAbnf.parser.LangiumParser,
  railroadEbnf: () => createRailroadEbnfServices().RailroadEbnf.parser.LangiumParser,
  railroadPeg: () => createRailroadPegServices().RailroadPeg.parser.LangiumParser,
  treemap: () => createTreemapServices().Treemap.parser.LangiumParser,
  treeView: () => createTreeViewServices().TreeView.parser.LangiumParser,
  wardley: () => createWardleyServices().Wardley.parser.LangiumParser,
};

const parsers = new Map<LibraryDiagramType, LangiumParser>();

/** The first lexer or parser error of `text` as a diagram of `type` (1-based line and column), or undefined. */
export function firstError(type: LibraryDiagramType, text: string): LibraryError | undefined {
  let parser = parsers.get(type);
  if (!parser) {
    parser = MAKERS[type]();
    parsers.set(type, parser);
  }
  const result = parser.parse(text);
  const lexer = result.lexerErrors[0];
  if (lexer) return { message: lexer.message, line: lexer.line, column: lexer.column, length: lexer.length };
  const error = result.parserErrors[0];
  if (error) return { message: error.message, line: error.token.startLine, column: error.token.startColumn, length: error.token.image.length };
  return undefined;
}
