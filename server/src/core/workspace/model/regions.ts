/**
 * Cloud regions the repository names, each where it names it: Terraform
 * providers and backends, CloudFormation templates, Pulumi stack settings, and
 * the region settings of pipelines (`AWS_REGION`, `aws-region:`, `--region`).
 * Only values shaped like an AWS or Google Cloud region count, so a word is
 * never taken for one.
 */
import { cloudFormationTemplate, walk } from '../../parse/cloudformation';
import { CI_KINDS } from '../../parse/pipeline';
import type { SourceFile } from '../../source';
import type { ModelSource } from './source';
import { buildTerraform } from './terraform';
import type { RegionFact } from './types';

const AWS_REGION = /^(?:us|eu|ap|sa|ca|me|af|il|mx)-(?:gov-|iso-|isob-)?(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\d$/;
const GCP_REGION = /^(?:us|europe|asia|northamerica|southamerica|australia|me|africa)-(?:north|south|east|west|central|northeast|southeast|northwest|southwest)\d+$/;

export function cloudOfRegion(value: string): 'aws' | 'gcp' | undefined {
  if (AWS_REGION.test(value)) return 'aws';
  if (GCP_REGION.test(value)) return 'gcp';
  return undefined;
}

/** Settings of pipelines and Pulumi stacks that name a region, followed by the value. */
const REGION_SETTING = /\b(AWS_REGION|AWS_DEFAULT_REGION|CDK_DEFAULT_REGION|aws-region|aws:region|gcp:region|GOOGLE_REGION|CLOUDSDK_COMPUTE_REGION|REGION|region)\b["']?[ \t]*(?::|=|[ \t])[ \t]*["']?([a-z]+-[a-z-]+\d+)\b/g;

export function buildRegions(view: ModelSource): RegionFact[] {
  const out: RegionFact[] = [];
  const terraform = buildTerraform(view);
  for (const p of terraform.providers) {
    const cloud = p.region ? cloudOfRegion(p.region) : undefined;
    if (p.region && cloud) out.push({ region: p.region, cloud, source: `provider "${p.name}"`, path: p.path, range: p.range });
  }
  for (const b of terraform.backends) {
    const region = b.settings.region;
    const cloud = region ? cloudOfRegion(region) : undefined;
    if (region && cloud) out.push({ region, cloud, source: `backend "${b.type}"`, path: b.path, range: b.range });
  }
  for (const file of view.filesOf('cloudformation')) {
    walk(cloudFormationTemplate(file).root, (n) => {
      if (n.type !== 'scalar' || typeof n.value !== 'string') return;
      const cloud = cloudOfRegion(n.value);
      if (cloud === 'aws') out.push({ region: n.value, cloud, source: 'CloudFormation', path: file.path, range: n.range });
    });
  }
  for (const file of view.filesOf('pulumi')) out.push(...settings(file, 'Pulumi'));
  for (const kind of CI_KINDS) for (const file of view.filesOf(kind)) out.push(...settings(file));
  return out;
}

function settings(file: SourceFile, source?: string): RegionFact[] {
  const out: RegionFact[] = [];
  for (const m of file.text.matchAll(REGION_SETTING)) {
    const region = m[2] as string;
    const cloud = cloudOfRegion(region);
    if (!cloud) continue;
    const start = m.index + m[0].length - region.length;
    out.push({ region, cloud, source: source ?? (m[1] as string), path: file.path, range: { start, end: start + region.length } });
  }
  return out;
}
