import { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } from '@actions/workflow-parser';
import { ErrorPolicy } from '@actions/workflow-parser/model/convert';
import { validate } from '@actions/languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
let jobs = '';
for (let i = 0; i < 40; i++) jobs += `  job${i}:\n    runs-on: \${{ matrix.os }}\n    needs: ${i ? 'job' + (i - 1) : '[]'}\n    strategy:\n      matrix:\n        os: [ubuntu-latest, windows-latest]\n        node: [18, 20]\n    steps:\n      - uses: actions/checkout@v4\n      - id: s\n        run: echo "x=1" >> $GITHUB_OUTPUT\n      - if: \${{ steps.s.outputs.x == '1' && github.event_name == 'push' }}\n        run: echo \${{ env.FOO }} \${{ matrix.node }}\n        env:\n          FOO: bar\n`;
const text = `name: big\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n${jobs}`;
console.log('lines', text.split('\n').length);
const N = 30;
async function time(name: string, f: () => unknown) {
  for (let i = 0; i < 20; i++) await f();
  const ts: number[] = [];
  for (let i = 0; i < N; i++) { const t = performance.now(); await f(); ts.push(performance.now() - t); }
  ts.sort((a, b) => a - b); console.log(name, ts[N >> 1].toFixed(2));
}
await time('yaml parse', () => parseDocument(text, { keepSourceTokens: true }));
await time('parse', () => parseWorkflow({ name: 'w.yml', content: text }, new NoOperationTraceWriter()));
await time('parse+convert', () => { const r = parseWorkflow({ name: 'w.yml', content: text }, new NoOperationTraceWriter()); convertWorkflowTemplate(r.context, r.value!, undefined, { errorPolicy: ErrorPolicy.TryConversion }); });
let k = 0;
await time('ls validate', () => validate(TextDocument.create(`file:///w${k++}.yml`, 'yaml', 1, text)));
