import { expect, test } from 'bun:test';
import { PLAN_SECTIONS, planDocumentKind, sectionOfHeading } from '../../server/src/core/plan/sections';

test('the eight sections of the mode, in its order', () => {
  expect(PLAN_SECTIONS.map((s) => s.title)).toEqual([
    'Infrastructure Architecture',
    'Deployment Pipelines',
    'Environment Configuration',
    'Security Controls',
    'Monitoring Setup',
    'Scaling Strategy',
    'Disaster Recovery',
    'Operations Guide',
  ]);
});

test('a heading names a section whatever its case, numbering or punctuation', () => {
  expect(sectionOfHeading('2. deployment  pipelines')?.id).toBe('deployment-pipelines');
  expect(sectionOfHeading('Disaster Recovery:')?.id).toBe('disaster-recovery');
  expect(sectionOfHeading('Overview')).toBeUndefined();
});

test('the two named plan documents, under any plan/ folder', () => {
  expect(planDocumentKind('plan/infrastructure.md')).toBe('infrastructure');
  expect(planDocumentKind('services/api/plan/deployment.md')).toBe('deployment');
  expect(planDocumentKind('plan/notes.md')).toBeUndefined();
  expect(planDocumentKind('docs/infrastructure.md')).toBeUndefined();
});
