/**
 * The main job on the bundled example workspace: `roo-devops check examples`
 * with the built CLI on Node, as CI would run it. The example has deliberate
 * problems, so exit code 1 (error findings) is the expected outcome here.
 */
import { spawnSync } from 'node:child_process';

const run = spawnSync('node', ['dist/cli.js', 'check', 'examples', ...process.argv.slice(2)], { stdio: 'inherit' });
if (run.status === 1) {
  console.log('\nExit code 1: error-severity findings, as the example workspace intends.');
  process.exit(0);
}
process.exit(run.status ?? 1);
