import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateProduct, closeAllEditors, fileUri, readFile, waitForDiagnostics, writeFile } from './helpers';

/** The snippets inserted, from the files the extension ships; each must lint clean where it belongs. */
const CASES = [
  { file: 'snippets/yaml.json', prefix: 'roo-gha-bun', target: '.github/workflows/from-snippet.yml', broken: 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm ci\n' },
  // With the .dockerignore a real image folder has beside its Dockerfile.
  { file: 'snippets/dockerfile.json', prefix: 'roo-docker-bun', target: 'snippet/Dockerfile', broken: 'FROM node:20\nRUN npm ci\n', beside: { '.dockerignore': '.git\nnode_modules\ndist\n.env\n' } },
];

suite('snippets', () => {
  teardown(closeAllEditors);

  for (const { file, prefix, target, broken, beside } of CASES as { file: string; prefix: string; target: string; broken: string; beside?: Record<string, string> }[]) {
    test(`${prefix} (${file}) inserted with editor.insertSnippet lints clean`, async () => {
      const extension = await activateProduct();
      const snippets = JSON.parse(await readFile(vscode.Uri.joinPath(extension.extensionUri, ...file.split('/')))) as Record<string, { prefix: string | string[]; body: string | string[] }>;
      const snippet = Object.values(snippets).find((s) => [s.prefix].flat().includes(prefix));
      assert.ok(snippet, `${file} has a snippet with the prefix ${prefix}`);
      const body = [snippet.body].flat().join('\n');

      // First a finding, so that its disappearance proves the server read the snippet.
      const uri = fileUri(target);
      const folder = target.split('/').slice(0, -1).join('/');
      for (const [name, text] of Object.entries(beside ?? {})) await writeFile(fileUri(folder ? `${folder}/${name}` : name), text);
      await writeFile(uri, broken);
      const document = await vscode.workspace.openTextDocument(uri);
      const editor = await vscode.window.showTextDocument(document);
      await waitForDiagnostics(uri, 'the finding of the text before the snippet', (ds) => ds.length > 0);
      const all = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
      assert.equal(await editor.insertSnippet(new vscode.SnippetString(body), all), true);
      assert.ok(!document.getText().includes('npm'), 'the snippet replaced the text');
      assert.equal(await document.save(), true);
      await waitForDiagnostics(uri, 'no finding on the snippet', (ds) => ds.length === 0);
    });
  }
});
