/**
 * Runtime versions the repository states, each where it states it: version
 * files (`.nvmrc`, `.node-version`, `.python-version`, `rust-toolchain`,
 * `.tool-versions`), manifests (`engines` of `package.json`, `requires-python` or
 * Poetry's `python`, `go` and `toolchain` of `go.mod`, `packageManager`), the
 * `setup-*` actions of pipelines and the tags of the images Dockerfiles build on.
 */
import { isScalar } from 'yaml';
import { dockerfileAst } from '../../parse/dockerfile';
import { stageBases } from '../../parse/dockerfile-stages';
import { CI_KINDS, pipelineOf } from '../../parse/pipeline';
import { get } from '../../parse/yaml';
import type { SourceFile } from '../../source';
import type { ModelSource } from './source';
import type { Runtime, RuntimeVersion } from './types';

const VERSION_FILES: Record<string, Runtime> = { '.nvmrc': 'node', '.node-version': 'node', '.python-version': 'python', 'rust-toolchain': 'rust', '.go-version': 'go', '.bun-version': 'bun' };
const TOOL_VERSIONS: Record<string, Runtime> = { nodejs: 'node', node: 'node', python: 'python', golang: 'go', go: 'go', rust: 'rust', bun: 'bun', deno: 'deno', java: 'java' };

/** `actions/setup-node` and friends: the input that names the version. */
const SETUP_ACTIONS: Record<string, [Runtime, string]> = {
  'actions/setup-node': ['node', 'node-version'],
  'actions/setup-python': ['python', 'python-version'],
  'actions/setup-go': ['go', 'go-version'],
  'actions/setup-java': ['java', 'java-version'],
  'oven-sh/setup-bun': ['bun', 'bun-version'],
  'denoland/setup-deno': ['deno', 'deno-version'],
  'dtolnay/rust-toolchain': ['rust', 'toolchain'],
};

/** Official images whose tag starts with the runtime's version. */
const RUNTIME_IMAGES: Record<string, Runtime> = { node: 'node', python: 'python', golang: 'go', rust: 'rust', 'oven/bun': 'bun', 'denoland/deno': 'deno', eclipse_temurin: 'java', 'eclipse-temurin': 'java', openjdk: 'java' };

export function buildRuntimes(view: ModelSource): RuntimeVersion[] {
  const out: RuntimeVersion[] = [];
  for (const file of view.filesOf('package-manifest')) out.push(...fromManifest(file));
  for (const kind of CI_KINDS) for (const file of view.filesOf(kind)) out.push(...fromPipeline(file));
  for (const file of view.filesOf('dockerfile')) out.push(...fromDockerfile(file));
  return out;
}

function at(file: SourceFile, runtime: Runtime, version: string, source: string, start: number): RuntimeVersion {
  return { runtime, version, source, path: file.path, range: { start, end: start + version.length } };
}

function fromManifest(file: SourceFile): RuntimeVersion[] {
  const out: RuntimeVersion[] = [];
  const text = file.text;
  const base = file.basename;
  const versionFile = VERSION_FILES[base];
  if (versionFile) {
    const m = /^\s*(?:v(?=\d))?([^\s#]+)/.exec(text);
    if (m?.[1]) out.push(at(file, versionFile, m[1], base, m.index + m[0].length - m[1].length));
    return out;
  }
  if (base === 'rust-toolchain.toml') {
    const m = /^\s*channel\s*=\s*"([^"]+)"/m.exec(text);
    if (m?.[1]) out.push(at(file, 'rust', m[1], 'rust-toolchain.toml', m.index + m[0].lastIndexOf(m[1])));
    return out;
  }
  if (base === '.tool-versions') {
    for (const m of text.matchAll(/^([a-z-]+)[ \t]+(\S+)/gm)) {
      const runtime = TOOL_VERSIONS[m[1] as string];
      if (runtime) out.push(at(file, runtime, m[2] as string, '.tool-versions', m.index + m[0].length - (m[2] as string).length));
    }
    return out;
  }
  if (base === 'package.json') {
    const engines = /"engines"\s*:\s*\{([^}]*)\}/.exec(text);
    if (engines) {
      const bodyStart = engines.index + engines[0].indexOf('{') + 1;
      for (const m of (engines[1] as string).matchAll(/"(node|bun|deno)"\s*:\s*"([^"]*)"/g)) {
        const value = m[2] as string;
        out.push(at(file, m[1] as Runtime, value, 'engines', bodyStart + m.index + m[0].length - value.length - 1));
      }
    }
    const manager = /"packageManager"\s*:\s*"bun@([^"+]+)/.exec(text);
    if (manager?.[1]) out.push(at(file, 'bun', manager[1], 'packageManager', manager.index + manager[0].length - manager[1].length));
    return out;
  }
  if (base === 'pyproject.toml') {
    const requires = /^\s*requires-python\s*=\s*["']([^"']+)["']/m.exec(text);
    if (requires?.[1]) out.push(at(file, 'python', requires[1], 'requires-python', requires.index + requires[0].lastIndexOf(requires[1])));
    const poetry = /^\[tool\.poetry\.dependencies\][ \t]*\r?\n(?:(?!\[)[^\n]*\n)*?[ \t]*python[ \t]*=[ \t]*["']([^"']+)["']/m.exec(text);
    if (poetry?.[1]) out.push(at(file, 'python', poetry[1], 'tool.poetry.dependencies.python', poetry.index + poetry[0].lastIndexOf(poetry[1])));
    return out;
  }
  if (base === 'go.mod') {
    const go = /^go[ \t]+(\S+)/m.exec(text);
    if (go?.[1]) out.push(at(file, 'go', go[1], 'go.mod', go.index + go[0].length - go[1].length));
    const toolchain = /^toolchain[ \t]+go(\S+)/m.exec(text);
    if (toolchain?.[1]) out.push(at(file, 'go', toolchain[1], 'go.mod toolchain', toolchain.index + toolchain[0].length - toolchain[1].length));
  }
  return out;
}

function fromPipeline(file: SourceFile): RuntimeVersion[] {
  const out: RuntimeVersion[] = [];
  for (const job of pipelineOf(file)?.jobs ?? []) {
    for (const step of job.steps) {
      const action = step.ref?.value.split('@')[0];
      const setup = action ? SETUP_ACTIONS[action] : undefined;
      if (!setup) continue;
      const input = get(step.inputs, setup[1]);
      if (!isScalar(input) || input.value === null || input.value === undefined || !input.range) continue;
      const version = String(input.value);
      // A matrix or an expression names no one version.
      if (version === '' || version.includes('${{')) continue;
      out.push({ runtime: setup[0], version, source: action as string, path: file.path, range: { start: input.range[0], end: input.range[1] } });
    }
  }
  return out;
}

function fromDockerfile(file: SourceFile): RuntimeVersion[] {
  const out: RuntimeVersion[] = [];
  if (dockerfileAst(file).stages.length === 0) return out;
  for (const base of stageBases(file)) {
    if (base.kind !== 'image') continue;
    const image = base.resolved ?? base.image;
    const name = image.name.replace(/^(?:docker\.io\/)?(?:library\/)?/, '');
    const runtime = RUNTIME_IMAGES[name];
    const version = image.tag ? /^\d+(?:\.\d+)*/.exec(image.tag)?.[0] : undefined;
    if (runtime && version) out.push({ runtime, version, source: `FROM ${image.text}`, path: file.path, range: base.image.range });
  }
  return out;
}
