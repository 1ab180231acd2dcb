/**
 * The commands a Kubernetes manifest runs, for the package-manager policy:
 * every `command` list (containers, init containers, `exec` probes and
 * lifecycle hooks, and the same key in custom resources such as Argo or Tekton
 * steps) with the `args` beside it. `["sh", "-c", "npm run migrate"]` runs the
 * string after `-c` as a script (also when `-c` ends `command` and the script is
 * in `args`); `[npm, run, migrate]` is one command whose words sit in their
 * list items. A chart's `values.yaml` holds the same lists for its templates.
 */
import { type Document, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { SourceFile } from '../source';
import { type Script, ScriptBuilder } from './script';
import { embeddedText } from './yaml';
import { eachMap, getMerged, resolve } from './yaml-scripts';

const SHELL = /^(?:.*\/)?(?:sh|bash|dash|ash|zsh|ksh)$/;

/** Scripts of every `command` list of every document of a manifest or values file. */
export function commandListScripts(file: SourceFile): Script[] {
  return file.memo('kubernetes:command-scripts', () => {
    const out: Script[] = [];
    if (!file.isYamlLike) return out;
    for (const doc of file.yaml.documents) {
      if (doc.errors.length > 0) continue;
      eachMap(doc.contents, (map) => {
        const command = words(doc, getMerged(doc, map, 'command'));
        if (!command || command.length === 0) return;
        const args = words(doc, getMerged(doc, map, 'args')) ?? [];
        const script = listScript(file.text, [...command, ...args]);
        if (script) out.push(script);
      });
    }
    return out;
  });
}

/** The string items of a list, aliases followed; undefined when the value is not a list of strings. */
function words(doc: Document.Parsed, node: Node | undefined): Scalar[] | undefined {
  const list = resolve(doc, node);
  if (!isSeq(list)) return undefined;
  const out: Scalar[] = [];
  for (const item of list.items) {
    const s = resolve(doc, item);
    if (!isScalar(s) || typeof s.value !== 'string' || !s.range) return undefined;
    out.push(s);
  }
  return out;
}

function listScript(text: string, items: readonly Scalar[]): Script | undefined {
  if (SHELL.test(String(items[0].value))) {
    const c = items.findIndex((s, k) => k > 0 && /^-[a-z]*c$/.test(String(s.value)));
    if (c > 0) return items[c + 1] ? embeddedText(text, items[c + 1]) : undefined;
  }
  // One command: each word where its item is written, so a finding points into the list.
  const builder = new ScriptBuilder().markEscaped();
  items.forEach((item, k) => {
    const embedded = embeddedText(text, item);
    if (!embedded) return;
    if (k > 0) builder.join(' ');
    const quote = /[^\w@%+=:,./-]/.test(embedded.text) && !embedded.text.includes("'");
    if (quote) builder.join("'");
    for (const s of embedded.segments) builder.add(s.sourceStart, embedded.text.slice(s.scriptStart, s.scriptStart + s.length));
    if (quote) builder.join("'");
  });
  return builder.build();
}

/** A Helm chart's values file (`values.yaml`, `values-prod.yaml`, `values.prod.yaml`): plain YAML that templates read. */
export function isChartValuesFile(path: string): boolean {
  return /(?:^|\/)values(?:[.-][^/]*)?\.ya?ml$/.test(path);
}
