/**
 * Package managers as a plan document's prose names them: which manager a
 * sentence recommends (`install with npm`, `` `pip install -r requirements.txt` ``),
 * and whether the document names a manager at all. Prose only: the code blocks
 * are read by the `package-manager/*` rules, as commands.
 */
import type { ManagerId } from '../policy/managers';
import type { SourceFile } from '../source';
import type { OffsetRange, PackageManagers } from '../types';
import { proseSentences, type Sentence } from './plan-doc';

export type PolicyLanguage = keyof PackageManagers;

/** The programs of each manager a policy can name, per language. */
export const MANAGER_PROGRAMS: Readonly<Record<PolicyLanguage, Partial<Record<ManagerId, readonly string[]>>>> = {
  javascript: { bun: ['bun', 'bunx'], npm: ['npm', 'npx'], yarn: ['yarn'], pnpm: ['pnpm', 'pnpx'] },
  python: { poetry: ['poetry'], pipenv: ['pipenv'], uv: ['uv', 'uvx'], pip: ['pip', 'pip3'] },
  go: { modules: ['go'] },
  rust: { cargo: ['cargo'] },
};

/** Go's managers before modules, named only as commands (`dep ensure`, `glide install`): in prose "dep" is any dependency. */
const LEGACY_GO_PROGRAMS: Readonly<Record<string, string>> = { dep: 'dep', glide: 'Glide', godep: 'Godep', govendor: 'govendor' };

/** How prose names each manager, as a word. */
const MANAGER_WORDS: Readonly<Record<ManagerId, RegExp>> = {
  bun: /\bbunx?\b/i,
  npm: /\bnp[mx]\b/i,
  yarn: /\byarn\b/i,
  pnpm: /\bpnp[mx]\b/i,
  poetry: /\bpoetry\b/i,
  pipenv: /\bpipenv\b/i,
  uv: /\buvx?\b/,
  pip: /\bpip3?\b/,
  // `go mod tidy`, `Go modules`, `go.mod`, and "builds with `go build`; modules only".
  modules: /\bgo\s+mod(?:ules?)?\b|\bgo\.(?:mod|sum)\b|\bgo\b[^\n]{0,80}\bmodules?\b/i,
  cargo: /\bcargo\b/i,
};

/** Whether the document's text names the manager anywhere, prose or code. */
export function namesManager(text: string, manager: ManagerId): boolean {
  return MANAGER_WORDS[manager].test(text);
}

/** A sentence turns a manager down: `do not use npm`, `instead of Yarn`, `migrated away from Pipenv`. */
const NEGATION =
  /\b(?:not|never|no longer|don['’]t|doesn['’]t|won['’]t|avoid|instead of|rather than|replac\w*|migrat\w*|deprecated|forbidden|disallow\w*|stop using|switch\w* (?:away )?from|mov\w* (?:away )?from|drop\w*|unlike|nor|legacy|formerly|previously|used to)\b/i;
/** A following sentence that turns the previous one down: "We will not.", "Don't." */
const NEGATION_START = /^(?:\W*\w+\W+){0,2}?(?:not|never|no|don['’]t|won['’]t)\b/i;
/** Prose that recommends a manager as the tool to use. */
const VERB_BEFORE = /\b(?:use|uses|using|used|with|via|through|by|run|runs|running|prefer|choose|install(?:ed)? (?:it |them |dependencies |packages |deps )?(?:with|using|via|through))\s+(?:the\s+)?$/i;
const VERB_AFTER = /^\s+(?:install|ci|i|add|run|sync|lock|update|upgrade|workspaces?)\b/i;

export interface ManagerMention {
  language: PolicyLanguage;
  /** The manager the sentence recommends. */
  manager: string;
  range: OffsetRange;
  sentence: Sentence;
}

/**
 * Where the prose recommends a manager other than the policy's: a code span that
 * runs it, or a sentence that says to use it. A sentence that turns it down, or is
 * turned down by the next one ("Someone suggested pip. We will not."), and the
 * bootstrap of the policy's own manager (`npm i -g bun`) are not recommendations.
 */
export function foreignManagerMentions(file: SourceFile, policy: PackageManagers): ManagerMention[] {
  const foreignManagerOf = foreignManagerLookup(policy);
  const sentences = proseSentences(file);
  const out: ManagerMention[] = [];
  // Sentences come in block order, and a block's code spans are sorted: one pointer per block.
  let cursor = { block: undefined as Sentence['block'] | undefined, at: 0 };
  const spansOf = (sentence: Sentence) => {
    if (cursor.block !== sentence.block) cursor = { block: sentence.block, at: 0 };
    const code = sentence.block.code;
    while (cursor.at < code.length && code[cursor.at].range.start < sentence.range.start) cursor.at++;
    const spans = [];
    for (let k = cursor.at; k < code.length && code[k].range.end <= sentence.range.end; k++) spans.push(code[k]);
    return spans;
  };
  sentences.forEach((sentence, i) => {
    if (NEGATION.test(sentence.text)) return;
    const next = sentences[i + 1];
    if (next && next.block === sentence.block && NEGATION_START.test(next.text)) return;
    const spans = spansOf(sentence);
    for (const span of spans) {
      const words = span.value.trim().split(/\s+/);
      let p = 0;
      while (p < words.length && (words[p] === 'sudo' || /^[A-Za-z_]\w*=/.test(words[p]))) p++;
      const program = words[p] ?? '';
      const found = foreignManagerOf(program);
      if (!found || words.length === p + 1) continue;
      // `npm install -g bun`, `pip install poetry`: installing the policy's own manager.
      const own = MANAGER_PROGRAMS[found.language][policy[found.language]] ?? [];
      if (words.slice(p + 1).some((w) => own.includes(w.replace(/@.*$/, '')))) continue;
      out.push({ ...found, range: span.range, sentence });
    }
    // Prose, with the code spans blanked so that a span is not read twice.
    let prose = file.text.slice(sentence.range.start, sentence.range.end);
    for (const span of spans) {
      const a = span.range.start - sentence.range.start;
      prose = prose.slice(0, a) + ' '.repeat(span.range.end - span.range.start) + prose.slice(span.range.end - sentence.range.start);
    }
    for (const m of prose.matchAll(MANAGER_WORD)) {
      const found = foreignManagerOf(m[0].toLowerCase(), true);
      if (!found) continue;
      const at = m.index ?? 0;
      if (!VERB_BEFORE.test(prose.slice(Math.max(0, at - 60), at)) && !VERB_AFTER.test(prose.slice(at + m[0].length, at + m[0].length + 20))) continue;
      const start = sentence.range.start + at;
      out.push({ ...found, range: { start, end: start + m[0].length }, sentence });
    }
  });
  return out;
}

/** Any manager's program as a word of prose (the names in `MANAGER_PROGRAMS`). */
const MANAGER_WORD = new RegExp(
  `\\b(?:${Object.values(MANAGER_PROGRAMS)
    .flatMap((m) => Object.values(m).flat())
    .join('|')})\\b`,
  'gi',
);

/** Program → the language and the manager it belongs to, when that is not the policy's; built once per call of the rule. */
function foreignManagerLookup(policy: PackageManagers): (program: string, prose?: boolean) => { language: PolicyLanguage; manager: string } | undefined {
  const table = new Map<string, { language: PolicyLanguage; manager: string } | null>();
  for (const language of Object.keys(MANAGER_PROGRAMS) as PolicyLanguage[]) {
    for (const [manager, programs] of Object.entries(MANAGER_PROGRAMS[language])) {
      for (const program of programs ?? []) table.set(program, manager === policy[language] ? null : { language, manager });
    }
  }
  return (program, prose = false) => {
    const found = table.get(program);
    if (found !== undefined) return found ?? undefined;
    if (!prose && LEGACY_GO_PROGRAMS[program]) return { language: 'go', manager: program };
    return undefined;
  };
}
