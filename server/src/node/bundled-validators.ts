import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadCloudFormationSpecWith } from '../core/parse/cloudformation-spec';
import { loadMermaidLibraryWith, type MermaidLibrary } from '../core/parse/mermaid/library';
import { loadValidatorModulesWith } from '../core/schema/compiled';

/**
 * A bundle (dist/server.js, dist/cli.js) keeps the compiled validators beside
 * itself in `validators/`, one file each, required the first time they are needed.
 * Run from the sources, the core reads them from where the build generated them.
 */
export function useBundledValidators(): void {
  // The bundler fixes `__dirname` at build time; the main module's own path is where this bundle runs from.
  const main = require.main?.filename;
  if (!main) return;
  const dir = join(dirname(main), 'validators');
  if (existsSync(dir)) loadValidatorModulesWith((name) => require(join(dir, `${name}.js`)));
  // The CloudFormation resource specification, read on the first template.
  const spec = join(dirname(main), 'cloudformation-spec.js');
  if (existsSync(spec)) loadCloudFormationSpecWith(() => require(spec));
  // @mermaid-js/parser, read on the first diagram of a type it covers.
  const mermaid = join(dirname(main), 'mermaid-parser.js');
  if (existsSync(mermaid)) loadMermaidLibraryWith(() => require(mermaid) as MermaidLibrary);
}
