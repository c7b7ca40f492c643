import type { OpParsed } from '../../../shared/api.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { DocumentSummary } from '../../../shared/types.js';
import { requireDocument } from '../codings/service.js';
import type { CommandScope } from '../history/command-log.js';
import type { Project } from '../project.js';
import { documentNameTaken, documentSummary, renameDocument } from '../store/documents.js';

export function renameDocumentCommand(
  project: Project,
  input: OpParsed<'documents.update'>,
  log: CommandScope,
): DocumentSummary {
  const doc = requireDocument(project, input.document);
  if (documentNameTaken(project.db, input.name, doc.id)) {
    throw new ChorusError(ErrorCode.CONFLICT, `There is already a document called "${input.name}".`);
  }
  renameDocument(project.db, doc.id, input.name);
  log.summary(`Renamed document "${doc.name}" to "${input.name}"`);
  return documentSummary(project.db, doc.id);
}
