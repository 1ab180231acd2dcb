/**
 * Configuration changes reach open buffers: `.roo-devops.yaml` edited on disk and
 * `rooDevops.*` settings changed in the editor re-grade a buffer whose text did
 * not change, without closing its tab or restarting the server.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { DiagnosticSeverity, FileChangeType } from 'vscode-languageserver-protocol';
import { codes, LspSession } from '../support/lsp-session';

const DOCKERFILE = 'FROM oven/bun:1.1\nWORKDIR /app\nCOPY package.json bun.lock ./\nRUN npm install --omit=dev\n';
const RULE = 'package-manager/js-commands';

// Longer than the session's own waits, so that a timeout reports what was last published.
setDefaultTimeout(15_000);

let lsp: LspSession;

beforeAll(async () => {
  lsp = await LspSession.start({ Dockerfile: DOCKERFILE, 'package.json': '{ "name": "demo" }\n', 'bun.lock': '{}\n' });
});

afterAll(() => lsp?.stop());

/** Severity of the rule's finding in the latest diagnostics of the open Dockerfile, version 1. */
function severityOf(uri: string): number | undefined {
  const p = lsp.diagnostics.get(uri);
  if (p?.version !== 1) return undefined;
  return p.diagnostics.find((d) => d.code === RULE)?.severity;
}

describe('configuration changes re-grade open buffers', () => {
  test('the server asks the editor to report changes of the rooDevops section', async () => {
    await lsp.waitFor('the didChangeConfiguration registration', () => lsp.registrations.some((r) => r.method === 'workspace/didChangeConfiguration'));
    const registration = lsp.registrations.find((r) => r.method === 'workspace/didChangeConfiguration');
    expect(registration?.registerOptions).toEqual({ section: 'rooDevops' });
  });

  test('editing .roo-devops.yaml on disk re-grades an open Dockerfile whose text did not change', async () => {
    const doc = lsp.open('Dockerfile', DOCKERFILE, 'dockerfile');
    await lsp.diagnosticsFor(doc.uri, 'the finding as an error', () => severityOf(doc.uri) === DiagnosticSeverity.Error);

    lsp.writeFile('.roo-devops.yaml', `rules:\n  ${RULE}: warning\n`);
    await lsp.fileEvents(['.roo-devops.yaml', FileChangeType.Created]);
    await lsp.diagnosticsFor(doc.uri, 'the finding as a warning', () => severityOf(doc.uri) === DiagnosticSeverity.Warning);

    lsp.writeFile('.roo-devops.yaml', `rules:\n  ${RULE}: info\n`);
    await lsp.fileEvents(['.roo-devops.yaml', FileChangeType.Changed]);
    await lsp.diagnosticsFor(doc.uri, 'the finding as information', () => severityOf(doc.uri) === DiagnosticSeverity.Information);

    lsp.writeFile('.roo-devops.yaml', `rules:\n  ${RULE}: "off"\n`);
    await lsp.fileEvents(['.roo-devops.yaml', FileChangeType.Changed]);
    const off = await lsp.diagnosticsFor(doc.uri, 'no finding once the rule is off', (p) => p.version === 1 && !codes(p.diagnostics).includes(RULE));
    expect(codes(off)).not.toContain(RULE);

    // Back to the defaults for the next test.
    lsp.writeFile('.roo-devops.yaml', 'rules: {}\n');
    await lsp.fileEvents(['.roo-devops.yaml', FileChangeType.Changed]);
    await lsp.diagnosticsFor(doc.uri, 'the finding as an error again', () => severityOf(doc.uri) === DiagnosticSeverity.Error);
  });

  test('a rooDevops.rules change in the editor re-grades the open buffer', async () => {
    const uri = lsp.uriOf('Dockerfile');
    lsp.settingsAnswer = () => ({ enable: true, rules: { [RULE]: 'warning' } });
    // What vscode-languageclient sends for a registration with a section: the section's new value.
    await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: { rooDevops: { enable: true, rules: { [RULE]: 'warning' } } } });
    await lsp.diagnosticsFor(uri, 'the finding as a warning from the settings', () => severityOf(uri) === DiagnosticSeverity.Warning);

    lsp.settingsAnswer = () => ({ enable: false, rules: {} });
    await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await lsp.diagnosticsFor(uri, 'no diagnostics with rooDevops.enable off', (p) => p.diagnostics.length === 0);

    lsp.settingsAnswer = () => ({ enable: true, rules: {} });
    await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await lsp.diagnosticsFor(uri, 'the finding as an error again', () => severityOf(uri) === DiagnosticSeverity.Error);
    expect(lsp.errorLogs).toEqual([]);
  });
});
