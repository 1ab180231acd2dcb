/**
 * Case 7 of the reliability issue: a multi-megabyte workflow opened in the
 * editor blocked every request for seconds. Large buffers are linted on a
 * worker thread: while one is being linted, the server keeps answering.
 * The assertion is about order (answers arrive while the large file's lint is
 * still running), not about a duration.
 */
import { afterAll, beforeAll, expect, setDefaultTimeout, test } from 'bun:test';
import { codes, LspSession } from '../support/lsp-session';

setDefaultTimeout(120_000);

let lsp: LspSession;

beforeAll(async () => {
  lsp = await LspSession.start({
    'package.json': '{ "name": "demo", "devDependencies": { "typescript": "5" } }\n',
    // The token limit is raised so that the 4.9 MB file is really parsed and linted, as a user who raised it would have it.
    '.roo-devops.yaml': 'limits:\n  maxNodes: 2000000\n',
  });
});

afterAll(() => lsp?.stop());

/**
 * A 4.9 MB workflow of many jobs, each with an `npm ci`: seconds to parse and lint. One job a line, so that the
 * file stays under the 100,000-line limit (the token limit is raised above).
 */
function hugeWorkflow(): string {
  const parts = ['name: big\non: push\njobs:\n'];
  let size = parts[0].length;
  for (let i = 0; size < 4.9 * 1024 * 1024; i++) {
    const job = `  job${i}: { runs-on: ubuntu-latest, steps: [ { name: "install and test service ${i}", run: "npm ci && npm test && echo building the service number ${i} of the fleet" } ] }\n`;
    parts.push(job);
    size += job.length;
  }
  return parts.join('');
}

test('while a 4.9 MB workflow is linted, requests about other documents are answered', async () => {
  const small = lsp.open('Dockerfile', 'FROM node:20-alpine\nCOPY package.json package-lock.json ./\nRUN npm ci\n', 'dockerfile');
  const smallDiagnostics = await lsp.diagnosticsFor(small.uri, 'the small Dockerfile', (p) => p.version === 1 && codes(p.diagnostics).includes('package-manager/js-commands'));

  const opened = performance.now();
  const big = lsp.open('.github/workflows/big.yml', hugeWorkflow());
  const bigDone = lsp.waitFor('the huge workflow\'s diagnostics', () => lsp.diagnostics.get(big.uri)?.version === 1, 100_000).then(() => lsp.diagnostics.get(big.uri)?.diagnostics ?? []);
  let done = false;
  void bigDone.then(() => {
    done = true;
  });
  // Ask about the small document again and again until the huge one's diagnostics arrive.
  const answered: number[] = [];
  while (!done) {
    await lsp.codeActions(small, smallDiagnostics);
    if (!done) answered.push(performance.now() - opened);
    await new Promise((r) => setTimeout(r, 100));
  }
  const bigDiagnostics = await bigDone;
  expect(codes(bigDiagnostics)).toContain('package-manager/js-commands');
  // Answers came while the huge file was still being linted, well after its quiet period (at most 300 ms) had started the lint.
  expect(answered.filter((ms) => ms > 1000).length).toBeGreaterThan(0);
});
