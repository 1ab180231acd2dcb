/**
 * `roo-devops generate infrastructure|deployment [--write] [--stdout] [path]`:
 * the plan document of a repository, from its files. Nothing is written
 * without `--write`; an existing document only gains what it lacks (see
 * core/plan/merge.ts), and the write refuses a document that changed since it
 * was read (node/plan-file.ts).
 */
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LineIndex } from './core/lines';
import { proposePlan, type PlanProposal } from './core/plan/propose';
import type { PlanDocumentKind } from './core/plan/sections';
import { Repository } from './core/workspace/repository';
import { PlanChangedError, type PlanSnapshot, readPlanSnapshot, type WriteHooks, writePlanFile } from './node/plan-file';
import { type ListingProblem, listFiles, loadConfig, readFileText } from './node/workspace';

export interface GenerateArgs {
  positionals: string[];
  write: boolean;
  stdout: boolean;
  fix: boolean;
  config: string | undefined;
  format: string;
}

export interface CliOutput {
  say(message: string): void;
  usageError(message: string): number;
  inputError(message: string): number;
}

/** Repositories of at least this many files get progress lines on stderr. */
const PROGRESS_FROM_FILES = 1_000;

const KINDS: readonly PlanDocumentKind[] = ['infrastructure', 'deployment'];

export function generate(args: GenerateArgs, out: CliOutput, hooks: WriteHooks = {}): number {
  const [kindArg, pathArg, ...extra] = args.positionals;
  if (!KINDS.includes(kindArg as PlanDocumentKind)) return out.usageError(kindArg ? `Unknown plan document "${kindArg}"; use infrastructure or deployment.` : 'generate needs a document: infrastructure or deployment.');
  if (extra.length) return out.usageError(`generate takes one path; got ${args.positionals.length - 1}.`);
  if (args.fix || args.config || args.format !== 'text') return out.usageError('generate takes only --write, --stdout and a path.');
  const kind = kindArg as PlanDocumentKind;
  const root = resolve(pathArg ?? '.');
  try {
    if (!statSync(root).isDirectory()) return out.inputError(`${pathArg} is not a folder; name the repository's folder.`);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return out.inputError(code === 'ENOENT' ? `No such folder: ${pathArg}.` : `Cannot read ${pathArg} (${code ?? String(e)}).`);
  }

  const loaded = loadConfig(root);
  let incomplete = 0;
  if (loaded.unreadable) {
    incomplete++;
    out.say(`cannot read the configuration: ${loaded.unreadable}; the default package-manager policy was applied.`);
  }
  const problems: ListingProblem[] = [];
  const paths = listFiles(root, loaded.config.ignore, (p) => problems.push(p));
  const progress = paths.length >= PROGRESS_FROM_FILES;
  if (progress) out.say(`reading ${paths.length} files…`);
  // Files the model would read but could not: each said once, and the result is marked incomplete.
  const unread = new Map<string, string>();
  const repository = new Repository(
    {
      read: (p) => {
        const r = readFileText(join(root, p));
        if (r.skipped) unread.set(p, r.skipped);
        return r.text;
      },
    },
    loaded.config.kinds,
  ).addPaths(paths);

  const docPath = join(root, 'plan', `${kind}.md`);
  let before: PlanSnapshot;
  try {
    before = readPlanSnapshot(docPath);
  } catch (e) {
    // Merging into a document we cannot read could lose it: refuse.
    return out.inputError(`cannot read plan/${kind}.md (${(e as Error).message}); nothing generated.`);
  }
  const proposal = proposePlan(kind, repository, loaded.config.packageManagers, before.text);
  if (progress) out.say(`model built; generating plan/${kind}.md.`);
  for (const p of problems) {
    if (!p.folder && !repository.mayHaveKind(p.path)) continue;
    incomplete++;
    out.say(`not read: ${p.path}: ${p.reason}.`);
  }
  for (const [p, reason] of [...unread].sort()) {
    if (!repository.mayHaveKind(p)) continue;
    incomplete++;
    out.say(`not read: ${p}: ${reason}.`);
  }

  if (args.stdout || !proposal.existed) process.stdout.write(args.write && !args.stdout ? '' : proposal.text);
  else if (!args.write) process.stdout.write(diff(proposal, before.text ?? ''));

  let status = 0;
  if (!proposal.additions.length) out.say(`plan/${kind}.md has everything the repository tells; nothing to add.`);
  else if (!args.write) out.say(`plan/${kind}.md: would add ${proposal.additions.join(', ')}; run with --write to write it.`);
  else {
    try {
      writePlanFile(docPath, before, proposal.text, hooks);
      out.say(`wrote plan/${kind}.md: added ${proposal.additions.join(', ')}.`);
    } catch (e) {
      status = 1;
      if (e instanceof PlanChangedError) out.say(`refused to write plan/${kind}.md: it changed since it was read; nothing was written. Run the command again.`);
      else out.say(`cannot write plan/${kind}.md: ${(e as Error).message}; nothing was written.`);
    }
  }
  if (incomplete > 0) {
    out.say(`${incomplete} path(s) could not be read, reported above; the document was generated from the rest.`);
    return status || 2;
  }
  return status;
}

/** The insertions as unified-diff hunks (the merge only inserts, so each hunk is added lines after a context line): what the dry run prints, and the MCP `generate_plan` answer. */
export function diff(proposal: PlanProposal, before: string): string {
  if (!proposal.edits.length) return '';
  const lines = new LineIndex(before);
  const all = before.split(/\r?\n/);
  const out = [`--- a/${proposal.path}`, `+++ b/${proposal.path}`];
  let shift = 0;
  for (const edit of proposal.edits) {
    // Inserted at a line start, the added lines come after line `at`; inserted at the end of a line (after a
    // paragraph's last line), after that line, whose own line break is the inserted text's first one.
    const pos = lines.positionAt(edit.offset);
    const atLineEnd = pos.character > 0;
    const at = atLineEnd ? pos.line + 1 : pos.line;
    const text = atLineEnd ? edit.text.replace(/^\r?\n/, '') : edit.text;
    const added = text.replace(/\r?\n$/, '').split(/\r?\n/);
    const context = at > 0 ? all[at - 1] : undefined;
    const oldStart = context === undefined ? 0 : at;
    out.push(`@@ -${oldStart},${context === undefined ? 0 : 1} +${oldStart + shift},${added.length + (context === undefined ? 0 : 1)} @@`);
    if (context !== undefined) out.push(` ${context}`);
    for (const l of added) out.push(`+${l}`);
    shift += added.length;
  }
  return `${out.join('\n')}\n`;
}
