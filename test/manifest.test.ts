/**
 * The extension manifest's static contributions: languages VS Code assigns to
 * files when no other extension does, and that they ship in the package.
 */
import { expect, test } from 'bun:test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import picomatch from 'picomatch';

const ROOT = join(import.meta.dir, '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { languages: { id: string; extensions: string[]; configuration?: string }[]; snippets: { language: string }[] };
};

/** Whether `.vscodeignore` (drop everything, re-include with `!`) keeps a path in the package. */
function packaged(path: string): boolean {
  let kept = true;
  for (const line of readFileSync(join(ROOT, '.vscodeignore'), 'utf8').split('\n')) {
    const pattern = line.trim();
    if (!pattern || pattern.startsWith('#')) continue;
    const negated = pattern.startsWith('!');
    if (picomatch(negated ? pattern.slice(1) : pattern, { dot: true })(path)) kept = negated;
  }
  return kept;
}

test('.tf and .tfvars get the ids of HashiCorp’s extension, so the two merge', () => {
  const byId = new Map(manifest.contributes.languages.map((l) => [l.id, l]));
  expect(byId.get('terraform')?.extensions).toEqual(['.tf']);
  expect(byId.get('terraform-vars')?.extensions).toEqual(['.tfvars']);
  // The Terraform snippets hang on that id.
  expect(manifest.contributes.snippets.map((s) => s.language)).toContain('terraform');
});

test('each language configuration exists, declares HCL comments and brackets, and is packaged', () => {
  for (const language of manifest.contributes.languages) {
    const rel = (language.configuration ?? '').replace(/^\.\//, '');
    expect(existsSync(join(ROOT, rel))).toBe(true);
    const config = JSON.parse(readFileSync(join(ROOT, rel), 'utf8')) as { comments: { lineComment: string; blockComment: string[] }; brackets: string[][] };
    expect(config.comments).toEqual({ lineComment: '#', blockComment: ['/*', '*/'] });
    expect(config.brackets).toContainEqual(['{', '}']);
    expect(packaged(rel)).toBe(true);
  }
  expect(packaged('server/src/server.ts')).toBe(false);
});

test('the Markdown preview script and style are packaged and written by the build', () => {
  const contributes = manifest.contributes as unknown as Record<string, string[] | undefined>;
  const files = [...(contributes['markdown.previewScripts'] ?? []), ...(contributes['markdown.previewStyles'] ?? [])].map((p) => p.replace(/^\.\//, ''));
  expect(files).toEqual(['dist/preview/mermaid-preview.js', 'dist/preview/mermaid-preview.css']);
  for (const file of files) {
    expect(packaged(file)).toBe(true);
    if (!existsSync(join(ROOT, file))) throw new Error(`${file} is missing: run \`bun run build\` first`);
  }
});
