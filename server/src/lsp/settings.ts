/**
 * The `rooDevops.*` settings, pulled from the editor per resource (a folder or a
 * language may override them) and cached per URI until the editor says they
 * changed — the vscode-eslint model. Nothing here lives in globals.
 */
import type { Connection } from 'vscode-languageserver/node';
import configSchema from '../../../schemas/config.schema.json';
import type { Level, ResolvedConfig } from '../core/config';
import type { KindPatterns } from '../core/detect';
import { currentRuleId } from '../core/rules';
import { FILE_KINDS, type FileKind, type PackageManagers } from '../core/types';

export interface RooDevopsSettings {
  /** False switches validation off for the resource: its diagnostics are emptied. */
  enable: boolean;
  /** Severity per rule id, applied on top of the workspace's `.roo-devops.yaml`. */
  rules: Record<string, Level>;
  /** `rooDevops.packageManagers`: the ecosystems' managers the configuration file leaves unset. */
  packageManagers?: Partial<PackageManagers>;
  /** `rooDevops.kinds`: extra glob patterns per file kind, for the kinds the configuration file does not list. */
  kinds?: KindPatterns;
}

export const DEFAULT_SETTINGS: RooDevopsSettings = Object.freeze({ enable: true, rules: Object.freeze({}) as Record<string, Level> });

const LEVELS: ReadonlySet<string> = new Set(['error', 'warning', 'info', 'off']);
const MANAGERS = configSchema.properties.packageManagers.properties as Record<string, { enum: string[] }>;

function readPackageManagers(raw: unknown): Partial<PackageManagers> | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const out: Record<string, string> = {};
  for (const [ecosystem, manager] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof manager === 'string' && MANAGERS[ecosystem]?.enum.includes(manager)) out[ecosystem] = manager;
  }
  return Object.keys(out).length > 0 ? (out as Partial<PackageManagers>) : undefined;
}

function readKinds(raw: unknown): KindPatterns | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const out: [FileKind, string[]][] = [];
  for (const [kind, globs] of Object.entries(raw as Record<string, unknown>)) {
    if (!(FILE_KINDS as readonly string[]).includes(kind)) continue;
    if (Array.isArray(globs) && globs.length > 0 && globs.every((g) => typeof g === 'string' && g.length > 0)) out.push([kind as FileKind, globs as string[]]);
  }
  return out.length > 0 ? out : undefined;
}

/**
 * The order of precedence: the configuration file wins where it sets a value; the editor settings
 * fill what it leaves unset; the built-in defaults come last. Per ecosystem for `packageManagers`,
 * per file kind for `kinds`. (Rule severities, `rooDevops.rules`, are the exception: laid over the file.)
 */
export function mergeSettings(config: ResolvedConfig, settings: Pick<RooDevopsSettings, 'packageManagers' | 'kinds'>): ResolvedConfig {
  let out = config;
  if (settings.packageManagers) {
    const fromFile = new Set<string>(config.packageManagersSet ?? []);
    const filled = Object.entries(settings.packageManagers).filter(([ecosystem]) => !fromFile.has(ecosystem));
    if (filled.length > 0) out = { ...out, packageManagers: { ...config.packageManagers, ...Object.fromEntries(filled) } };
  }
  const kinds = mergeKinds(config.kinds, settings.kinds);
  if (kinds !== config.kinds) out = { ...out, kinds };
  return out;
}

/** The file's kind patterns, then the settings' for the kinds the file does not list; the same array when nothing is added. */
export function mergeKinds(fromFile: KindPatterns, fromSettings: KindPatterns | undefined): KindPatterns {
  if (!fromSettings) return fromFile;
  const listed = new Set(fromFile.map(([kind]) => kind));
  const added = fromSettings.filter(([kind]) => !listed.has(kind));
  return added.length > 0 ? [...fromFile, ...added] : fromFile;
}

/** Reads whatever the client sent, keeping the valid parts; a malformed value never disables the product. */
export function readSettings(raw: unknown): RooDevopsSettings {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return DEFAULT_SETTINGS;
  const value = raw as { enable?: unknown; rules?: unknown };
  const rules: Record<string, Level> = {};
  if (value.rules && typeof value.rules === 'object' && !Array.isArray(value.rules)) {
    for (const [id, level] of Object.entries(value.rules as Record<string, unknown>)) {
      if (typeof level === 'string' && LEVELS.has(level)) rules[id] = level as Level;
    }
  }
  const settings: RooDevopsSettings = { enable: typeof value.enable === 'boolean' ? value.enable : true, rules };
  const packageManagers = readPackageManagers((raw as { packageManagers?: unknown }).packageManagers);
  if (packageManagers) settings.packageManagers = packageManagers;
  const kinds = readKinds((raw as { kinds?: unknown }).kinds);
  if (kinds) settings.kinds = kinds;
  return settings;
}

/** The file configuration with the editor's rule severities laid over it. */
/** One combined object per (configuration, settings) pair: the same inputs give the same object, so results computed under it can be reused. */
const combined = new WeakMap<ResolvedConfig, WeakMap<RooDevopsSettings, ResolvedConfig>>();

export function withSettings(config: ResolvedConfig, settings: RooDevopsSettings): ResolvedConfig {
  const overrides = Object.entries(settings.rules);
  if (overrides.length === 0 && !settings.packageManagers && !settings.kinds) return config;
  let bySettings = combined.get(config);
  if (!bySettings) {
    bySettings = new WeakMap();
    combined.set(config, bySettings);
  }
  let out = bySettings.get(settings);
  if (!out) {
    const rules = { ...config.rules };
    // A renamed rule's former id counts as its current one; written after it, the current id wins.
    for (const [id, severity] of [...overrides].sort(([a], [b]) => Number(currentRuleId(a) === a) - Number(currentRuleId(b) === b))) {
      const current = currentRuleId(id);
      rules[current] = { ...rules[current], severity };
    }
    out = mergeSettings({ ...config, rules }, settings);
    bySettings.set(settings, out);
  }
  return out;
}

export class SettingsStore {
  private readonly cache = new Map<string, Promise<RooDevopsSettings>>();
  /** Used when the client cannot answer `workspace/configuration`: pushed settings, or the defaults. */
  private pushed: RooDevopsSettings = DEFAULT_SETTINGS;

  constructor(
    private readonly connection: Connection,
    /** Asked each time: the capability is known only once `initialize` has arrived. */
    private readonly canPull: () => boolean,
  ) {}

  /** Settings of each resource, asking the client in one request for those not cached. */
  getMany(uris: readonly string[]): Promise<RooDevopsSettings[]> {
    if (!this.canPull()) return Promise.resolve(uris.map(() => this.pushed));
    const missing = [...new Set(uris.filter((u) => !this.cache.has(u)))];
    if (missing.length > 0) {
      const request = this.connection.workspace
        .getConfiguration(missing.map((scopeUri) => ({ scopeUri, section: 'rooDevops' })))
        .then(
          (values: unknown) => (Array.isArray(values) ? values : []),
          (error: unknown) => {
            this.connection.console.warn(`roo-devops: could not read settings (${String(error)}); using defaults.`);
            return [];
          },
        );
      missing.forEach((uri, i) => {
        this.cache.set(
          uri,
          request.then((values) => readSettings(values[i])),
        );
      });
    }
    return Promise.all(uris.map((u) => this.cache.get(u) ?? Promise.resolve(DEFAULT_SETTINGS)));
  }

  async get(uri: string): Promise<RooDevopsSettings> {
    const [settings] = await this.getMany([uri]);
    return settings;
  }

  /** On `workspace/didChangeConfiguration`: drop the cache; without pull support, take the pushed value. */
  changed(pushedSettings: unknown): void {
    this.cache.clear();
    if (!this.canPull()) {
      const section = (pushedSettings as { rooDevops?: unknown } | null | undefined)?.rooDevops;
      this.pushed = readSettings(section);
    }
  }
}
