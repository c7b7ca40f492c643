import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { ThemePrevalence } from '../../../shared/themes.js';
import type { Project } from '../project.js';
import * as store from '../store/themes.js';

/**
 * Where a theme shows up: in which focus groups and in whose words. Counted over the codings of
 * the theme and of everything below it; a coding counts for every participant whose turn it
 * overlaps (a passage across two turns counts both speakers), and never for a moderator.
 *
 * `root` names one theme or code; without it every theme in the project is reported (subthemes
 * included, each over its own part of the tree).
 */
export function themePrevalence(project: Project, root?: string): ThemePrevalence[] {
  const { db } = project;
  const key = root ?? null;
  const roots = store.prevalenceRoots(db, key);
  if (root !== undefined && roots.length === 0) {
    throw new ChorusError(ErrorCode.NOT_FOUND, 'That theme or code is not in this project.');
  }
  const totalDocuments = store.documentCount(db);
  const byRoot = new Map<number, ThemePrevalence>(
    roots.map((r) => [
      r.id,
      { theme: r.guid, name: r.name, kind: r.kind, codings: 0, documents: [], participants: [], totalDocuments },
    ]),
  );
  for (const { root: id, ...doc } of store.prevalenceDocuments(db, key)) {
    const p = byRoot.get(id)!;
    p.documents.push(doc);
    p.codings += doc.codings;
  }
  for (const { root: id, ...person } of store.prevalencePeople(db, key)) byRoot.get(id)!.participants.push(person);
  return [...byRoot.values()];
}

/** "in 3 of 4 focus groups, 9 participants": the prevalence as a manuscript states it. */
export function prevalenceSentence(p: Pick<ThemePrevalence, 'documents' | 'participants' | 'totalDocuments'>): string {
  const groups = p.documents.length;
  const people = p.participants.length;
  return (
    `in ${groups} of ${p.totalDocuments} focus group${p.totalDocuments === 1 ? '' : 's'}, ` +
    `${people} participant${people === 1 ? '' : 's'}`
  );
}
