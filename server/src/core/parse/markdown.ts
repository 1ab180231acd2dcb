/**
 * Scripts in a Markdown plan document's fenced code blocks: `sh`, `bash`,
 * `shell` and `zsh` blocks are scripts; `console` and `shell-session` blocks
 * run only their `$ ` prompt lines; `yaml` blocks that are a GitHub Actions
 * workflow, a bare list of its steps or a single job of them, or a GitLab CI
 * file give their `run:`/`script:` commands; and a
 * `dockerfile` block is read as a Dockerfile. Fences come from the file's
 * Markdown model (`SourceFile.markdown`), so offsets map back into the file
 * whatever the fence's indentation, container (lists, block quotes) or line
 * endings. Prose outside code blocks is never read.
 *
 * A block that is a whole file of a kind (`embeddedBlocks`: a workflow, a
 * Compose file, a Dockerfile, Terraform…) is left out: the engine checks it as
 * that file, and the policy reads its commands there, as the kind's reader
 * finds them, once. A block of plain YAML is still read here.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import { SourceFile } from '../source';
import { type DockerfileAst, dockerfileAstScripts, parseDockerfile } from './dockerfile';
import { embeddedBlocks } from './markdown-blocks';
import type { MarkdownFence } from './markdown-doc';
import { runSteps } from './github-actions';
import { gitlabCiScripts } from './gitlab-ci';
import { composeScript, isPosixLikeShell, type Script, ScriptBuilder, type SourceLine } from './script';
import { embeddedText, get, items, stringValue } from './yaml';

const SHELL_LANGUAGES = new Set(['sh', 'bash', 'shell', 'zsh', 'ksh', 'dash']);
const SESSION_LANGUAGES = new Set(['console', 'shell-session', 'shellsession', 'sh-session', 'bash-session']);
const YAML_LANGUAGES = new Set(['yaml', 'yml']);
const DOCKER_LANGUAGES = new Set(['dockerfile', 'docker', 'containerfile']);

export function markdownScripts(file: SourceFile): Script[] {
  return file.memo('markdown.scripts', () => {
    const out: Script[] = [];
    const dockerfiles = markdownDockerfileBlocks(file);
    const asFiles = filesOfTheirOwn(file);
    for (const block of file.markdown.fences) {
      if (asFiles.has(block)) continue;
      if (SHELL_LANGUAGES.has(block.language)) out.push(joinLines(block.lines));
      else if (SESSION_LANGUAGES.has(block.language)) {
        for (const item of promptScripts(block.lines)) out.push(item);
      } else if (YAML_LANGUAGES.has(block.language)) {
        for (const item of yamlScripts(file.path, joinLines(block.lines))) out.push(item);
      } else if (DOCKER_LANGUAGES.has(block.language)) {
        const ast = dockerfiles.get(block);
        if (ast) for (const item of dockerfileAstScripts(file.text, ast)) out.push(item);
      }
    }
    return out;
  });
}

/** Fences checked as files of a kind other than plain YAML. */
function filesOfTheirOwn(file: SourceFile): Set<MarkdownFence> {
  return new Set(embeddedBlocks(file).filter((b) => b.kind !== 'yaml').map((b) => b.fence));
}

/**
 * The AST of each `dockerfile` block that is an excerpt (a whole Dockerfile is
 * checked as a file), parsed from the document's own lines so its ranges point into the document.
 */
function markdownDockerfileBlocks(file: SourceFile): Map<MarkdownFence, DockerfileAst> {
  return file.memo('markdown.dockerfiles', () => {
    const out = new Map<MarkdownFence, DockerfileAst>();
    const asFiles = filesOfTheirOwn(file);
    for (const block of file.markdown.fences) if (DOCKER_LANGUAGES.has(block.language) && !asFiles.has(block)) out.set(block, parseDockerfile(file.text, block.lines));
    return out;
  });
}

/** The Dockerfiles of a plan document's `dockerfile` code blocks, in order. */
export function markdownDockerfiles(file: SourceFile): DockerfileAst[] {
  return [...markdownDockerfileBlocks(file).values()];
}

function joinLines(lines: readonly SourceLine[]): Script {
  const builder = new ScriptBuilder();
  lines.forEach((line, k) => {
    if (k > 0) builder.join('\n');
    builder.add(line.start, line.text);
  });
  return builder.build();
}

/** `$ npm ci` lines of a terminal session, prompt removed, with their `\` continuation lines. */
function promptScripts(lines: readonly SourceLine[]): Script[] {
  const picked: SourceLine[] = [];
  let continued = false;
  // A `> ` continuation prompt is not in the command: fixes must keep the file's spelling.
  let escaped = false;
  for (const line of lines) {
    if (continued) {
      const lead = /^>[ \t]*/.exec(line.text)?.[0].length ?? 0;
      if (lead > 0) escaped = true;
      picked.push({ start: line.start + lead, text: line.text.slice(lead), next: line.next });
    } else {
      const prompt = /^[ \t]*\$[ \t]+/.exec(line.text);
      if (!prompt) continue;
      picked.push({ start: line.start + prompt[0].length, text: line.text.slice(prompt[0].length), next: line.next });
    }
    continued = /\\$/.test(line.text);
  }
  if (picked.length === 0) return [];
  const script = joinLines(picked);
  return [escaped ? { ...script, escaped } : script];
}

/**
 * The commands of a YAML block that is a GitHub Actions workflow, a bare list
 * of workflow steps, a single job (`runs-on:` and `steps:`), or a GitLab CI file.
 */
function yamlScripts(path: string, content: Script): Script[] {
  const probe = new SourceFile(path, 'yaml', content.text);
  const roots = probe.yaml.documents.map((d) => d.contents);
  const isWorkflow = roots.some((r) => isMap(get(r, 'jobs')) || isMap(get(r, 'runs')));
  let inner: Script[];
  if (isWorkflow) {
    inner = runSteps(new SourceFile(path, 'github-actions', content.text))
      .filter((s) => isPosixLikeShell(s.shell))
      .map((s) => s.script);
  } else if (roots.some((r) => isStepList(r) || isJob(r))) {
    inner = roots.flatMap((r) => {
      if (isStepList(r)) return stepScripts(content.text, r, undefined);
      if (isJob(r)) return stepScripts(content.text, get(r, 'steps'), defaultShell(r));
      return [];
    });
  } else {
    inner = gitlabCiScripts(new SourceFile(path, 'gitlab-ci', content.text));
  }
  return inner.map((s) => composeScript(s, content));
}

/** A sequence of workflow steps: every item a mapping with `run:` or `uses:`. */
function isStepList(root: unknown): boolean {
  const steps = items(root);
  return steps.length > 0 && steps.every((step) => isMap(step) && (get(step, 'run') !== undefined || get(step, 'uses') !== undefined));
}

/** One workflow job: `runs-on:` and a list of `steps:`. */
function isJob(root: unknown): boolean {
  return get(root, 'runs-on') !== undefined && isSeq(get(root, 'steps'));
}

function defaultShell(job: unknown): string | undefined {
  return stringValue(get(get(get(job, 'defaults'), 'run'), 'shell'));
}

/** The `run:` scripts of a list of steps, except those of Python, Node or cmd steps. */
function stepScripts(text: string, steps: unknown, shell: string | undefined): Script[] {
  const out: Script[] = [];
  for (const step of items(steps)) {
    const run = get(step, 'run');
    if (!isScalar(run) || !isPosixLikeShell(stringValue(get(step, 'shell')) ?? shell)) continue;
    const script = embeddedText(text, run);
    if (script) out.push(script);
  }
  return out;
}
