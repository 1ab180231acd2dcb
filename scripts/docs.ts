/** Writes docs/rules/ from rule metadata and fixtures. Usage: bun run docs */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { renderAll } from './rule-docs';

const out = join(import.meta.dir, '..', 'docs', 'rules');
rmSync(out, { recursive: true, force: true });
const pages = renderAll();
for (const [path, text] of pages) {
  mkdirSync(dirname(join(out, path)), { recursive: true });
  writeFileSync(join(out, path), text);
}
console.log(`wrote ${pages.size} pages to docs/rules/`);
