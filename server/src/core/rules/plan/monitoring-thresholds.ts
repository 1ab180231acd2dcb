import { planOutline } from '../../parse/plan-doc';
import { authorQuestions, sectionLines, THRESHOLD } from '../../parse/plan-values';
import { planDocumentKind } from '../../plan/sections';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'plan/monitoring-thresholds',
  kinds: ['plan-doc'],
  severity: 'warning',
  docs: {
    summary: 'The Monitoring Setup section of a plan states alert thresholds: numbers with units or comparisons (`p95 > 500 ms`, `error rate above 1%`).',
    rationale:
      'The DevOps mode defines Monitoring Setup as the monitoring configuration *and its alerting thresholds*. "We alert ' +
      'on high latency" leaves the pager to whoever tunes the alert next; `p95 latency > 500 ms for 5 minutes` can be ' +
      'reviewed, tested and traced to an SLO.\n\n' +
      'A threshold is a comparison with a number (`> 500`, `>= 0.9`, `above 80`, `exceeds 3`, `≥ 99.9`), a percentage ' +
      '(`CPU 80%`), or a number with a unit of time, size or rate (`500 ms`, `2 GiB`, `100 rps`), anywhere in the section ' +
      'and its subsections, code blocks included: a Prometheus rule’s `expr: … > 0.05` states one. Mermaid blocks are ' +
      'not read. An open question to the author about the thresholds (`> **Question for the author:** At which values ' +
      'should these alert?`, as the generators write what the repository cannot answer) counts as asked. Only the Monitoring Setup section is read; its absence is `plan/sections`’ finding.',
  },
  messages: {
    missing: 'Monitoring Setup states no alert threshold; add the values that raise an alert (`p95 latency > 500 ms`, `error rate above 1%`, `CPU 80%`).',
  },
  check(ctx) {
    if (!planDocumentKind(ctx.file.path)) return;
    const section = planOutline(ctx.file).first.get('monitoring-setup');
    if (!section) return;
    if (sectionLines(ctx.file, section).some((line) => THRESHOLD.test(line.text))) return;
    // An open question to the author about the thresholds (as the generators write it) is asked, not forgotten.
    if (authorQuestions(ctx.file, section).some((line) => /threshold|alert/i.test(line.text))) return;
    ctx.report({ messageId: 'missing', range: section.heading.textRange });
  },
});
