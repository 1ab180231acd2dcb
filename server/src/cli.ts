/**
 * `roo-devops`: the engine from a terminal, for CI. Same rules, same configuration,
 * same findings as the editor.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { DEFAULT_LIMITS } from './core/config';
import { describeFailure, lint, lintUnread, type LintResult, wasSkipped } from './core/engine';
import { checkFile, checkInWorkers, checkThreads, type FileOutcome, fileSize, indexedGroup, isCheckWorker, runCheckWorker } from './node/check-files';
import { fixUntilStable } from './core/fixes';
import { LineIndex } from './core/lines';
import { RULES } from './core/rules';
import type { Finding } from './core/types';
import { writeFileAtomic } from './node/atomic-write';
import { loadHclForShell, useBundledHclWasm } from './node/bundled-hcl';
import { useBundledValidators } from './node/bundled-validators';
import { chunked, escapeForTerminal, type FileReport, writeJson, writeSarif, writeText } from './node/report';
import { findConfigFile, type ListingProblem, type LoadedConfig, listFiles, loadConfig, readFileText, relativeTo, toPosix, workspaceView } from './node/workspace';
import { generate } from './cli-generate';
import { startMcp } from './mcp/start';
import { version } from '../../package.json';

const USAGE = `Usage:
  roo-devops check [paths...] [--fix] [--format text|json|sarif] [--config FILE]
  roo-devops rules [--format text|json]
  roo-devops generate infrastructure|deployment [--write] [--stdout] [path]
  roo-devops mcp [--root DIR]
  roo-devops --version | --help

check   Lints the given files and folders (default: the current folder). A folder
        is a workspace: its .roo-devops.yaml/.json applies and paths match
        relative to it. Symbolic links are followed while they stay inside
        the workspace. Exit 1 when an error-severity finding exists, 0
        otherwise, 2 on usage errors, a configuration that is unreadable or
        has problems, a rule that failed, or anything that could not be fully
        checked: a named file or folder that cannot be read, or a file of a
        checked kind skipped as unreadable, binary, larger than 5 MB, a
        dangling link or not named in UTF-8 (each said on stderr; list such
        files under "ignore" in the configuration to pass). Text output
        escapes control characters in file names and messages.
        --fix applies the safe fixes (those the editor's "fix all" applies),
        re-checking until nothing more can be fixed, rewrites the changed files
        in place, reports "fixed N problems in M files" on stderr and then the
        findings that remain; the exit code is that of the remaining findings.
rules   Lists every rule with its default severity and summary.
generate
        Writes plan/infrastructure.md or plan/deployment.md of the repository
        at path (default: the current folder) from its files. Without --write
        nothing is written: the proposed document is printed, or, when the
        document exists, the lines that would be added to it (only missing
        sections, diagrams and table rows are added; nothing already written
        changes). --stdout prints the whole resulting document instead.
        --write writes it atomically and refuses when the document changed
        between reading and writing. Exit 0 when done (or nothing to add),
        1 when the write was refused or failed, 2 on usage errors, an
        unreadable document, or a repository that could not be fully read
        (the document is still proposed, from what was read).
mcp     Serves the same checks to an AI agent (Roo Code's DevOps mode) as a
        Model Context Protocol server over stdio: tools check, fix (safe
        fixes only; the one tool that writes), generate_plan (never writes),
        list_rules and explain_rule. --root is the workspace (default: the
        current folder), the only place it reads or writes: paths leading
        outside it, through links too, are refused. Logs go to stderr.`;

/** Passes of `check --fix` over one file: a fix may expose another, but a pair of fixes that undo each other must stop. */
const MAX_FIX_PASSES = 10;

class UsageError extends Error {}

interface Args {
  command: string | undefined;
  positionals: string[];
  format: string;
  config: string | undefined;
  fix: boolean;
  write: boolean;
  stdout: boolean;
  root: string | undefined;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { command: undefined, positionals: [], format: 'text', config: undefined, fix: false, write: false, stdout: false, root: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const takeValue = (name: string) => {
      const eq = a.indexOf('=');
      if (eq >= 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} needs a value.`);
      return v;
    };
    if (a === '--help' || a === '-h') args.command = 'help';
    else if (a === '--version' || a === '-v') args.command = 'version';
    else if (a === '--format' || a.startsWith('--format=') || a === '-f') args.format = takeValue('--format');
    else if (a === '--config' || a.startsWith('--config=') || a === '-c') args.config = takeValue('--config');
    else if (a === '--root' || a.startsWith('--root=')) args.root = takeValue('--root');
    else if (a === '--fix') args.fix = true;
    else if (a === '--write') args.write = true;
    else if (a === '--stdout') args.stdout = true;
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`Unknown option ${a}.`);
    else if (args.command === undefined) args.command = a;
    else args.positionals.push(a);
  }
  return args;
}

function main(argv: string[]): number | Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    return usageError((e as Error).message);
  }
  if (args.root !== undefined && !['mcp', 'help', 'version'].includes(args.command ?? '')) return usageError('--root belongs to mcp.');
  switch (args.command) {
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    case 'version':
      process.stdout.write(`${version}\n`);
      return 0;
    case 'check':
      return check(args);
    case 'rules':
      return rules(args);
    case 'generate':
      return generate(args, { say, usageError, inputError });
    case 'mcp':
      return mcp(args);
    case undefined:
      return usageError('No command given.');
    default:
      return usageError(`Unknown command "${args.command}".`);
  }
}

function usageError(message: string): number {
  process.stderr.write(`roo-devops: ${message}\n\n${USAGE}\n`);
  return 2;
}

/** An input error that needs no usage text: a missing file, an unreadable config. */
function inputError(message: string): number {
  say(message);
  return 2;
}

/** A line on stderr; file names and quoted texts in it are escaped for the terminal. */
function say(message: string): void {
  process.stderr.write(`roo-devops: ${escapeForTerminal(message)}\n`);
}

async function check(args: Args): Promise<number> {
  if (args.write || args.stdout) return usageError('--write and --stdout belong to generate; check takes --fix.');
  if (!['text', 'json', 'sarif'].includes(args.format)) return usageError(`Unknown format "${args.format}"; use text, json or sarif.`);
  const cwd = process.cwd();
  let explicitConfig: string | undefined;
  if (args.config) {
    explicitConfig = resolve(args.config);
    const read = readFileText(explicitConfig);
    if (read.skipped) return inputError(`Cannot read configuration file ${args.config}: ${read.skipped}.`);
  }
  const targets = args.positionals.length ? args.positionals : ['.'];
  // Each target belongs to a workspace: the nearest folder at or above it with a configuration or a `.git`.
  const workspaces = new Map<
    string,
    { loaded: LoadedConfig; all: string[]; problems: ListingProblem[]; workspace: ReturnType<typeof workspaceView>; selected: Set<string>; named: Set<string>; folders: (string | undefined)[] }
  >();
  for (const target of targets) {
    const absolute = resolve(target);
    let isDir: boolean;
    try {
      isDir = statSync(absolute).isDirectory();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return inputError(code === 'ENOENT' || code === 'ENOTDIR' ? `No such file or folder: ${target}.` : `Cannot read ${target} (${code ?? String(e)}).`);
    }
    const root = workspaceRoot(absolute, isDir, cwd);
    let ws = workspaces.get(root);
    if (!ws) {
      const loaded = loadConfig(root, explicitConfig);
      const problems: ListingProblem[] = [];
      const all = listFiles(root, loaded.config.ignore, (p) => problems.push(p));
      ws = { loaded, all, problems, workspace: workspaceView(all, root, loaded.config.kinds), selected: new Set(), named: new Set(), folders: [] };
      workspaces.set(root, ws);
    }
    const rel = relativeTo(root, absolute);
    if (!isDir) {
      // A file named on the command line is checked even where a walk would not list it.
      const path = rel ?? toPosix(relative(root, absolute));
      ws.selected.add(path);
      ws.named.add(path);
      ws.workspace.paths.add(path);
    } else {
      ws.folders.push(rel);
      for (const p of ws.all) if (rel === undefined || p.startsWith(`${rel}/`)) ws.selected.add(p);
    }
  }
  const reports: FileReport[] = [];
  let configProblems = 0;
  let crashes = 0;
  let fixedProblems = 0;
  let fixedFiles = 0;
  let writeFailures = 0;
  // Files and folders that were named, or are of a checked kind, but could not be fully checked.
  let unchecked = 0;
  let skippedFiles = 0;
  for (const [root, { loaded, workspace, selected, named, folders, problems }] of workspaces) {
    const configRel = loaded.path ? relativeTo(root, loaded.path) : undefined;
    if (loaded.unreadable && loaded.path) {
      unchecked++;
      say(`cannot read the configuration ${displayPath(cwd, loaded.path)}: ${loaded.unreadable}; the defaults were applied instead.`);
    }
    for (const p of problems) {
      // Only what lies under a named folder, and for files only those a rule could read: a stray
      // photo with a Latin-1 name is no concern of a DevOps check.
      const underNamed = folders.some((f) => f === undefined || p.path === f || p.path.startsWith(`${f}/`) || f.startsWith(`${p.path}/`) || p.path === '.');
      if (!underNamed || (!p.folder && !workspace.mayHaveKind(p.path))) continue;
      unchecked++;
      say(`not checked: ${displayPath(cwd, join(root, p.path))}: ${p.reason}.`);
    }
    if (loaded.path && loaded.text !== undefined && configRel === undefined) {
      // A --config outside the workspace is still validated, under its own name.
      const r = lint({ path: '.roo-devops.yaml', text: loaded.text }, { workspace });
      configProblems += r.findings.length;
      reports.push(toReport(displayPath(cwd, loaded.path), loaded.text, r));
    }
    const rels = [...selected].sort();
    if (!args.fix) {
      // Without --fix nothing is written, so the files can be checked in any order, on several threads;
      // the outcomes are applied in path order, so the output is the same either way.
      const job = { root, cwd, loaded, configRel };
      const threads = checkThreads(rels.length);
      const local = (rel: string) => checkFile(job, named, workspace, rel, displayPath);
      const outcomes: (FileOutcome | undefined)[] = threads
        ? // A worker that cannot start (or breaks) costs time, not the check: the main thread does it all then.
          await checkInWorkers(process.argv[1], threads, { ...job, paths: [...workspace.paths], named: [...named] }, rels, local, (rel) => indexedGroup(rel, workspace.kindByPath(rel))).catch(() =>
              rels.map(local),
            )
        : rels.map(local);
      for (const o of outcomes) {
        if (!o) continue;
        for (const m of o.messages) say(m);
        unchecked += o.unchecked;
        skippedFiles += o.skipped;
        crashes += o.crashes;
        configProblems += o.configFindings;
        if (o.report) reports.push({ path: displayPath(cwd, join(root, o.rel)), lines: new LineIndex(o.report.text), findings: o.report.findings });
      }
      continue;
    }
    for (const rel of rels) {
      const candidate = workspace.mayHaveKind(rel) || rel === configRel;
      if (!candidate && !named.has(rel)) continue;
      if (rel === configRel && loaded.unreadable) continue;
      // The repository's parse of the file: the one other files' rules read too.
      const file = workspace.file(rel);
      if (!file) {
        const size = fileSize(join(root, rel));
        if (size !== undefined && size > (loaded.config.limits ?? DEFAULT_LIMITS).maxFileBytes) {
          // Not read at all: the finding says so, as the editor's does.
          const r = lintUnread(rel, size, loaded.config);
          if (r.findings.length) reports.push({ path: displayPath(cwd, join(root, rel)), lines: new LineIndex(''), findings: r.findings });
          skippedFiles++;
          continue;
        }
        // Not of a checked kind after all, or not readable as text: the second must be said, and fails the gate —
        // except for a binary or huge file no rule would read anyway (`check $(git ls-files)` names the logo too).
        const read = readFileText(join(root, rel));
        if (read.skipped && (candidate || read.cause === 'access')) {
          unchecked++;
          say(`not checked: ${displayPath(cwd, join(root, rel))}: ${read.skipped}.`);
        }
        continue;
      }
      let text = file.text;
      const lintText = (t: string) => (t === file.text ? lint(file, { config: loaded.config, workspace }) : lint({ path: rel, text: t }, { config: loaded.config, workspace }));
      let r: LintResult;
      if (args.fix) {
        const fixed = fixUntilStable(text, lintText, { safeOnly: true, maxPasses: MAX_FIX_PASSES });
        r = fixed.result;
        if (fixed.text !== text) {
          try {
            writeFileAtomic(join(root, rel), fixed.text);
            fixedProblems += fixed.applied;
            fixedFiles++;
            text = fixed.text;
            // Files checked after this one read the fixed text.
            workspace.apply([{ path: rel, type: 'changed' }]);
          } catch (e) {
            writeFailures++;
            say(`cannot write ${displayPath(cwd, join(root, rel))}: ${(e as Error).message}`);
            r = lintText(text);
          }
        }
      } else r = lintText(text);
      for (const c of r.crashes) {
        crashes++;
        say(`rule ${c.ruleId} failed on ${rel}: ${describeFailure(c.error)}`);
      }
      if (wasSkipped(r.findings)) skippedFiles++;
      if (rel === configRel) configProblems += r.findings.length;
      if (r.findings.length) reports.push(toReport(displayPath(cwd, join(root, rel)), text, r));
    }
  }
  reports.sort((a, b) => a.path.localeCompare(b.path));
  // Written as it is rendered: a report of thousands of findings is never one string in memory.
  const out = chunked((chunk) => process.stdout.write(chunk));
  if (args.format === 'json') writeJson(reports, out.write);
  else if (args.format === 'sarif') writeSarif(reports, RULES, version, out.write);
  else writeText(reports, out.write);
  out.flush();
  if (args.fix) process.stderr.write(`roo-devops: fixed ${plural(fixedProblems, 'problem')} in ${plural(fixedFiles, 'file')}.\n`);
  if (writeFailures > 0) {
    process.stderr.write(`roo-devops: ${plural(writeFailures, 'file')} could not be rewritten, reported above; the findings shown for them are those before fixing.\n`);
    return 2;
  }
  if (configProblems > 0) {
    process.stderr.write(`roo-devops: the configuration has ${configProblems} problem(s), reported above; its valid parts were applied.\n`);
    return 2;
  }
  if (crashes > 0) {
    // The check is incomplete: a gate must not pass on it.
    process.stderr.write(`roo-devops: ${crashes} rule run(s) failed, reported above; the check is incomplete.\n`);
    return 2;
  }
  if (unchecked > 0 || skippedFiles > 0) {
    if (unchecked > 0) process.stderr.write(`roo-devops: ${plural(unchecked, 'path')} could not be fully checked, reported above; the check is incomplete.\n`);
    // Over a limit of `limits:`: not checked, so a gate must not pass on it.
    if (skippedFiles > 0) process.stderr.write(`roo-devops: ${plural(skippedFiles, 'file')} over a per-file limit not checked, reported above (engine/limits); raise \`limits\` in .roo-devops.yaml or ignore them.\n`);
    return 2;
  }
  return reports.some((r) => r.findings.some((f: Finding) => f.severity === 'error')) ? 1 : 0;
}

/**
 * The workspace a target belongs to: the nearest folder at or above it holding a
 * `.roo-devops.*` or a `.git`, so that `check .github/workflows` reads paths as
 * the editor does. Without either, the current folder when the target is inside
 * it, else the target folder (or a file's folder).
 */
function workspaceRoot(absolute: string, isDir: boolean, cwd: string): string {
  for (let dir = isDir ? absolute : dirname(absolute); ; dir = dirname(dir)) {
    if (findConfigFile(dir) || existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) break;
  }
  if (relativeTo(cwd, absolute) !== undefined || absolute === cwd) return cwd;
  return isDir ? absolute : dirname(absolute);
}

/** Relative to the current folder when inside it, absolute otherwise: never `../../`. */
function displayPath(cwd: string, absolute: string): string {
  const rel = relativeTo(cwd, absolute);
  return rel ?? toPosix(absolute);
}


function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function toReport(path: string, text: string, r: LintResult): FileReport {
  return { path, lines: r.file?.lines ?? new LineIndex(text), findings: r.findings };
}

/** Serves until stdin closes; stdout carries the protocol alone. */
function mcp(args: Args): number | Promise<number> {
  if (args.positionals.length || args.fix || args.write || args.stdout || args.config || args.format !== 'text') return usageError('mcp takes only --root DIR.');
  const root = resolve(args.root ?? '.');
  return startMcp(root, version, (message) => process.stderr.write(`${message}\n`)).then(
    () => 0,
    (e: Error) => inputError(e.message),
  );
}

function rules(args: Args): number {
  if (args.format === 'json') {
    const list = RULES.map((r) => ({ id: r.id, severity: r.severity, kinds: r.kinds, fix: r.fix ?? null, summary: r.docs.summary }));
    process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    return 0;
  }
  if (args.format !== 'text') return usageError(`Unknown format "${args.format}"; use text or json.`);
  const width = Math.max(...RULES.map((r) => r.id.length));
  for (const r of RULES) {
    process.stdout.write(`${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.fix ? 'fix ' : '    '} ${r.docs.summary}\n`);
  }
  return 0;
}

// `roo-devops check | head` closes the pipe early; that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
useBundledValidators();
useBundledHclWasm();
// The HCL parser is WebAssembly, loaded asynchronously; the check itself is synchronous and starts once it is ready.
const hclReady = loadHclForShell((message) => process.stderr.write(`${message}\n`));
if (isCheckWorker()) runCheckWorker(hclReady, displayPath);
else
  void hclReady.then(() => {
    void Promise.resolve(main(process.argv.slice(2))).then((code) => {
      process.exitCode = code;
    });
  });
