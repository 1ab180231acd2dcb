/**
 * Every Dockerfile a file holds: the file itself, or the `dockerfile` code
 * blocks of a plan document. Rules that reason about images and stages ask
 * here, so a block in a plan document is judged exactly like a Dockerfile.
 */
import type { SourceFile } from '../source';
import { type DockerfileAst, dockerfileAst } from './dockerfile';
import { markdownDockerfiles } from './markdown';

export function dockerfilesOf(file: SourceFile): DockerfileAst[] {
  if (file.kind === 'dockerfile') return [dockerfileAst(file)];
  if (file.kind === 'plan-doc') return markdownDockerfiles(file);
  return [];
}

/** The Dockerfile holding an offset of the file, if any. */
export function dockerfileAt(file: SourceFile, offset: number): DockerfileAst | undefined {
  for (const ast of dockerfilesOf(file)) {
    const first = ast.instructions[0];
    const last = ast.instructions[ast.instructions.length - 1];
    if (first && first.range.start <= offset && offset <= last.range.end) return ast;
  }
  return undefined;
}
