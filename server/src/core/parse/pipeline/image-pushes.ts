/**
 * The container images a job publishes, and under which tags: `docker build -t`
 * then `docker push`, `docker buildx build --push`, `docker tag`, kaniko's
 * `--destination`, `crane tag`, and the build-and-push actions, orbs, tasks and
 * pipes with their tag inputs. Grouped by repository, so that a rule can tell an
 * image published only as `latest` from one that also carries a version.
 */
import { isScalar, isSeq, type Node } from 'yaml';
import type { OffsetRange } from '../../types';
import { imageReference } from '../dockerfile';
import { type FoundCommand, wordsRange } from '../script-commands';
import { get } from '../yaml';
import { inputValue } from './inputs';
import { invocation } from './invocation';
import type { CiJob, CiStep } from './model';

export interface ImagePush {
  /** The repository as written (`$CI_REGISTRY_IMAGE`, `ghcr.io/acme/api`). */
  repository: string;
  /** The tags it is published under; an untagged push is `latest`. */
  tags: string[];
  /** What publishes it, as the message quotes it, and where. */
  label: string;
  range: OffsetRange;
}

/** A tag that names one build: built from a variable (`$CI_COMMIT_SHA`, `${{ github.ref_name }}`) or with a version in it. */
export function isVersionTag(tag: string): boolean {
  return /\$|<<|\{\{|%/.test(tag) || /\d/.test(tag);
}

function split(ref: string): { repository: string; tag: string } {
  const image = imageReference({ value: ref, range: { start: 0, end: 0 } });
  // `$IMAGE` or `registry/${NAME}` may carry its tag inside the variable: unknown, not `latest`.
  if (image.tag === undefined && !image.digest && /\$|\{\{|<</.test(image.name.slice(image.name.lastIndexOf('/') + 1))) return { repository: image.name, tag: '$' };
  return { repository: image.name, tag: image.tag ?? (image.digest ? `@${image.digest}` : 'latest') };
}

/** Values of an option that may repeat: `-t a -t b`, `--tag=a`, `-ta`. */
function optionValues(args: readonly string[], names: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    for (const n of names) {
      if (a === n && i + 1 < args.length) out.push(args[++i]);
      else if (a.startsWith(`${n}=`)) out.push(a.slice(n.length + 1));
      else if (n.length === 2 && a.startsWith(n) && a.length > 2 && !a.startsWith('--')) out.push(a.slice(2));
    }
  }
  return out;
}

export interface JobImages {
  pushes: ImagePush[];
  /** Repositories the job also handles under a version tag (pulled, tagged from, built): published versions exist. */
  versioned: Set<string>;
}

/** The images a job publishes, in the order it does. */
export function imagePushes(job: CiJob): JobImages {
  const pushes: ImagePush[] = [];
  const versioned = new Set<string>();
  const built = new Map<string, Set<string>>();
  // Pulled images and the sources of `docker tag` exist in the registry already; what is built exists only here.
  const note: Note = (ref, into) => {
    const { repository, tag } = split(ref);
    if (into) into.set(repository, (into.get(repository) ?? new Set()).add(tag));
    else if (isVersionTag(tag)) versioned.add(repository);
  };
  const push = (refs: readonly string[], label: string, range: OffsetRange) => {
    const byRepo = new Map<string, Set<string>>();
    for (const ref of refs) note(ref, byRepo);
    for (const [repository, tags] of byRepo) pushes.push({ repository, tags: [...tags], label, range });
  };
  for (const step of job.steps) {
    stepPushes(step, push);
    for (const found of step.commands) commandPushes(found, built, note, push);
  }
  return { pushes, versioned };
}

type Note = (ref: string, into?: Map<string, Set<string>>) => void;
type Push = (refs: readonly string[], label: string, range: OffsetRange) => void;

function commandPushes(found: FoundCommand, built: Map<string, Set<string>>, note: Note, push: Push): void {
  const { tool, args } = invocation(found);
  const positional = args.filter((a) => !a.startsWith('-'));
  const whole = wordsRange(found, found.program, found.command.words.length - 1);
  if (tool === 'docker' || tool === 'podman' || tool === 'buildah') {
    const sub = positional[0] === 'buildx' || positional[0] === 'image' ? positional[1] : positional[0];
    if (sub === 'build' || sub === 'bud') {
      const tags = optionValues(args, ['-t', '--tag']);
      for (const t of tags) note(t, built);
      if (args.includes('--push')) push(tags.length ? tags : [], `${tool} build --push`, whole);
    } else if (sub === 'tag') {
      const [src, dst] = positional.slice(positional[0] === 'image' ? 2 : 1);
      if (src) note(src);
      if (dst) note(dst, built);
    } else if (sub === 'pull') {
      const ref = positional[positional[0] === 'image' ? 2 : 1];
      if (ref) note(ref);
    } else if (sub === 'push') {
      const ref = positional[positional[0] === 'image' ? 2 : 1];
      if (!ref) return;
      const all = args.includes('-a') || args.includes('--all-tags');
      const { repository } = split(ref);
      const refs = all ? [...(built.get(repository) ?? new Set(['latest']))].map((t) => `${repository}:${t}`) : [ref];
      push(refs, `${tool} push`, whole);
    }
  } else if (tool === 'executor' && /kaniko/.test(found.command.words[found.program]?.value ?? '')) {
    push(optionValues(args, ['--destination', '-d']), 'kaniko --destination', whole);
  } else if (tool === 'crane' && positional[0] === 'tag' && positional[1] && positional[2]) {
    note(positional[1]);
    push([`${split(positional[1]).repository}:${positional[2]}`], 'crane tag', whole);
  }
}

/** Build-and-push actions, orbs, tasks and pipes, with the tags they push (their default when none is given). */
function stepPushes(step: CiStep, push: Push): void {
  const ref = step.ref;
  if (!ref?.node.range) return;
  const name = ref.value.replace(/[@:][^/]*$/, '').toLowerCase();
  const range = { start: ref.node.range[0], end: ref.node.range[1] };
  if (name === 'docker/build-push-action') {
    if (!/^true$|\$\{\{/i.test(inputValue(step.inputs, 'push'))) return;
    const tags = get(step.inputs, 'tags');
    const refs = isSeq(tags) ? tags.items.flatMap((i) => (isScalar(i) ? [String(i.value)] : [])) : inputValue(step.inputs, 'tags').split(/[\n,]/).map((t) => t.trim()).filter((t) => t !== '');
    if (refs.length > 0) push(refs, ref.value.replace(/@.*$/, ''), rangeOf(tags) ?? range);
    return;
  }
  // Azure's Docker task tags with the build id unless told otherwise.
  if (name === 'docker' && ref.kind === 'task' && /^(?:push|buildAndPush)$/i.test(inputValue(step.inputs, 'command'))) {
    const tags = (inputValue(step.inputs, 'tags') || '$(Build.BuildId)').split(/[\s,]+/).filter((t) => t !== '');
    push(tags.map((t) => `${inputValue(step.inputs, 'repository') || '(repository)'}:${t}`), ref.value, range);
    return;
  }
  // Orbs and pipes that build and push to ECR/GCR: the repository and the tags are inputs, `latest` by default.
  const orbTags = /^(?:aws-ecr|gcp-gcr)\/(?:build-and-push-image|build_and_push_image|push-image)$/.test(name) ? ['tag', 'tags'] : name === 'atlassian/aws-ecr-push-image' ? ['TAGS'] : undefined;
  if (orbTags) {
    const repository = inputValue(step.inputs, 'repo') || inputValue(step.inputs, 'image') || inputValue(step.inputs, 'IMAGE_NAME') || '(repository)';
    const given = orbTags.map((k) => inputValue(step.inputs, k)).find((v) => v !== '');
    const tags = (given ?? 'latest').split(/[\s,]+/).filter((t) => t !== '');
    push(tags.map((t) => `${repository}:${t}`), ref.value.replace(/[@:][^/]*$/, ''), range);
  }
}

function rangeOf(node: Node | undefined): OffsetRange | undefined {
  return node?.range ? { start: node.range[0], end: node.range[1] } : undefined;
}
