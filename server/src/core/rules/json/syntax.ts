// The ESM build: the UMD one loads its parts with dynamic requires a bundler cannot follow.
import { type ParseError, printParseErrorCode, visit } from 'jsonc-parser/lib/esm/main.js';
import { kindsWithFormat } from '../../formats';
import { jsonTooDeepAt, MAX_JSON_DEPTH } from '../../parse/json';
import { defineRule } from '../../rule';

const DESCRIPTIONS: Record<string, string> = {
  InvalidSymbol: 'Unexpected character',
  InvalidNumberFormat: 'Invalid number',
  PropertyNameExpected: 'Expected a property name in double quotes',
  ValueExpected: 'Expected a value',
  ColonExpected: "Expected ':'",
  CommaExpected: "Expected ','",
  CloseBraceExpected: "Expected '}'",
  CloseBracketExpected: "Expected ']'",
  EndOfFileExpected: 'Expected the end of the file',
  InvalidCommentToken: 'Comments are not allowed in JSON',
  UnexpectedEndOfComment: 'Unterminated comment',
  UnexpectedEndOfString: 'Unterminated string',
  UnexpectedEndOfNumber: 'Unterminated number',
  InvalidUnicode: 'Invalid unicode escape',
  InvalidEscapeCharacter: 'Invalid escape character',
  InvalidCharacter: 'Invalid character in string',
};

export default defineRule({
  id: 'json/syntax',
  kinds: kindsWithFormat('json', 'jsonc'),
  severity: 'error',
  docs: {
    summary: 'JSON must parse: every syntax error is reported where it is.',
    rationale:
      'JSON files such as `package.json`, ARM templates and `.tf.json` are read by tools that stop at the first error. ' +
      'Strict JSON allows no comments and no trailing commas; both are reported. Files whose tools read JSON with ' +
      'Comments (`tsconfig.json`, `.vscode/*.json`, dev container files, `*.jsonc`, `renovate.json`, …) may have both. ' +
      'Nesting deeper than 1,000 levels is reported too: no real file needs it, and it can exhaust the tools that read it.',
  },
  messages: {
    syntax: '{message}.',
    trailingComma: 'Trailing commas are not allowed in JSON.',
    tooDeep: 'JSON nested deeper than {depth} levels.',
  },
  check(ctx) {
    const { file } = ctx;
    if (!file.isJson) return;
    const deep = jsonTooDeepAt(file.text);
    if (deep !== undefined) {
      ctx.report({ messageId: 'tooDeep', data: { depth: MAX_JSON_DEPTH }, range: { start: deep, end: deep + 1 } });
      return;
    }
    const jsonc = file.format === 'jsonc';
    const errors: ParseError[] = [];
    visit(
      file.text,
      {
        onError(error, offset, length) {
          errors.push({ error, offset, length });
        },
      },
      { disallowComments: !jsonc, allowTrailingComma: jsonc },
    );
    // The parser recovers and may report one mistake twice at the same place; one finding is enough.
    const seen = new Set<number>();
    for (const e of errors) {
      if (seen.has(e.offset)) continue;
      seen.add(e.offset);
      const code = printParseErrorCode(e.error);
      const comma = trailingCommaBefore(file.text, e.offset);
      if (comma !== undefined && (code === 'PropertyNameExpected' || code === 'ValueExpected')) {
        ctx.report({ messageId: 'trailingComma', range: { start: comma, end: comma + 1 } });
        continue;
      }
      const start = e.offset;
      const end = Math.min(file.text.length, start + Math.max(1, e.length));
      ctx.report({ messageId: 'syntax', data: { message: DESCRIPTIONS[code] ?? code }, range: { start, end } });
    }
  },
});

/** Offset of a `,` that only blanks separate from the `}` or `]` at `offset`. */
function trailingCommaBefore(text: string, offset: number): number | undefined {
  if (text[offset] !== '}' && text[offset] !== ']') return undefined;
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  return text[i] === ',' ? i : undefined;
}
