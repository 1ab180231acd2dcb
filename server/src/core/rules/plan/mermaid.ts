import { mermaidBlocks } from '../../parse/mermaid/blocks';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'plan/mermaid',
  kinds: ['plan-doc'],
  severity: 'error',
  docs: {
    summary: 'Every `mermaid` code block of a plan document names a diagram type mermaid knows and parses.',
    rationale:
      'A diagram that does not parse renders as an error box where the architecture or the pipeline should be, and ' +
      'nobody notices until the document is read on a forge. The block is read the way mermaid reads it (front matter ' +
      'and `%%{init: …}%%` directives set aside, `%%` comments ignored), its type taken from the first line, and its ' +
      'body parsed: with `@mermaid-js/parser`, mermaid\'s own grammars, for the types it covers (`architecture-beta`, ' +
      '`gitGraph`, `pie`, `packet`, `radar-beta`, `treemap` …), and with this project\'s parsers for flowcharts and ' +
      'sequence diagrams. The first error is reported at its line and column with the token that was expected there; ' +
      'other diagram types mermaid knows (`classDiagram`, `stateDiagram-v2`, `erDiagram`, `gantt` …) are checked by ' +
      'their header only, and a misspelt type gets the closest known one.',
  },
  messages: {
    syntax: 'Mermaid {type}: {message}',
    unknownType: 'Mermaid: {message}',
  },
  check(ctx) {
    for (const block of mermaidBlocks(ctx.file)) {
      if (!block.error) continue;
      // One sentence, ending once: a did-you-mean keeps its question mark.
      const message = /[.?]$/.test(block.error.message) ? block.error.message : `${block.error.message}.`;
      if (block.type) ctx.report({ messageId: 'syntax', data: { type: `\`${block.type.keyword}\``, message }, range: block.error.range });
      else ctx.report({ messageId: 'unknownType', data: { message }, range: block.error.range });
    }
  },
});
