/**
 * Shell scripts in Terraform: `local-exec` `command`, `remote-exec` `inline`
 * lines, and instance start-up scripts (`user_data`, Azure's `custom_data`,
 * Google's `metadata_startup_script`) written as a string or a heredoc.
 * Interpolations (`${var.x}`) stay in the script as words, which the command
 * reader treats as opaque; a start-up script that is not a shell script
 * (`#cloud-config`, a `#!` of another interpreter) is not read.
 */
import type { SourceFile } from '../source';
import { allBlocks, type HclNode, tupleItems, unwrap } from './hcl';
import { type Script, ScriptBuilder, sliceScript } from './script';

const STARTUP_SCRIPTS = new Set(['user_data', 'custom_data', 'metadata_startup_script']);

export function terraformScripts(file: SourceFile): Script[] {
  return file.memo('terraform.scripts', () => {
    if (file.format !== 'hcl' || /\.tfvars$/i.test(file.path)) return [];
    const out: Script[] = [];
    const text = file.text;
    for (const { block } of allBlocks(file.hcl.body)) {
      if (block.type === 'provisioner') {
        const kind = block.labels[0]?.value;
        if (kind === 'local-exec') {
          // An `interpreter` other than a shell runs the command as another language.
          const interpreter = block.body.attribute('interpreter');
          if (interpreter && !/\b(?:ba|z|da|k)?sh\b/.test(text.slice(interpreter.expression.start, interpreter.expression.end))) continue;
          const command = block.body.attribute('command');
          const s = command && stringScript(command.expression, text);
          if (s) out.push(s);
        } else if (kind === 'remote-exec') {
          const inline = block.body.attribute('inline');
          for (const item of tupleItems(inline?.expression) ?? []) {
            const s = stringScript(item, text);
            if (s) out.push(s);
          }
        }
        continue;
      }
      for (const attr of block.body.attributes) {
        if (!STARTUP_SCRIPTS.has(attr.name)) continue;
        const s = stringScript(attr.expression, text);
        if (s && isShellScript(s.text)) out.push(s);
      }
    }
    return out;
  });
}

function isShellScript(script: string): boolean {
  const first = script.trimStart().split('\n', 1)[0] ?? '';
  if (first.startsWith('#cloud-config') || first.startsWith('Content-Type:')) return false;
  if (first.startsWith('#!')) return /\b(?:ba|z|da|k)?sh\b/.test(first);
  return true;
}

/** The script a string or heredoc expression holds, mapped to the file; undefined for other expressions (a `templatefile()` call, a variable). */
function stringScript(expression: HclNode, text: string): Script | undefined {
  const n = unwrap(expression);
  if (!n) return undefined;
  if (n.type === 'heredoc_template') {
    // The body: from the line after `<<EOT` to the closing identifier.
    const ids = n.children.filter((c) => c.type === 'heredoc_identifier');
    const open = ids[0];
    const close = ids[ids.length - 1];
    if (!open || !close || open === close) return undefined;
    const start = text.indexOf('\n', open.end) + 1;
    if (start <= 0 || start > close.start) return undefined;
    return sliceScript(text, start, close.start);
  }
  if (n.type === 'string_lit' || n.type === 'quoted_template') {
    const builder = new ScriptBuilder();
    const start = n.start + 1;
    const end = n.end - 1;
    let i = start;
    let run = i;
    while (i < end) {
      if (text[i] !== '\\') {
        i++;
        continue;
      }
      builder.add(run, text.slice(run, i));
      const c = text[i + 1] ?? '';
      builder.addDecoded(i, c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c, 2);
      i += 2;
      run = i;
    }
    builder.add(run, text.slice(run, end));
    return builder.build(end);
  }
  return undefined;
}
