/**
 * The commands a plan document shows in its shell code blocks, and which of
 * them set the system up (install, init, apply, deploy). Shell and unlabelled
 * blocks are read whole; `console`/`shell-session` blocks only at their `$ `
 * prompts; PowerShell blocks word by word, which is enough for `terraform init`.
 */
import type { SourceFile } from '../source';
import type { MarkdownFence } from './markdown-doc';
import { parseShell, programIndex } from './shell';

const SHELL_LANGUAGES = new Set(['', 'sh', 'bash', 'shell', 'zsh', 'ksh', 'dash', 'fish', 'powershell', 'pwsh', 'ps1', 'cmd', 'bat', 'batch']);
const SESSION_LANGUAGES = new Set(['console', 'shell-session', 'shellsession', 'sh-session', 'bash-session', 'terminal']);

/** Subcommands that install, initialise, apply or deploy (`terraform init`, `kubectl apply`, `go mod download`). */
const SETUP_VERBS = new Set(['install', 'i', 'ci', 'init', 'apply', 'deploy', 'up', 'sync', 'bootstrap', 'provision', 'create', 'upgrade', 'download', 'fetch', 'setup']);
/** Programs that apply by themselves. */
const SETUP_PROGRAMS = new Set(['ansible-playbook', 'terragrunt', 'skaffold']);
/** Programs whose arguments are data, never a subcommand. */
const DATA_PROGRAMS = new Set(['echo', 'printf', 'cat', 'grep', 'ls', 'cd', 'export', 'set', 'test', '[', 'true', 'false', 'man', 'which', 'type']);
/** A script named after what it does: `./scripts/bootstrap.sh`, `deploy.ps1`. */
const SETUP_SCRIPT = /(?:^|[/_-])(?:install|init|setup|bootstrap|deploy|provision|apply)[\w-]*(?:\.(?:sh|bash|ps1|py))?$/i;

export interface InitCommand {
  /** The command as written, program first. */
  words: string[];
  fence: MarkdownFence;
}

/** The setup commands of the document's shell blocks, in order. */
export function initCommandsOf(file: SourceFile): InitCommand[] {
  return file.memo('plan.initCommands', () => {
    const out: InitCommand[] = [];
    for (const fence of file.markdown.fences) {
      let script: string;
      if (SHELL_LANGUAGES.has(fence.language)) script = fence.value;
      else if (SESSION_LANGUAGES.has(fence.language)) {
        script = fence.value
          .split(/\r?\n/)
          .map((line) => /^\s*(?:\$|PS[^>]*>)\s+(.*)$/.exec(line)?.[1] ?? '')
          .join('\n');
      } else continue;
      for (const command of parseShell(script)) {
        const at = programIndex(command);
        if (at === undefined) continue;
        const words = command.words.slice(at).map((w) => w.value);
        if (isSetupCommand(words)) out.push({ words, fence });
      }
    }
    return out;
  });
}

/** Whether a command (program first) installs, initialises, applies or deploys. */
export function isSetupCommand(words: readonly string[]): boolean {
  const program = (words[0] ?? '').replace(/^.*[\\/]/, '');
  if (!program || DATA_PROGRAMS.has(program)) return false;
  if (SETUP_PROGRAMS.has(program)) return true;
  if (SETUP_SCRIPT.test(words[0]) && /[/.]/.test(words[0])) return true;
  // The first few words that are not options: `terraform -chdir=infra init`, `docker compose up`, `aws cloudformation deploy`.
  const rest = words.slice(1).filter((w) => !w.startsWith('-')).slice(0, 3);
  if (program === 'make' || program === 'just' || program === 'task') return rest.some((w) => SETUP_VERBS.has(w) || SETUP_SCRIPT.test(w));
  return rest.some((w) => SETUP_VERBS.has(w.toLowerCase()));
}

