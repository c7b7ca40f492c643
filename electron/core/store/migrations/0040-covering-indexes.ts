import type { Migration } from './index.js';

/**
 * Covering indexes for the reads retrieval makes (`analysis.query`, store/analysis-find.ts):
 *
 * 1. The codings of some codes: id, document, code, start and end, by code (`codingSpans`). The
 *    index on (code_id, document_id) found them but read each coding's table row for its span;
 *    a broad theme has tens of thousands of codings scattered over the table's pages. The wider
 *    index answers from itself (the row id rides along in every index entry), and still answers
 *    a code's counts of codings and documents, so it replaces the old one.
 * 2. A document's turn bounds: id, seq, start, end and speaker, by document and start
 *    (`turnBounds`, for the turn index of analysis/turn-index.ts). The turns table's rows hold the
 *    turns' text, so reading them for their bounds read the whole transcript; the wider index
 *    replaces the one on (document_id, start), whose lookups it answers too.
 */
export const migration0040: Migration = {
  version: 40,
  name: 'covering-indexes',
  sql: `
CREATE INDEX codings_code_span ON codings(code_id, document_id, start, end);
DROP INDEX codings_code;
CREATE INDEX turns_document_bounds ON turns(document_id, start, end, seq, speaker_id);
DROP INDEX turns_document_start;
`,
};
