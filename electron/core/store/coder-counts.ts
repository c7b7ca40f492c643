import type { SqlDb } from './engine.js';
import { stmt } from './statements.js';

export interface CodeCoderCount {
  code: string;
  coder: string;
  codings: number;
}

export interface DocumentCoderCount {
  document: string;
  coder: string;
  codings: number;
}

/** Codings per code (its own, not its subtree's) and coder: one grouping pass over `codings`. */
export function codingsPerCodeAndCoder(db: SqlDb): CodeCoderCount[] {
  return stmt(
    db,
    `SELECT k.guid AS code, c.created_by AS coder, count(*) AS codings
     FROM codings c JOIN codes k ON k.id = c.code_id
     GROUP BY k.id, c.created_by
     ORDER BY k.guid, c.created_by`,
  ).all() as CodeCoderCount[];
}

/** Codings per document and coder. */
export function codingsPerDocumentAndCoder(db: SqlDb): DocumentCoderCount[] {
  return stmt(
    db,
    `SELECT d.guid AS document, c.created_by AS coder, count(*) AS codings
     FROM codings c JOIN documents d ON d.id = c.document_id
     GROUP BY d.id, c.created_by
     ORDER BY d.guid, c.created_by`,
  ).all() as DocumentCoderCount[];
}
