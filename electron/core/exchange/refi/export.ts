/**
 * Writing the open project as a REFI-QDA file: `.qdpx` (project.qde plus `sources/<guid>.txt`,
 * UTF-8 without a byte-order mark, the text exactly as Chorus stores it) or `.qdc` (the codebook),
 * to a file or returned for a download (`../deliver.ts`).
 */
import { ChorusError, ErrorCode } from '../../../../shared/errors.js';
import type { DisclosureOptions } from '../../../../shared/privacy.js';
import type { ExportResult } from '../../../../shared/types.js';
import { Disclosure, discloseCode } from '../../privacy/disclosure.js';
import { discloseProject } from '../../privacy/refi.js';
import type { Project } from '../../project.js';
import * as attributes from '../../store/attributes.js';
import * as exchange from '../../store/exchange.js';
import { listMemos } from '../../store/memos.js';
import { projectTitle } from '../../projects/info.js';
import { deliverExport, exportFileName } from '../deliver.js';
import { codebookXml, projectXml, type ProjectExport } from './write-qde.js';
import { gatherRecordings } from './recordings.js';
import { zipArchive } from './zip-writer.js';

export function gatherProject(project: Project): ProjectExport {
  const { db } = project;
  const row = exchange.projectRow(db);
  const users = exchange.allUsers(db);
  const values = new Map<string, Map<string, string>>();
  for (const scope of ['document', 'participant'] as const) {
    for (const v of attributes.allValues(db, scope)) {
      const m = values.get(v.owner) ?? new Map<string, string>();
      m.set(v.attribute, v.value);
      values.set(v.owner, m);
    }
  }
  const docsOf = new Map<string, string[]>();
  for (const r of exchange.participantDocuments(db)) docsOf.set(r.participant, [...(docsOf.get(r.participant) ?? []), r.document]);
  const memos = listMemos(db, {});
  const turns = new Map<string, { documentId: number; start: number; end: number }>();
  for (const m of memos) {
    if (m.kind !== 'turn' || !m.target) continue;
    const t = exchange.turnByGuid(db, m.target);
    if (t && t.end > t.start) turns.set(t.guid, t);
  }
  return {
    title: row?.title ?? '',
    createdAt: row?.createdAt ?? project.env.now(),
    creator: users[0]?.guid ?? project.env.user.guid,
    users: users.length ? users : [project.env.user],
    codes: exchange.allCodes(db),
    attributes: [...attributes.listAttributes(db, 'participant'), ...attributes.listAttributes(db, 'document')],
    values,
    participants: exchange.allParticipants(db).map((p) => ({ guid: p.guid, label: p.label, documents: docsOf.get(p.guid) ?? [] })),
    documents: exchange.allDocuments(db),
    codings: exchange.allCodings(db),
    // A memo on a turn that is gone has nowhere to hang; it still travels, as an unattached note.
    memos: memos.map((m) => ({ ...m, target: m.kind === 'turn' && m.target && !turns.has(m.target) ? null : m.target })),
    turns,
    recordings: gatherRecordings(db),
  };
}

export async function qdpxBytes(project: Project, disclosure: Disclosure = Disclosure.NONE): Promise<Uint8Array> {
  const data = discloseProject(gatherProject(project), disclosure);
  const entries = [{ name: 'project.qde', data: Buffer.from(projectXml(data), 'utf8') }];
  for (const d of data.documents) entries.push({ name: `sources/${d.guid}.txt`, data: Buffer.from(d.text, 'utf8') });
  // Level 1: on transcripts within a few per cent of the default, at a fraction of the time.
  return zipArchive(entries, { level: 1 });
}

export function qdcText(project: Project, disclosure: Disclosure = Disclosure.NONE): string {
  const codes = exchange.allCodes(project.db).map((c) => discloseCode(disclosure, c));
  if (codes.length === 0) {
    throw new ChorusError(ErrorCode.INVALID_INPUT, 'The codebook is empty: a .qdc file needs at least one code.');
  }
  return codebookXml(codes);
}

/** `export.refi`: the project (.qdpx) or its codebook (.qdc), written to `file` or returned. */
export async function exportRefi(
  project: Project,
  format: 'qdpx' | 'qdc',
  file: string | undefined,
  options: DisclosureOptions = {},
): Promise<ExportResult> {
  const disclosure = Disclosure.of(project, options);
  const title = disclosure.text(projectTitle(project));
  const exported =
    format === 'qdpx'
      ? { content: await qdpxBytes(project, disclosure), mediaType: 'application/zip', fileName: exportFileName(title, 'project', '.qdpx') }
      : { content: qdcText(project, disclosure), mediaType: 'application/xml', fileName: exportFileName(title, 'project', ' - codebook.qdc') };
  return deliverExport(exported, file);
}
