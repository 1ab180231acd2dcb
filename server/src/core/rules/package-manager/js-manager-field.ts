import { findNodeAtLocation, modify } from 'jsonc-parser/lib/esm/main.js';
import { MANAGER_NAMES, type JsManager } from '../../policy/javascript';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'package-manager/js-manager-field',
  kinds: ['package-manifest'],
  severity: 'error',
  fix: 'unsafe',
  docs: {
    summary: 'The `packageManager` field of `package.json` names Bun (or the configured manager), not another client.',
    rationale:
      '`"packageManager": "yarn@4.1.0"` tells Corepack, and the people reading the file, that the package is managed by ' +
      'Yarn; Corepack will even refuse to run another client in that folder. When the team standard is Bun, the field ' +
      'must name Bun (`"bun@1.1.38"`) or be left out.\n\n' +
      'The fix removes the field; it is not marked safe because Corepack stops enforcing a client once it is gone. ' +
      'Writing a Bun version into it is left to the reader, who knows which version the team runs.',
  },
  messages: {
    foreign: '`packageManager` names {client} (`{value}`), but {manager} manages this repository\'s JavaScript packages.',
  },
  check(ctx) {
    if (ctx.file.basename !== 'package.json') return;
    const tree = ctx.file.json;
    const node = tree && findNodeAtLocation(tree, ['packageManager']);
    if (!node || typeof node.value !== 'string') return;
    const client = /^(bun|npm|yarn|pnpm)@/.exec(node.value)?.[1] as JsManager | undefined;
    const manager = ctx.packageManagers.javascript;
    if (!client || client === manager) return;
    const edits = modify(ctx.file.text, ['packageManager'], undefined, { formattingOptions: { insertSpaces: true, tabSize: 2 } });
    ctx.report({
      messageId: 'foreign',
      data: { client: MANAGER_NAMES[client], value: node.value, manager: MANAGER_NAMES[manager] },
      range: { start: node.offset, end: node.offset + node.length },
      fixes: [
        {
          title: 'Remove the `packageManager` field',
          safe: false,
          edits: edits.map((e) => ({ start: e.offset, end: e.offset + e.length, newText: e.content })),
        },
      ],
    });
  },
});
