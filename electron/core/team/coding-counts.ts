import type { CoderCodingCounts } from '../../../shared/types.js';
import type { Project } from '../project.js';
import { codingsPerCodeAndCoder, codingsPerDocumentAndCoder } from '../store/coder-counts.js';

/**
 * Who coded how much, per code and per document. The workspace's codebook and document list show
 * the counts of the coders on screen (only mine in blind mode); the codings themselves are not
 * loaded there, so the core counts them.
 */
export function codingCounts(project: Project): CoderCodingCounts {
  return { codes: codingsPerCodeAndCoder(project.db), documents: codingsPerDocumentAndCoder(project.db) };
}
