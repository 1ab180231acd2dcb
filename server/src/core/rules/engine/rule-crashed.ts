import { defineRule } from '../../rule';

/**
 * Reported by the engine when another rule throws on a file: the other rules'
 * findings stand, and the file says that one rule's are missing.
 */
export default defineRule({
  id: 'engine/rule-crashed',
  kinds: 'all',
  severity: 'info',
  docs: {
    summary: 'Says when a rule failed on a file, so that its findings are missing; the other rules still ran.',
    rationale:
      'A rule that throws on some input is a bug in Roo DevOps, not in the file. The engine runs each rule apart, so a failing ' +
      'rule costs only its own findings, never the others\' nor the editor\'s session. But a missing finding looks exactly like ' +
      'a file without problems; this finding says which rule did not run to the end, so the check is known to be incomplete ' +
      '(the command line also exits with 2). It quotes neither the error nor the file, which may hold secrets; the log of the ' +
      'editor or the terminal names the error. Please report it with the file, if you can share it.',
  },
  messages: {
    crashed: 'Rule `{rule}` failed on this file, so its findings are missing (please report this).',
  },
  check() {
    // The engine reports this rule's findings (see engine.ts).
  },
});
