/**
 * Test preload (bunfig.toml): the HCL parser is WebAssembly, loaded
 * asynchronously once per process, as every shell does before it lints.
 */
import { loadHclParser } from '../../server/src/core/parse/hcl';

await loadHclParser();
