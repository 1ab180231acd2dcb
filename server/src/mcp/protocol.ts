/**
 * `roo-devops mcp`'s protocol side: the official MCP SDK over stdio, the tools'
 * names, input and output schemas and annotations. Bundled on its own as
 * `dist/mcp.js` (SDK and zod together are about a third of the CLI's size) and
 * required by the CLI only when `mcp` runs, so `check` does not load them. The
 * work itself is `McpTools`, from the CLI's bundle: only types come from there.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { CheckResult, McpTools } from './tools';

export interface ServeOptions {
  version: string;
  /** The tools' text answers, built by the CLI's bundle from the results. */
  describeCheck(r: CheckResult): string;
  log(message: string): void;
}

const severity = z.enum(['error', 'warning', 'info']);
const finding = z.object({
  ruleId: z.string(),
  severity,
  file: z.string().describe('Relative to the workspace root.'),
  line: z.number().int(),
  column: z.number().int(),
  endLine: z.number().int(),
  endColumn: z.number().int(),
  message: z.string(),
  fix: z.enum(['safe', 'unsafe', 'none']).describe('safe: the fix tool applies it; unsafe: a fix exists but a person must review it; none: edit the file.'),
});
const pathReason = z.object({ path: z.string(), reason: z.string() });
const checkShape = {
  filesChecked: z.number().int(),
  counts: z.object({ error: z.number().int(), warning: z.number().int(), info: z.number().int(), safeFixes: z.number().int() }),
  findings: z.array(finding),
  omitted: z.number().int(),
  notChecked: z.array(pathReason),
};
const ruleSummary = {
  id: z.string(),
  severity,
  fix: z.enum(['safe', 'unsafe', 'mixed', 'none']),
  kinds: z.array(z.string()),
  summary: z.string(),
};
const paths = z
  .array(z.string())
  .optional()
  .describe('Files or folders, relative to the workspace root (or absolute inside it). Omit for the whole workspace.');

const INSTRUCTIONS =
  'Roo DevOps checks pipelines, Dockerfiles, infrastructure as code, package manifests and plan documents against the team rules. ' +
  'Run `check` on the files you wrote before you report your work done; apply safe fixes with `fix`, then edit what remains. ' +
  'Use `explain_rule` for why a rule exists and `generate_plan` to propose plan/infrastructure.md or plan/deployment.md (it never writes).';

export async function serve(tools: McpTools, options: ServeOptions): Promise<void> {
  const server = new McpServer({ name: 'roo-devops', title: 'Roo DevOps', version: options.version }, { instructions: INSTRUCTIONS });

  /** A tool's answer: the text for the model, the structured result for the client; a refused or failed call is a tool error. */
  const answer = <T extends object>(work: () => T, text: (r: T) => string): CallToolResult => {
    try {
      const result = work();
      return { content: [{ type: 'text', text: text(result) }], structuredContent: result as Record<string, unknown> };
    } catch (e) {
      const expected = e instanceof Error && e.name === 'ToolError';
      if (!expected) options.log(`roo-devops mcp: a tool failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return { isError: true, content: [{ type: 'text', text: expected ? (e as Error).message : `The tool failed: ${e instanceof Error ? e.message : String(e)}` }] };
    }
  };

  server.registerTool(
    'check',
    {
      title: 'Check files',
      description:
        'Checks files or the whole workspace with the Roo DevOps rules (the same engine and .roo-devops.yaml as the editor and CI). Returns each finding with its rule id, severity, file, 1-based line and column, message, and whether a safe fix exists.',
      inputSchema: { paths },
      outputSchema: checkShape,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    ({ paths: p }) => answer(() => tools.check(p), options.describeCheck),
  );

  server.registerTool(
    'fix',
    {
      title: 'Apply safe fixes',
      description:
        'Applies the safe fixes (those the editor\'s "fix all" applies; never the unsafe ones) to files or the whole workspace, optionally only those of the given rules, and writes the files. Returns what changed per file and the findings that remain.',
      inputSchema: { paths, rules: z.array(z.string()).optional().describe('Rule ids whose fixes to apply; omit for all.') },
      outputSchema: {
        changed: z.array(z.object({ file: z.string(), fixesApplied: z.number().int() })),
        remaining: z.object(checkShape),
        writeFailures: z.array(pathReason),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    ({ paths: p, rules }) =>
      answer(
        () => tools.fix(p, rules),
        (r) => {
          const changed = r.changed.length ? `Fixed ${r.changed.map((c) => `${c.file} (${c.fixesApplied})`).join(', ')}.` : 'No safe fix to apply.';
          const failed = r.writeFailures.length ? `\nNot written: ${r.writeFailures.map((w) => `${w.path}: ${w.reason}`).join('; ')}.` : '';
          return `${changed}${failed}\nRemaining: ${options.describeCheck(r.remaining)}`;
        },
      ),
  );

  server.registerTool(
    'generate_plan',
    {
      title: 'Propose a plan document',
      description:
        'Generates plan/infrastructure.md or plan/deployment.md from the repository. Returns the whole document when it does not exist, or the additions as a unified diff when it does (only missing sections, diagrams and rows; nothing written changes). Never writes: write the text yourself or run `roo-devops generate <document> --write`.',
      inputSchema: { document: z.enum(['infrastructure', 'deployment']) },
      outputSchema: {
        document: z.string(),
        exists: z.boolean(),
        additions: z.array(z.string()),
        text: z.string(),
        written: z.literal(false),
        notRead: z.array(pathReason),
      },
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    ({ document }) =>
      answer(
        () => tools.generatePlan(document),
        (r) =>
          r.exists
            ? r.additions.length
              ? `${r.document} exists; it lacks ${r.additions.join(', ')}. Proposed additions:\n${r.text}`
              : `${r.document} has everything the repository tells; nothing to add.`
            : `${r.document} does not exist; proposed document:\n${r.text}`,
      ),
  );

  server.registerTool(
    'list_rules',
    {
      title: 'List rules',
      description: 'Lists the rules with their default severity, whether they fix, the file kinds they check and a one-line summary; optionally of one family (the part of the id before "/").',
      inputSchema: { family: z.string().optional().describe('e.g. "package-manager", "github-actions", "terraform".') },
      outputSchema: { rules: z.array(z.object(ruleSummary)) },
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    ({ family }) =>
      answer(
        () => tools.listRules(family),
        (r) => r.rules.map((x) => `${x.id} (${x.severity}${x.fix === 'none' ? '' : `, fix: ${x.fix}`}): ${x.summary}`).join('\n'),
      ),
  );

  server.registerTool(
    'explain_rule',
    {
      title: 'Explain a rule',
      description: "A rule's documentation: what it reports, why, examples of reported and accepted files, its fix and options.",
      inputSchema: { ruleId: z.string().describe('e.g. "package-manager/js-commands".') },
      outputSchema: { ...ruleSummary, documentation: z.string() },
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    ({ ruleId }) => answer(() => tools.explainRule(ruleId), (r) => r.documentation),
  );

  const transport = new StdioServerTransport();
  await server.connect(transport);
  options.log(`roo-devops mcp: serving ${tools.root} over stdio.`);
}
