import { defineRule } from '../../rule';

/** Tokens the parser assumes at the end of a construct, by node type, as the reader would write them. */
const CLOSERS: Readonly<Record<string, string>> = {
  '}': '}', ']': ']', ')': ')', '"': '"', block_end: '}', object_end: '}', tuple_end: ']',
  quoted_template_end: '"', template_interpolation_end: '}', template_directive_end: '}',
};

/** The token that starts at `offset` (up to white space), or '' at the end of the file. */
function tokenAt(text: string, offset: number): string {
  const m = /^\S{1,40}/.exec(text.slice(offset, offset + 40));
  return m ? m[0] : '';
}

export default defineRule({
  id: 'terraform/syntax',
  kinds: ['terraform'],
  severity: 'error',
  docs: {
    summary: 'Terraform `.tf` and `.tfvars` files must parse as HCL: every syntax error is reported where it is.',
    rationale:
      'Terraform refuses to plan a configuration with a syntax error anywhere in its folder, and says so only when someone runs it. ' +
      'The file is read with a real HCL grammar (tree-sitter) that recovers after an error, so each error is reported at its place and the ' +
      'other `terraform/*` rules still read the blocks that did parse. An unexpected stretch of text is reported on its first line; a token ' +
      'the parser had to assume (a missing `}` or `"`) at the place it was expected. `.tf.json` files are JSON and are checked by `json/syntax`. ' +
      'If the HCL parser could not be loaded, the file is reported as not checked, never passed in silence.',
  },
  messages: {
    unexpected: 'Unexpected `{text}`: this is not valid HCL here.',
    unexpectedEnd: 'Unexpected end of the file: a block or expression is not closed.',
    missing: 'Missing `{text}`.',
    unavailable: 'This Terraform file was not checked: the HCL parser is not available ({reason}).',
  },
  check(ctx) {
    const { file } = ctx;
    if (file.format !== 'hcl') return;
    const doc = file.hcl;
    if (doc.status === 'unavailable') {
      ctx.report({ messageId: 'unavailable', data: { reason: doc.reason ?? 'unknown cause' }, range: { start: 0, end: 0 } });
      return;
    }
    // Recovery may assume several tokens at one place (a heredoc end and a `}` at the end of the file): one finding per place.
    const seen = new Set<number>();
    const text = file.text;
    // At one place, a pretended heredoc's end is looked at first (it may silence the place), then a missing closer, which says the most.
    const order = (e: { text: string }) => (e.text === 'heredoc_identifier' ? 0 : CLOSERS[e.text] ? 1 : 2);
    const errors = [...doc.errors].sort((a, b) => a.range.start - b.range.start || order(a) - order(b));
    // After an unexpected token the parser may pretend a heredoc started there (a missing `<<`), and then assume its end
    // and every closer at the end of the file: those are echoes of the one mistake, not more of them.
    let pretendHeredoc = false;
    for (const e of errors) {
      if (e.kind === 'missing' && pretendHeredoc && e.text === 'heredoc_identifier') {
        seen.add(e.range.start);
        pretendHeredoc = false;
        continue;
      }
      if (seen.has(e.range.start)) continue;
      seen.add(e.range.start);
      if (e.kind === 'missing' && (e.text === '<<' || e.text === '<<-' || e.text === 'heredoc_start')) pretendHeredoc = true;
      const closer = CLOSERS[e.text];
      if (e.kind === 'missing' && closer) {
        // Where the token belongs: just after the text before it, not at the start of the next line.
        let at = e.range.start;
        while (at > 0 && /\s/.test(text[at - 1] as string)) at--;
        ctx.report({ messageId: 'missing', data: { text: closer }, range: { start: at, end: at } });
        continue;
      }
      const word = e.kind === 'missing' ? tokenAt(text, e.range.start) : e.text;
      if (word === '') ctx.report({ messageId: 'unexpectedEnd', range: { start: e.range.start, end: e.range.start } });
      else ctx.report({ messageId: 'unexpected', data: { text: word }, range: e.kind === 'missing' ? { start: e.range.start, end: e.range.start + word.length } : e.range });
    }
  },
});
