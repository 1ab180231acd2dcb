/**
 * The jobs of a pipeline file in one shape, whatever its CI system, read once
 * per file version. See `model.ts` for the shape and each system's file for
 * how its keywords map onto it.
 */
import type { SourceFile } from '../../source';
import { azurePipeline } from './azure';
import { bitbucketPipeline } from './bitbucket';
import { circleciPipeline } from './circleci';
import { githubPipeline } from './github';
import { gitlabPipeline } from './gitlab';
import type { CiPipeline } from './model';
import type { FileKind } from '../../types';

/** The kinds `pipelineOf` reads: every pipeline kind but Jenkins, whose shell steps are all it has. */
export const CI_KINDS = ['github-actions', 'gitlab-ci', 'circleci', 'azure-pipelines', 'bitbucket-pipelines'] as const satisfies readonly FileKind[];

export type { CiJob, CiPipeline, CiReference, CiStep, ImageRef } from './model';
export { foldJobs, upstreamOf } from './model';

/** The file's pipeline, or undefined for a kind that has none in this shape (Jenkins, and every non-pipeline kind). */
export function pipelineOf(file: SourceFile): CiPipeline | undefined {
  return file.memo('pipeline.jobs', () => {
    switch (file.kind) {
      case 'github-actions':
        return githubPipeline(file);
      case 'gitlab-ci':
        return gitlabPipeline(file);
      case 'circleci':
        return circleciPipeline(file);
      case 'azure-pipelines':
        return azurePipeline(file);
      case 'bitbucket-pipelines':
        return bitbucketPipeline(file);
      default:
        return undefined;
    }
  });
}
