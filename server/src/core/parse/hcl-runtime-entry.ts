/**
 * The entry of the separately bundled tree-sitter runtime (`dist/hcl-runtime.js`). Never
 * imported by the core: `hcl.ts` requires this module (or its bundle) when the HCL parser
 * is loaded, so the bundles that hold the engine neither compile it at start-up nor carry
 * its dynamic `import()`s (which a script compiled from V8's code cache cannot run).
 */
export { Language, Parser } from 'web-tree-sitter';
