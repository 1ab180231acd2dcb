/**
 * Which `rustc` calls build code outside Cargo. Pure word-level reading: the
 * rule decides where the words sit in the file.
 */
import { unquote } from './command-rewrite';

/** Options that make `rustc` report about itself instead of compiling. */
const INFORMATIONAL = new Set(['--version', '-V', '-vV', '--help', '-h', '--explain', '--print']);

/**
 * True when the arguments compile a source file: some argument is a `.rs` path
 * and none asks `rustc` about itself (`--version`, `--print cfg`, `--explain E0308`).
 */
export function isDirectRustcBuild(args: readonly string[]): boolean {
  const values = args.map(unquote);
  if (values.some((v) => INFORMATIONAL.has(v) || v.startsWith('--print=') || v.startsWith('--explain='))) return false;
  return values.some((v) => !v.startsWith('-') && v.endsWith('.rs'));
}
