/**
 * Scripts of a Makefile: the recipe lines of each rule, with their `@`, `-`
 * and `+` prefixes left out and `\` continuations kept for the shell reader.
 * Variable assignments, `define` blocks and directives are not recipes.
 *
 * Make's spelling is not the shell's: `$$` reaches the shell as `$`, and
 * `$(VAR)` is make's own expansion, which the shell reader must not take for a
 * command substitution. The script therefore reads `$$` as `$` and `$(…)` as
 * `${…}` (a word), and is marked escaped so findings and fixes keep the
 * Makefile's spelling.
 */
import type { SourceFile } from '../source';
import { type Script, ScriptBuilder, sourceLines } from './script';

const ASSIGNMENT = /^\s*(?:(?:export|override|private|unexport)\s+)*[^\s:#=]+\s*(?:::=|:::=|:=|\?=|\+=|!=|=)/;
const DIRECTIVE = /^\s*(?:-?include|sinclude|ifeq|ifneq|ifdef|ifndef|else|endif|export|unexport|override|vpath|undefine)\b/;

export function makefileScripts(file: SourceFile): Script[] {
  return file.memo('makefile.scripts', () => {
    const out: Script[] = [];
    const lines = sourceLines(file.text);
    let builder: ScriptBuilder | undefined;
    let inRecipeContext = false;
    let inDefine = 0;
    let continued = false;
    const finish = () => {
      if (builder && builder.length > 0) out.push(builder.build());
      builder = undefined;
    };
    for (const line of lines) {
      const text = line.text;
      if (continued) {
        // A continued recipe line: make drops one leading tab of the next line.
        const skip = text.startsWith('\t') ? 1 : 0;
        builder?.join('\n');
        appendMake(builder as ScriptBuilder, line.start + skip, text.slice(skip));
        continued = text.endsWith('\\');
        continue;
      }
      if (inDefine > 0) {
        if (/^\s*endef\b/.test(text)) inDefine--;
        else if (/^\s*define\b/.test(text)) inDefine++;
        continue;
      }
      if (text.startsWith('\t') && inRecipeContext) {
        const body = /^\t[ \t]*[@+-]*[ \t@+-]*/.exec(text)?.[0].length ?? 1;
        builder ??= new ScriptBuilder();
        if (builder.length > 0) builder.join('\n');
        appendMake(builder, line.start + body, text.slice(body));
        continued = text.endsWith('\\');
        continue;
      }
      if (text.trim() === '' || /^\s*#/.test(text)) continue;
      if (/^\s*define\b/.test(text)) {
        inDefine = 1;
        finish();
        inRecipeContext = false;
        continue;
      }
      // Conditionals and includes do not end a rule's recipe.
      if (DIRECTIVE.test(text)) continue;
      finish();
      inRecipeContext = false;
      if (ASSIGNMENT.test(text)) continue;
      const colon = ruleColon(text);
      if (colon < 0) continue;
      inRecipeContext = true;
      // `target: prerequisites ; command` carries a recipe line of its own.
      const semicolon = text.indexOf(';', colon);
      if (semicolon >= 0 && !/^[^;]*=/.test(text.slice(colon + 1, semicolon))) {
        let start = semicolon + 1;
        while (text[start] === ' ' || text[start] === '\t') start++;
        builder = new ScriptBuilder();
        appendMake(builder, line.start + start, text.slice(start));
        continued = text.endsWith('\\');
      }
    }
    finish();
    return out;
  });
}

/** Offset of the colon that makes `text` a rule line, outside `$(…)`; -1 when none. */
function ruleColon(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '#') return -1;
    if (c === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) {
      depth++;
      i++;
    } else if ((c === ')' || c === '}') && depth > 0) depth--;
    else if (c === ':' && depth === 0) return i;
  }
  return -1;
}

/** Appends a recipe line in the shell's spelling: `$$` → `$`, `$(x)` → `${x}`. */
function appendMake(builder: ScriptBuilder, start: number, text: string): void {
  builder.markEscaped();
  let run = 0;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '$' && text[i + 1] === '$') {
      builder.add(start + run, text.slice(run, i));
      builder.addDecoded(start + i, '$', 2);
      i++;
      run = i + 1;
    } else if (c === '$' && text[i + 1] === '(') {
      builder.add(start + run, text.slice(run, i));
      builder.add(start + i, '$');
      builder.addDecoded(start + i + 1, '{', 1);
      depth++;
      i++;
      run = i + 1;
    } else if (c === ')' && depth > 0) {
      builder.add(start + run, text.slice(run, i));
      builder.addDecoded(start + i, '}', 1);
      depth--;
      run = i + 1;
    }
  }
  builder.add(start + run, text.slice(run));
}
