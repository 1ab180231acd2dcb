import { isScalar } from 'yaml';
import { ghaRole } from '../../parse/github-actions';
import { expressionSpans, jobInfos } from '../../parse/github-actions-refs';
import { get } from '../../parse/yaml';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'github-actions/no-text-in-if',
  kinds: ['github-actions'],
  severity: 'error',
  docs: {
    summary: 'An `if:` is one expression: either bare or wholly inside one `${{ }}`, never text mixed with `${{ }}`.',
    rationale:
      '`if: ${{ github.ref }} == \'refs/heads/main\'` is not a comparison: GitHub substitutes the `${{ }}` part into the ' +
      'text and the condition becomes the string `refs/heads/main == \'refs/heads/main\'` (or `refs/heads/dev == …`), ' +
      'which is never empty and so always true. The step or job then runs on every branch. Write the whole condition ' +
      'inside one `${{ }}` (`if: ${{ github.ref == \'refs/heads/main\' }}`) or without it (`if: github.ref == \'refs/heads/main\'`).',
  },
  messages: {
    mixed: '`if: {condition}` mixes text with `${{ }}`, so it is a non-empty string and always true; put the whole condition inside one `${{ }}`.',
  },
  check(ctx) {
    const conditions = [];
    const action = ghaRole(ctx.file) === 'action';
    for (const job of jobInfos(ctx.file)) {
      if (!action) conditions.push(get(job.node, 'if'));
      for (const step of job.steps) conditions.push(get(step.node, 'if'));
    }
    for (const node of conditions) {
      if (!isScalar(node) || typeof node.value !== 'string' || !node.range) continue;
      const value = node.value.trim();
      const spans = expressionSpans(value);
      if (spans.length === 0) continue;
      let outside = value.slice(0, spans[0].start) + value.slice(spans[spans.length - 1].end);
      for (let i = 1; i < spans.length; i++) outside += value.slice(spans[i - 1].end, spans[i].start);
      if (outside === '') continue;
      const condition = value.length > 80 ? `${value.slice(0, 77)}…` : value;
      ctx.report({ messageId: 'mixed', data: { condition: condition.replace(/\s+/g, ' ') }, range: { start: node.range[0], end: node.range[1] } });
    }
  },
});
