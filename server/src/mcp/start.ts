/**
 * `roo-devops mcp [--root <dir>]` from the CLI: the tools over the root, served by
 * the protocol module. A bundle keeps that module (the SDK with it) beside itself
 * as `dist/mcp.js`, built by scripts/build.ts, and requires it only here.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { serve as Serve } from './protocol';
import { describeCheck, type McpTools, workspaceTools } from './tools';

// A name the minifier cannot fold into a constant, so the bundler leaves the protocol module (and the SDK) out of the CLI bundle.
const FROM_SOURCES = ['.', 'protocol'].join('/');

function protocolModule(): { serve: typeof Serve } {
  const main = require.main?.filename;
  const bundled = main ? join(dirname(main), 'mcp.js') : undefined;
  return require(bundled && existsSync(bundled) ? bundled : FROM_SOURCES);
}

/** Starts the server; resolves once it listens (it then runs until stdin closes), rejects when the root cannot be used. */
export async function startMcp(root: string, version: string, log: (message: string) => void): Promise<void> {
  const tools: McpTools = workspaceTools(root);
  await protocolModule().serve(tools, { version, describeCheck, log });
}
