/**
 * Roo Code's modes as the repository holds them: the modes of the project's
 * `.roomodes` (at the root, where Roo Code reads it) and the rules of each mode,
 * `.roo/rules-<slug>/` folders and legacy `.roorules-<slug>` files.
 */
import { rooModes, rulesSlugOf } from '../../parse/roomodes';
import type { ModelSource } from './source';
import type { RooModesPart } from './types';

export function buildRooModes(view: ModelSource): RooModesPart {
  const modes: RooModesPart['modes'] = [];
  for (const file of view.filesOf('roomodes')) {
    if (file.path !== '.roomodes') continue;
    for (const m of rooModes(file).modes) {
      if (m.slug === undefined || !m.slugNode?.range) continue;
      modes.push({ slug: m.slug, path: file.path, range: { start: m.slugNode.range[0], end: m.slugNode.range[1] } });
    }
  }
  const folders = new Map<string, RooModesPart['rulesFolders'][number]>();
  for (const file of view.filesOf('roo-rules')) {
    const at = rulesSlugOf(file.path);
    if (!at) continue;
    const known = folders.get(at.folder);
    if (known) known.files.push(file.path);
    else folders.set(at.folder, { slug: at.slug, folder: at.folder, files: [file.path] });
  }
  return { modes, rulesFolders: [...folders.values()].sort((a, b) => a.folder.localeCompare(b.folder)) };
}
