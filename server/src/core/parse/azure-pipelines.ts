/**
 * Scripts of an Azure Pipelines file: `script`, `bash`, `pwsh` and `powershell`
 * steps wherever steps sit (stages, jobs, deployment strategies, templates,
 * `${{ if }}` insertions), and the inline script of a `Bash@3` task. PowerShell
 * is read like a POSIX shell: only where command words stand matters here.
 */
import { isMap, isScalar, type Node } from 'yaml';
import type { SourceFile } from '../source';
import type { Script } from './script';
import { eachMap, scalarScripts, scriptScalars } from './yaml-scripts';
import { get, stringValue } from './yaml';

const SCRIPT_STEP_KEYS = ['script', 'bash', 'pwsh', 'powershell'];

export function azurePipelinesScripts(file: SourceFile): Script[] {
  return file.memo('azure-pipelines.scripts', () => {
    const out: Script[] = [];
    for (const doc of file.yaml.documents) {
      const seen = new Set<Node>();
      eachMap(doc.contents, (map, path) => {
        // Task inputs and variables are data, not steps.
        if (path.includes('inputs') || path.includes('variables') || path.includes('env')) return;
        for (const key of SCRIPT_STEP_KEYS) {
          const value = get(map, key);
          if (isScalar(value)) for (const item of scalarScripts(file.text, scriptScalars(doc, value, seen))) out.push(item);
        }
        const task = stringValue(get(map, 'task'));
        const inputs = get(map, 'inputs');
        if (task && /^(Bash|ShellScript)@\d+$/i.test(task) && isMap(inputs)) {
          const script = get(inputs, 'script');
          if (isScalar(script)) for (const item of scalarScripts(file.text, scriptScalars(doc, script, seen))) out.push(item);
        }
      });
    }
    return out;
  });
}
