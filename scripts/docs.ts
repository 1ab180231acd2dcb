/** Writes docs/rules/ from rule metadata and fixtures. Usage: bun run docs */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadHclParser } from '../server/src/core/parse/hcl';
import { renderAll } from './rule-docs';

const out = join(import.meta.dir, '..', 'docs', 'rules');
rmSync(out, { recursive: true, force: true });
// Terraform fixtures are parsed by the HCL parser, WebAssembly loaded once before anything is linted.
await loadHclParser();
const pages = renderAll();
for (const [path, text] of pages) {
  mkdirSync(dirname(join(out, path)), { recursive: true });
  writeFileSync(join(out, path), text);
}
console.log(`wrote ${pages.size} pages to docs/rules/`);
