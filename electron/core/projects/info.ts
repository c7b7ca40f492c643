import type { ProjectInfo } from '../../../shared/types.js';
import type { Project } from '../project.js';
import { documentInfos } from '../store/documents.js';
import { projectPhase } from '../store/memos.js';
import { passphraseOf } from '../store/sqlite.js';
import { stmt } from '../store/statements.js';

export function projectTitle(project: Project): string {
  return (stmt(project.db, `SELECT title FROM project WHERE id = 1`).get() as { title: string } | undefined)?.title ?? '';
}

export function projectGuid(project: Project): string {
  return (stmt(project.db, `SELECT guid FROM project WHERE id = 1`).get() as { guid: string } | undefined)?.guid ?? '';
}

export function projectInfo(project: Project): ProjectInfo {
  const count = (table: string) =>
    (stmt(project.db, `SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    guid: projectGuid(project),
    path: project.path,
    title: projectTitle(project),
    schemaVersion: project.db.pragma('user_version', { simple: true }) as number,
    user: project.env.user,
    counts: {
      documents: count('documents'),
      speakers: count('speakers'),
      participants: count('participants'),
      turns: count('turns'),
      codes: count('codes'),
      codings: count('codings'),
      memos: count('memos'),
    },
    documents: documentInfos(project.db),
    phase: projectPhase(project.db),
    encrypted: passphraseOf(project.db) !== undefined,
  };
}
