import { planOutline } from '../../parse/plan-doc';
import { objectiveState } from '../../parse/plan-values';
import { planDocumentKind } from '../../plan/sections';
import { defineRule } from '../../rule';

const OBJECTIVES = [
  { id: 'RTO', long: 'recovery time objective', name: /\bRTOs?\b|\brecovery[ -]time[ -]objectives?\b/i },
  { id: 'RPO', long: 'recovery point objective', name: /\bRPOs?\b|\brecovery[ -]point[ -]objectives?\b/i },
];

export default defineRule({
  id: 'plan/disaster-recovery-objectives',
  kinds: ['plan-doc'],
  severity: 'warning',
  docs: {
    summary: 'The Disaster Recovery section of a plan states its RTO and RPO, each with a value (`RTO: 4 hours`, `RPO: 15 minutes`).',
    rationale:
      'The recovery time objective (how long the service may be down) and the recovery point objective (how much data may ' +
      'be lost) are what the backups, replicas and failover of a disaster-recovery plan are sized against; the DevOps ' +
      'mode asks for both to be measured and validated. Without values nobody can tell whether nightly snapshots are ' +
      'enough, or test a restore against a target.\n\n' +
      'An objective counts as stated when a duration follows its name on the same line (`RTO: 4 hours`, `RPO 15 min`, ' +
      '`| RTO | 1 h |`, `RTO and RPO: 4 h and 15 min`, `RPO: 0` or `zero`), or when a table’s header names it and a row ' +
      'of that column holds a duration. An open question to the author that names it (`> **Question for the author:** ' +
      'What are the RTO and the RPO?`, as the generators write what the repository cannot answer) counts as asked, not ' +
      'forgotten: it is the visible place where the value will go. Only the Disaster Recovery section is read; its absence is `plan/sections`’ ' +
      'finding. Mermaid blocks are not read.',
  },
  messages: {
    missing: 'Disaster Recovery states no {id} ({long}); add it with a value, such as `{id}: {example}`.',
    noValue: '`{text}` is named without a value; state it as a duration, such as `{id}: {example}`.',
  },
  check(ctx) {
    if (!planDocumentKind(ctx.file.path)) return;
    const section = planOutline(ctx.file).first.get('disaster-recovery');
    if (!section) return;
    for (const o of OBJECTIVES) {
      const state = objectiveState(ctx.file, section, o.name);
      // Asked of the author where it belongs (as the generators write it): known to be missing, not forgotten.
      if (state.stated || state.asked) continue;
      const example = o.id === 'RTO' ? '4 hours' : '15 minutes';
      if (state.named) {
        ctx.report({ messageId: 'noValue', data: { text: ctx.file.text.slice(state.named.start, state.named.end), id: o.id, example }, range: state.named });
      } else {
        ctx.report({ messageId: 'missing', data: { id: o.id, long: o.long, example }, range: section.heading.textRange });
      }
    }
  },
});
