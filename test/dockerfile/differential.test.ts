/**
 * Our Dockerfile parser against `dockerfile-ast` (a dev dependency, never
 * shipped) on the Dockerfiles that are hard to read right: both must see the
 * same instructions, keywords, flags, arguments, JSON strings, here-documents
 * and directives at the same ranges.
 *
 * Two differences are by design and are compared accordingly: dockerfile-ast
 * lists the words of here-document bodies among an instruction's arguments,
 * ours keeps bodies apart (they are read as scripts or as file content), so
 * arguments are compared up to the instruction's own lines; and dockerfile-ast
 * unescapes `\"` in an argument's value while ours keeps the value as written,
 * so values with a backslash are compared by range only. In JSON forms
 * dockerfile-ast leaves `\u0041` undecoded and drops blanks inside a string,
 * where Docker (and ours) decode the one and keep the other: those strings are
 * compared by range only.
 */
import { describe, expect, test } from 'bun:test';
import { DockerfileParser, type Instruction, type JSONInstruction, type Onbuild } from 'dockerfile-ast';
import { LineIndex } from '../../server/src/core/lines';
import { type DockerInstruction, parseDockerfile } from '../../server/src/core/parse/dockerfile';
import type { OffsetRange } from '../../server/src/core/types';
import { TRICKY } from './tricky';

interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

const show = (r: LspRange) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

for (const [name, text] of Object.entries(TRICKY)) {
  describe(name, () => {
    const lines = new LineIndex(text);
    const at = (r: OffsetRange) => show({ start: lines.positionAt(r.start), end: lines.positionAt(r.end) });
    const ours = parseDockerfile(text);
    const theirs = DockerfileParser.parse(text);

    test('same directives and escape character', () => {
      expect(ours.escape).toBe(theirs.getEscapeCharacter() as '\\' | '`');
      expect(ours.directives.map((d) => [d.name, d.value])).toEqual(theirs.getDirectives().map((d) => [d.getName().toLowerCase(), d.getValue()]));
    });

    test('same instructions, keywords and ranges', () => {
      // A continuation left dangling at the end of the file: dockerfile-ast runs the range on to the
      // next (empty) line, ours ends at the escape character; only the start is compared there.
      const dangling = (i: DockerInstruction) => i === ours.instructions[ours.instructions.length - 1] && /[\\`]\s*$/.test(text.slice(i.range.start, i.range.end));
      const mine = ours.instructions.map((i) => [i.keyword, at(i.keywordRange), dangling(i) ? at({ start: i.range.start, end: i.range.start }) : at(i.range)]);
      const other = theirs.getInstructions().map((i, k) => {
        const r = i.getRange();
        const mineToo = ours.instructions[k];
        return [i.getKeyword(), show(i.getInstructionRange()), mineToo && dangling(mineToo) ? show({ start: r.start, end: r.start }) : show(r)];
      });
      expect(mine).toEqual(other);
    });

    test('same flags, arguments, JSON strings and here-documents', () => {
      theirs.getInstructions().forEach((other, k) => compare(ours.instructions[k], other));
    });

    function compare(mine: DockerInstruction, other: Instruction): void {
      const flags = 'getFlags' in other ? (other as JSONInstruction).getFlags() : [];
      expect(mine.flags.map((f) => [f.name, f.value ?? null, at(f.range), f.valueRange ? at(f.valueRange) : null])).toEqual(
        flags.map((f) => [f.getName(), f.getValue(), show(f.getRange()), f.getValueRange() ? show(f.getValueRange() as LspRange) : null]),
      );
      // Arguments on the instruction's own lines: here-document bodies are kept apart by design.
      const lastLine = lines.positionAt(mine.lines[mine.lines.length - 1].start).line;
      const args = other.getArguments().filter((a) => a.getRange().start.line <= lastLine);
      // ONBUILD's arguments are those of its trigger in dockerfile-ast.
      const myArgs = mine.trigger ? [{ value: mine.trigger.keyword, range: mine.trigger.keywordRange }, ...mine.trigger.flags, ...mine.trigger.args] : mine.args;
      expect(myArgs.map((a) => at(a.range))).toEqual(args.map((a) => show(a.getRange())));
      myArgs.forEach((a, i) => {
        const value = 'value' in a && typeof a.value === 'string' ? a.value : '';
        if (!value.includes('\\') && !mine.trigger) expect(value).toBe(args[i].getValue());
      });
      if ('getJSONStrings' in other && mine.exec) {
        const strings = (other as JSONInstruction).getJSONStrings();
        expect(mine.exec.elements.map((e) => at({ start: e.start, end: e.end }))).toEqual(strings.map((s) => show(s.getRange())));
        // dockerfile-ast leaves JSON escapes such as `\u0041` undecoded and drops the blanks inside a
        // string (`"a = b"` reads `a=b`); Docker keeps and decodes both, as ours does.
        mine.exec.elements.forEach((e, i) => {
          if (!/[\\\s]/.test(text.slice(e.start, e.end))) expect(e.value).toBe(strings[i].getJSONValue());
        });
      }
      if ('getHeredocs' in other) {
        const heredocs = (other as unknown as { getHeredocs(): HeredocLike[] }).getHeredocs();
        const owner = mine.trigger ?? mine;
        expect(owner.heredocs.map((h) => [h.delimiter, at(h.marker), h.bodyStart < h.bodyEnd ? at({ start: h.bodyStart, end: endOfBody(h.bodyEnd) }) : null])).toEqual(
          heredocs.map((h) => [h.getName(), show(h.getStartRange()), h.getContentRange() ? show(h.getContentRange() as LspRange) : null]),
        );
      }
      if (mine.trigger) {
        const trigger = (other as Onbuild).getTriggerInstruction();
        expect(trigger?.getKeyword()).toBe(mine.trigger.keyword);
      }
    }

    /** A body ends before the line break that precedes its delimiter line. */
    function endOfBody(end: number): number {
      let e = end;
      if (text[e - 1] === '\n') e--;
      if (text[e - 1] === '\r') e--;
      return e;
    }
  });
}

interface HeredocLike {
  getName(): string;
  getStartRange(): LspRange;
  getContentRange(): LspRange | null;
}
