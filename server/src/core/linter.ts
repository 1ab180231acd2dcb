/**
 * Lints the files of one repository and keeps each file's last result, so that
 * a change elsewhere re-runs only the rules that read it: a file whose own
 * text and configuration are unchanged keeps the findings of every other rule.
 * The shells (language server, CLI, benchmarks) lint through this.
 */
import type { ResolvedConfig } from './config';
import { lint, type LintResult } from './engine';
import type { SourceFile } from './source';
import type { Repository } from './workspace/repository';

interface Last {
  /** Weakly held: the repository may evict the parse, and then every rule runs again. */
  file: WeakRef<SourceFile>;
  config: ResolvedConfig;
  result: Omit<LintResult, 'file'>;
}

export class RepositoryLinter {
  private readonly last = new Map<string, Last>();

  constructor(readonly repository: Repository) {}

  /**
   * Lints the repository's file at `path` under `config`; undefined when it is
   * missing, unreadable or of no kind. Pass the same `config` object while the
   * configuration is unchanged: a new object means every rule runs again.
   */
  lint(path: string, config: ResolvedConfig): LintResult | undefined {
    const repo = this.repository;
    const file = repo.file(path);
    if (!file) {
      this.forget(path);
      return undefined;
    }
    const last = this.last.get(path);
    const partial = last !== undefined && last.file.deref() === file && last.config === config && !repo.staleRules(path).has('*');
    const reuse = partial ? { previous: last.result, rerun: repo.staleRules(path) } : undefined;
    const result = repo.trackRules(path, (workspace) => lint(file, { config, workspace, reuse }), partial);
    const { file: _parsed, ...kept } = result;
    this.last.set(path, { file: new WeakRef(file), config, result: kept });
    return result;
  }

  /** The file is gone, closed or no longer linted here. */
  forget(path: string): void {
    this.last.delete(path);
    this.repository.forget(path);
  }
}
