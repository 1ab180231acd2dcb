/**
 * The plan documents the DevOps mode writes (`plan/infrastructure.md`,
 * `plan/deployment.md`) and the eight sections each must hold, in order. The
 * one list the `plan/*` rules, their quick fixes, heading completion and the
 * generators read, so a section is named, ordered and described in one place.
 */

export type PlanDocumentKind = 'infrastructure' | 'deployment';

export interface PlanSection {
  /** Stable id, for code and tests: `infrastructure-architecture`. */
  id: string;
  /** The heading text, as the mode names the section. */
  title: string;
  /** What the section holds, in one line: the mode's own definition, in our words. */
  purpose: string;
}

export const PLAN_SECTIONS: readonly PlanSection[] = [
  { id: 'infrastructure-architecture', title: 'Infrastructure Architecture', purpose: 'The infrastructure components and how they relate.' },
  { id: 'deployment-pipelines', title: 'Deployment Pipelines', purpose: 'The CI/CD workflows and the stages a change goes through.' },
  { id: 'environment-configuration', title: 'Environment Configuration', purpose: 'Each environment’s settings and variables.' },
  { id: 'security-controls', title: 'Security Controls', purpose: 'The security measures the infrastructure puts in place.' },
  { id: 'monitoring-setup', title: 'Monitoring Setup', purpose: 'What is monitored, and the thresholds that raise an alert.' },
  { id: 'scaling-strategy', title: 'Scaling Strategy', purpose: 'Auto-scaling rules and capacity planning.' },
  { id: 'disaster-recovery', title: 'Disaster Recovery', purpose: 'Backups, recovery (RTO and RPO) and business continuity.' },
  { id: 'operations-guide', title: 'Operations Guide', purpose: 'Day-to-day procedures and troubleshooting.' },
];

/** The plan document a path names, by its file name under a `plan/` folder, or undefined. */
export function planDocumentKind(path: string): PlanDocumentKind | undefined {
  const m = /(?:^|\/)plan\/(infrastructure|deployment)\.md$/i.exec(path);
  return m ? (m[1].toLowerCase() as PlanDocumentKind) : undefined;
}

/** The section a heading's text names (case, spacing and a leading number such as `1.` ignored), or undefined. */
export function sectionOfHeading(text: string): PlanSection | undefined {
  const key = normalise(text);
  return PLAN_SECTIONS.find((s) => normalise(s.title) === key);
}

function normalise(text: string): string {
  return text
    .replace(/^\s*(?:\d+[.)]\s*)+/, '')
    .replace(/[^a-z0-9]+/gi, ' ')
    .trim()
    .toLowerCase();
}
