/**
 * Completion of plan-document section headings over real stdio JSON-RPC: a line
 * typed as `#`/`##` in `plan/infrastructure.md` is offered the missing sections,
 * the next expected first; other Markdown files and code blocks get nothing.
 */
import { afterAll, beforeAll, expect, setDefaultTimeout, test } from 'bun:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem, CompletionList, TextEdit } from 'vscode-languageserver-protocol';
import { LspSession } from '../support/lsp-session';

setDefaultTimeout(15_000);

let lsp: LspSession;

beforeAll(async () => {
  lsp = await LspSession.start({ 'plan/infrastructure.md': '', 'plan/notes.md': '', 'docs/infrastructure.md': '' });
});

afterAll(() => lsp?.stop());

/** Opens `rel` with `text` (`|` marks the cursor), asks for completion there, and returns the items and the buffer. */
async function complete(rel: string, text: string): Promise<{ items: CompletionItem[]; doc: TextDocument }> {
  const offset = text.indexOf('|');
  const doc = lsp.open(rel, text.replace('|', ''), 'markdown');
  try {
    const result = (await lsp.connection.sendRequest('textDocument/completion', {
      textDocument: { uri: doc.uri },
      position: doc.positionAt(offset),
    })) as CompletionList | null;
    return { items: result?.items ?? [], doc };
  } finally {
    lsp.close(doc.uri);
  }
}

const PLAN = [
  '# Shop infrastructure',
  '',
  '## Infrastructure Architecture',
  '',
  'An ALB in front of ECS.',
  '',
  '## Deployment Pipelines',
  '',
  'GitHub Actions.',
  '',
  '|',
  '',
  '## Monitoring Setup',
  '',
  'Alerts at p95 > 500 ms.',
  '',
].join('\n');

test('the server announces `#` as a completion trigger', () => {
  expect(lsp.initializeResult.capabilities.completionProvider?.triggerCharacters).toContain('#');
});

test('`##` on a new line offers the missing sections, the next expected first, at the level of the others', async () => {
  const { items, doc } = await complete('plan/infrastructure.md', PLAN.replace('|', '##|'));
  expect(items.map((i) => i.label)).toEqual([
    'Environment Configuration',
    'Security Controls',
    'Scaling Strategy',
    'Disaster Recovery',
    'Operations Guide',
  ]);
  expect(items[0].preselect).toBe(true);
  expect([...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''))[0].label).toBe('Environment Configuration');
  const after = TextDocument.applyEdits(doc, [items[0].textEdit as TextEdit]);
  expect(after.split('\n')[10]).toBe('## Environment Configuration');
});

test('a single `#` is completed to the sections’ level; after the last section, the earlier gaps come last', async () => {
  const text = `${PLAN.replace('|\n', '')}\n#|`;
  const { items, doc } = await complete('plan/infrastructure.md', text);
  expect(items.map((i) => i.label)).toEqual(['Scaling Strategy', 'Disaster Recovery', 'Operations Guide', 'Environment Configuration', 'Security Controls']);
  const after = TextDocument.applyEdits(doc, [items[0].textEdit as TextEdit]);
  expect(after.endsWith('\n## Scaling Strategy')).toBe(true);
});

test('the start of a title filters as typed', async () => {
  const { items } = await complete('plan/infrastructure.md', PLAN.replace('|', '## Dis|'));
  const item = items.find((i) => i.label === 'Disaster Recovery');
  expect(item?.filterText).toBe('## Disaster Recovery');
});

test('nothing inside a code block, in prose, or in Markdown files that are not the plan documents', async () => {
  expect((await complete('plan/infrastructure.md', PLAN.replace('|', '```bash\n#|\n```'))).items).toEqual([]);
  expect((await complete('plan/infrastructure.md', PLAN.replace('|', 'Some text #|'))).items).toEqual([]);
  expect((await complete('plan/notes.md', '# Notes\n\n##|\n')).items).toEqual([]);
  expect((await complete('docs/infrastructure.md', '# Notes\n\n##|\n')).items).toEqual([]);
});
