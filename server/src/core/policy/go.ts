/**
 * How Go commands outside Go modules read with modules: the pre-modules
 * dependency tools (dep, Glide, govendor, godep), `go get` used to install
 * tools, and `GO111MODULE=off`. Pure word-level translation.
 */
import { unquote } from './command-rewrite';

export interface GoTranslation {
  /** The tool as a message names it. */
  tool: string;
  /** What the command does, for the message: `installs a tool with \`go get\``. */
  what?: string;
  /** Arguments after the program the finding highlights; undefined for all of them. */
  highlight?: number;
  /** The Go modules command replacing the whole command, when a faithful one exists. */
  replacement?: string;
  safe?: boolean;
  /** The modules command to suggest when no rewrite is offered. */
  suggestion?: string;
  /** Why no rewrite is offered. */
  reason?: string;
}

/** Pre-modules tools, with the modules command each subcommand becomes. */
const LEGACY_TOOLS: Record<string, { name: string; commands: Record<string, string>; fallback?: string }> = {
  dep: {
    name: 'dep',
    commands: { ensure: 'go mod download', init: 'go mod init', status: 'go list -m all', prune: 'go mod tidy', check: 'go mod verify' },
  },
  glide: {
    name: 'Glide',
    commands: { install: 'go mod download', i: 'go mod download', up: 'go get -u ./...', update: 'go get -u ./...', get: 'go get', init: 'go mod init', create: 'go mod init', rebuild: 'go build ./...' },
  },
  govendor: {
    name: 'govendor',
    commands: { init: 'go mod init', sync: 'go mod vendor', fetch: 'go get', add: 'go mod vendor', update: 'go get -u', remove: 'go mod tidy', status: 'go mod verify' },
    fallback: 'go mod vendor',
  },
  godep: {
    name: 'godep',
    commands: { save: 'go mod vendor', restore: 'go mod download', get: 'go get', update: 'go get -u', go: 'go build' },
  },
};

export const LEGACY_GO_TOOLS = new Set(Object.keys(LEGACY_TOOLS));

const INFORMATIONAL = new Set(['version', '--version', '-version', 'help', '--help', '-h', '-help']);

/** `dep ensure`, `glide install`, `govendor sync`, `godep save`: reported, with the modules command to use, never rewritten. */
export function translateLegacyGoTool(tool: string, args: readonly string[]): GoTranslation | undefined {
  const entry = LEGACY_TOOLS[tool];
  if (!entry) return undefined;
  const sub = unquote(args[0] ?? '');
  if (INFORMATIONAL.has(sub)) return undefined;
  const suggestion = entry.commands[sub] ?? entry.fallback ?? 'go mod tidy';
  return {
    tool: entry.name,
    highlight: sub && !sub.startsWith('-') ? 1 : 0,
    suggestion,
    reason: 'moving to Go modules starts with `go mod init`, which reads the old manifest once',
  };
}

/** Tools commonly installed with `go get`, by the last element of their import path. */
const KNOWN_TOOLS = new Set([
  'golangci-lint', 'goimports', 'golint', 'gotestsum', 'mockgen', 'ginkgo', 'staticcheck', 'gosec', 'swag', 'protoc-gen-go',
  'protoc-gen-go-grpc', 'goreleaser', 'air', 'migrate', 'buf', 'gox', 'go-bindata', 'stringer', 'gocov', 'gocov-xml',
  'go-junit-report', 'richgo', 'errcheck', 'ineffassign', 'misspell', 'gofumpt', 'revive', 'dlv', 'govulncheck', 'wire',
  'sqlc', 'ko', 'controller-gen', 'kustomize', 'godoc', 'gopls', 'benchstat', 'goveralls', 'cover', 'dep', 'glide',
]);

/** A path on a remote host (`github.com/x/y`, `golang.org/x/tools/cmd/goimports`), as opposed to `./...` or `.`. */
function isRemote(path: string): boolean {
  return /^[a-z0-9.-]+\.[a-z]{2,}\//i.test(path);
}

function isTool(path: string): boolean {
  const bare = path.replace(/@.*$/, '').replace(/\/\.\.\.$/, '');
  return /\/cmd\//.test(`${bare}/`) || KNOWN_TOOLS.has(bare.slice(bare.lastIndexOf('/') + 1));
}

export interface GoGetContext {
  /** The command runs in a pipeline or an image build, where `go get` never edits a `go.mod` on purpose. */
  pipeline: boolean;
  /** The same script also runs `go mod tidy` or `go mod edit`: `go get` there manages dependencies. */
  editsGoMod: boolean;
}

/**
 * `go get` that installs tools becomes `go install path@version`; `go get ./...`
 * that only downloads becomes `go mod download`. `go get` managing dependencies
 * in module mode (`go get lib@v1.2.3`, `go get -u ./...`, next to `go mod tidy`) is left alone.
 */
export function translateGoGet(args: readonly string[], context: GoGetContext): GoTranslation | undefined {
  if (context.editsGoMod) return undefined;
  const flags: string[] = [];
  const paths: string[] = [];
  for (const raw of args) {
    const a = unquote(raw);
    if (a.startsWith('-')) flags.push(a);
    else paths.push(a);
  }
  const update = flags.some((f) => f === '-u' || f.startsWith('-u='));
  const downloadOnly = flags.includes('-d');
  const base = { tool: '`go get`', what: 'downloads dependencies with `go get`' };
  if (paths.length === 0 || paths.every((p) => !isRemote(p))) {
    // `go get -u ./...` upgrades dependencies in go.mod: module-mode work, left alone.
    if (update) return undefined;
    const unknown = flags.find((f) => !['-d', '-t', '-v', '-x'].includes(f));
    if (unknown) return { ...base, reason: `its option \`${unknown}\` has no \`go mod download\` equivalent` };
    return { ...base, replacement: join('go mod download', flags.includes('-x') ? ['-x'] : []), safe: false };
  }
  if (downloadOnly || paths.some((p) => !isRemote(p))) return undefined;
  base.what = `installs ${paths.length > 1 ? 'tools' : 'a tool'} with \`go get\`, which no longer installs binaries`;
  const pinned = paths.every((p) => /@./.test(p) && !p.endsWith('@latest'));
  const tools = paths.every(isTool);
  if (!(tools || update || (context.pipeline && !pinned))) return undefined;
  if (paths.length > 1) return { ...base, reason: '`go install` takes the packages of one module per call, so each tool needs its own `go install path@version`' };
  const unknown = flags.find((f) => !['-u', '-u=patch', '-v', '-x', '-t'].includes(f));
  if (unknown) return { ...base, reason: `its option \`${unknown}\` has no \`go install\` equivalent` };
  const [path] = paths;
  const hasVersion = /@./.test(path);
  const kept = flags.filter((f) => f === '-v' || f === '-x');
  // A kept version installs what was asked; `@latest` invents one, which may not be what the module-aware `go get` resolved.
  return { ...base, replacement: join('go install', kept, hasVersion ? path : `${path}@latest`), safe: hasVersion && !update };
}

function join(...parts: (string | readonly string[])[]): string {
  return parts.flat().filter((p) => p !== '').join(' ');
}

/** `GO111MODULE=off` (quoted or not) in an assignment word. */
export function isModulesOff(value: string): boolean {
  return /^GO111MODULE=off$/i.test(value.trim()) || /^GO111MODULE=["']off["']$/i.test(value.trim());
}
