/** What the model is built from: the repository's files by kind (a `WorkspaceView` is one). */
import type { SourceFile } from '../../source';
import type { FileKind } from '../../types';

export interface ModelSource {
  filesOf(kind: FileKind): readonly SourceFile[];
}
