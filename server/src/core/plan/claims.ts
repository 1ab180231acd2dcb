/**
 * What a plan document's sentences state that the repository can confirm or
 * contradict: which cloud region ("deployed to eu-west-1"), which runtime
 * version ("Node.js 20", "Python 3.12") and where the application is deployed
 * ("deploys to ECS"). Read from prose sentences only, never from a fenced
 * example; a sentence that negates or compares ("not in eu-west-1", "migrated
 * from ECS") states nothing here. Package managers are not read here: the
 * document against the policy is `plan/package-manager-requirements`' question,
 * and the files against the policy the `package-manager/*` rules'.
 */
import type { OffsetRange } from '../types';
import type { Runtime } from '../workspace/model';
import { cloudOfRegion } from '../workspace/model/regions';
import type { Sentence } from './sentences';

export type Claim =
  | { type: 'region'; region: string; cloud: 'aws' | 'gcp'; range: OffsetRange; sentence: Sentence }
  | { type: 'runtime'; runtime: Runtime; version: string; written: string; sentence: Sentence }
  | { type: 'deploy-target'; target: string; written: string; sentence: Sentence };

/** Words that turn a statement around, set two things side by side, or speak of what is not (yet, or any more) the case. */
const NEGATION = /\b(?:not|never|no longer|instead of|rather than|don't|doesn't|do not|does not|avoid|avoids|migrat\w*|moved? from|replac\w*|formerly|previously|used to|unlike|vs\.?|versus|end[- ]of[- ]life|EOL|deprecated|upgrad\w* from|out of support|planned|future|eventually|consider\w*|proposed|could|might)\b/i;

const RUNTIME_WORD = /\b(Node(?:\.js|JS)?|Python|Golang|Go|Rust|Bun|Deno|Java)[ \t]+v?(\d+(?:\.\d+){0,2})(?![\d.]*\+|[\w.]*\s*(?:or|and)\s+(?:later|newer|above|higher))(?![\d.]?\d)/g;
const RUNTIMES: Record<string, Runtime> = { node: 'node', 'node.js': 'node', nodejs: 'node', python: 'python', golang: 'go', go: 'go', rust: 'rust', bun: 'bun', deno: 'deno', java: 'java' };

const REGION_WORD = /(?<![\w-])([a-z]{2,14}-[a-z-]+-?\d{1,2})(?![\w-])/g;

/** Targets a sentence says the application is deployed to, by the words it uses. */
export const TARGET_WORDS: Record<string, string[]> = {
  kubernetes: ['kubernetes', 'k8s', 'eks', 'gke', 'aks'],
  ecs: ['ecs', 'fargate'],
  lambda: ['lambda'],
  'cloud-run': ['cloud run'],
  'app-engine': ['app engine'],
  'elastic-beanstalk': ['elastic beanstalk', 'beanstalk'],
  'app-runner': ['app runner'],
  heroku: ['heroku'],
  fly: ['fly.io', 'fly'],
  vercel: ['vercel'],
  netlify: ['netlify'],
  cloudflare: ['cloudflare workers', 'cloudflare pages', 'cloudflare'],
  firebase: ['firebase'],
  'github-pages': ['github pages'],
};
const TARGET_ALTERNATION = Object.values(TARGET_WORDS)
  .flat()
  .sort((a, b) => b.length - a.length)
  .map((w) => w.replace(/[.]/g, '\\.').replace(/ /g, '\\s+'))
  .join('|');
const DEPLOY_CLAIM = new RegExp(
  `\\b(?:deploy(?:s|ed|ing)?|ship(?:s|ped)?|released?|runs?|running|hosted|rolled out)\\b[^.;:]{0,40}?\\b(?:to|on|onto|in|into|via)\\s+(?:the\\s+|an?\\s+|our\\s+)?(?:AWS\\s+|Amazon\\s+|Google\\s+|Azure\\s+)?(${TARGET_ALTERNATION})\\b`,
  'i',
);

export function targetOfWord(word: string): string | undefined {
  const w = word.toLowerCase().replace(/\s+/g, ' ');
  for (const [target, words] of Object.entries(TARGET_WORDS)) if (words.includes(w)) return target;
  return undefined;
}

export function planClaims(sentences: readonly Sentence[]): Claim[] {
  const out: Claim[] = [];
  for (const sentence of sentences) {
    const text = sentence.text;
    const negated = NEGATION.test(text);
    for (const m of text.matchAll(REGION_WORD)) {
      const region = m[1] as string;
      const cloud = cloudOfRegion(region);
      const start = sentence.range.start + (m.index as number);
      // A region in a URL (a console link, an endpoint) locates a page, not the system.
      if (/:\/\/\S*$/.test(text.slice(0, m.index))) continue;
      if (cloud && !negated) out.push({ type: 'region', region, cloud, range: { start, end: start + region.length }, sentence });
    }
    if (negated) continue;
    const runtimes = new Map<Runtime, { version: string; written: string }[]>();
    for (const m of text.matchAll(RUNTIME_WORD)) {
      const runtime = RUNTIMES[(m[1] as string).toLowerCase()];
      const version = m[2] as string;
      // `Go 2` and `Rust 1` are as likely words as versions; these two need a minor version. A bare `Node 3`
      // is as likely a cluster's node: without `.js`, a Node.js version is one of the majors in use since 2018.
      if (!runtime || ((runtime === 'go' || runtime === 'rust') && !version.includes('.'))) continue;
      if (runtime === 'node' && /^Node$/.test(m[1] as string) && Number.parseInt(version, 10) < 10) continue;
      runtimes.set(runtime, [...(runtimes.get(runtime) ?? []), { version, written: m[0] }]);
    }
    for (const [runtime, list] of runtimes) {
      // "Python 3.11 and 3.12", two versions of one runtime: a matrix, not a claim.
      if (list.length !== 1) continue;
      out.push({ type: 'runtime', runtime, version: (list[0] as { version: string }).version, written: (list[0] as { written: string }).written, sentence });
    }
    const deploy = DEPLOY_CLAIM.exec(text);
    const target = deploy ? targetOfWord(deploy[1] as string) : undefined;
    if (deploy && target) out.push({ type: 'deploy-target', target, written: deploy[1] as string, sentence });
  }
  return out;
}

/**
 * Whether a version the repository states admits the version a document states:
 * `20.11.1` admits `20` and `20.11`; `^3.12` admits `3.12` and `3.13`; `~1.22`
 * admits `1.22.x`. A range or alias this does not read (`>=18`, `lts/*`,
 * `stable`) admits anything: no contradiction is claimed from it.
 */
export function admits(stated: string, claimed: string): boolean {
  const v = stated.trim().replace(/^v(?=\d)/, '');
  const doc = claimed.split('.').map(Number);
  const op = /^[\^~]/.test(v) ? (v[0] as '^' | '~') : '';
  const body = op ? v.slice(1) : v;
  if (!/^\d+(?:\.\d+)*(?:[-+][\w.]*)?$/.test(body)) return true;
  const repo = (body.split(/[-+]/)[0] as string).split('.').map(Number);
  if (op === '^' && (repo[0] as number) > 0) {
    if (doc[0] !== repo[0]) return false;
    if (doc.length < 2 || repo.length < 2) return true;
    return (doc[1] as number) >= (repo[1] as number);
  }
  const n = op === '~' ? Math.min(doc.length, repo.length, 2) : Math.min(doc.length, repo.length);
  for (let i = 0; i < n; i++) if (doc[i] !== repo[i]) return false;
  return true;
}
