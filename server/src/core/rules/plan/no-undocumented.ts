import { type PlanDocumentKind, planDocumentKind, sectionOfHeading } from '../../plan/sections';
import { defineRule } from '../../rule';
import type { OffsetRange, PipelineKind } from '../../types';
import type { RepositoryModel } from '../../workspace/model';

interface Category {
  /** Plural noun of the message: "pipelines". */
  what: string;
  /** The section whose heading the finding points at. */
  section: string;
  /** Which plan documents are expected to mention them. */
  documents: readonly PlanDocumentKind[];
  /** Each thing of the repository with the words any of which, written in the document, mention it. */
  items(model: RepositoryModel): { label: string; words: string[] }[];
}

/** Systems with one pipeline file per repository: naming the system names the pipeline. */
const SYSTEM_NAMES: Partial<Record<PipelineKind, string[]>> = {
  'gitlab-ci': ['GitLab CI', 'GitLab CI/CD', 'gitlab-ci'],
  circleci: ['CircleCI'],
  'azure-pipelines': ['Azure Pipelines'],
  'bitbucket-pipelines': ['Bitbucket Pipelines'],
  jenkins: ['Jenkins', 'Jenkinsfile'],
};

const CATEGORIES: Category[] = [
  {
    what: 'pipelines',
    section: 'deployment-pipelines',
    documents: ['infrastructure', 'deployment'],
    items: (model) =>
      model.pipelines
        // A GitHub composite action is no pipeline.
        .filter((p) => !/(?:^|\/)action\.ya?ml$/.test(p.path))
        .map((p) => ({ label: p.path, words: [p.path, p.path.slice(p.path.lastIndexOf('/') + 1), ...(p.name ? [p.name] : []), ...(SYSTEM_NAMES[p.kind] ?? [])] })),
  },
  {
    what: 'environments',
    section: 'environment-configuration',
    documents: ['infrastructure', 'deployment'],
    items: (model) => unique(model.pipelines.flatMap((p) => p.environments.map((e) => e.name)).filter((n) => !/[$%{}]/.test(n))).map((n) => ({ label: n, words: [n] })),
  },
  {
    what: 'Compose services',
    section: 'infrastructure-architecture',
    documents: ['infrastructure'],
    items: (model) => unique(model.composeServices.map((s) => s.name)).map((n) => ({ label: n, words: [n] })),
  },
  {
    what: 'Kubernetes workloads',
    section: 'infrastructure-architecture',
    documents: ['infrastructure'],
    items: (model) =>
      unique(model.kubernetes.workloads.map((w) => `${w.kind}\0${w.name}`)).map((key) => {
        const [kind, name] = key.split('\0') as [string, string];
        return { label: `${kind} ${name}`, words: [name] };
      }),
  },
];

function unique(list: readonly string[]): string[] {
  return [...new Set(list)].sort();
}

/** Whether the document writes the word, as a word of its own (case ignored). */
function mentions(text: string, word: string): boolean {
  const escaped = word.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![a-z0-9_-])${escaped}(?![a-z0-9_-])`).test(text);
}

const MAX_LISTED = 8;

export default defineRule({
  id: 'plan/no-undocumented',
  kinds: ['plan-doc'],
  severity: 'info',
  docs: {
    summary: 'The plan document mentions every pipeline, deployment environment, Compose service and Kubernetes workload of the repository.',
    rationale:
      'A plan document that leaves out a pipeline, an environment or a running service describes a smaller system than ' +
      'the one that is deployed: the nightly job nobody documented, the `staging` environment with its own secrets, the ' +
      'sidecar service. Both plan documents are expected to mention the pipelines (by file, file name, workflow `name:` ' +
      'or, for a system with one pipeline file, the system) and the deployment environments of the jobs; ' +
      '`plan/infrastructure.md` also the Compose services and Kubernetes workloads. A mention anywhere in the document ' +
      'counts, as a word of its own. One finding per kind of thing, at the heading of the section that should describe ' +
      'them (or the document\'s first heading when that section is missing), listing what is missing. It is advice ' +
      '(`info`): a service left out on purpose (a local mail catcher) is the author\'s call.',
  },
  messages: {
    undocumented: 'The repository has {what} this document never mentions: {list}.',
  },
  check(ctx) {
    const kind = planDocumentKind(ctx.file.path);
    if (!kind) return;
    const doc = ctx.file.markdown;
    const text = ctx.file.text.toLowerCase();
    const model = ctx.workspace.model();
    for (const category of CATEGORIES) {
      if (!category.documents.includes(kind)) continue;
      const missing = category.items(model).filter((item) => !item.words.some((w) => mentions(text, w)));
      if (missing.length === 0) continue;
      const heading = doc.headings.find((h) => sectionOfHeading(h.text)?.id === category.section) ?? doc.headings[0];
      const range: OffsetRange = heading ? heading.range : { start: 0, end: 0 };
      const names = missing.map((m) => `\`${m.label}\``);
      const list = names.length > MAX_LISTED ? `${names.slice(0, MAX_LISTED).join(', ')} and ${names.length - MAX_LISTED} more` : names.join(', ');
      ctx.report({ messageId: 'undocumented', data: { what: category.what, list }, range });
    }
  },
});

