/**
 * Carries out an analysed merge inside the running command: everything the plan says, in an order
 * where each step finds what it needs (people and documents, then codes, then codings, memos and
 * links). Codings and memos are inserted in bulk and recorded as bulk insertions, so a merge of
 * 100,000 codings writes a few dozen log records; undo still gives back the exact prior state.
 */
import { deleteCodeCommand } from '../../codes/delete.js';
import { mergeCodesCommand } from '../../codes/merge.js';
import type { CommandScope } from '../../history/command-log.js';
import type { Project } from '../../project.js';
import { insertInBulk, insertRowsInBulk } from '../../store/change-capture.js';
import { clearStaleExamples, moveCodings } from '../../store/codebook.js';
import { indexTurns } from '../../store/documents.js';
import { documentForCopy } from '../../store/merge-read.js';
import * as write from '../../store/merge-write.js';
import type { Analysis } from './analyse.js';
import type { CodeAdd } from './codebook.js';

export interface Applied {
  codings: number;
  codes: number;
  documents: number;
  memos: number;
}

export function applyMerge(project: Project, a: Analysis, log: CommandScope): Applied {
  const { db, env } = project;
  const { theirs, ours } = a;
  const fresh = (table: Parameters<typeof write.guidTaken>[1], guid: string) => (write.guidTaken(db, table, guid) ? env.newGuid() : guid);
  // Steps reused from other commands report into the story of the codes, not the log's summary.
  const inner: CommandScope = { summary: () => {}, about: log.about };

  for (const u of theirs.users) write.addUser(db, u);

  // The target guid of their memos and links, as it is here.
  const targets = new Map<string, string>([[theirs.projectGuid, ours.projectGuid]]);

  // Participants and attributes.
  const partId = new Map<number, number>();
  for (const p of theirs.participants) {
    const fate = a.participants.get(p.id)!;
    const id = 'ourId' in fate ? fate.ourId : write.addParticipant(db, { ...p, guid: fresh('participants', p.guid) });
    partId.set(p.id, id);
  }
  const attrId = new Map<number, number>();
  for (const at of theirs.attributes) {
    const fate = a.attributes.get(at.id)!;
    attrId.set(at.id, 'ourId' in fate ? fate.ourId : write.addAttribute(db, { ...at, guid: fresh('attributes', at.guid) }));
  }
  for (const v of theirs.participantValues) write.addValueIfMissing(db, 'participant', partId.get(v.owner_id)!, attrId.get(v.attribute_id)!, v.value);

  // Documents: new ones copied whole (speakers, turns, full-text index); known ones gain the
  // speakers they lack.
  const docId = new Map<number, number>();
  let documents = 0;
  const speakersByDoc = new Map<number, typeof theirs.speakers>();
  for (const s of theirs.speakers) speakersByDoc.set(s.document_id, [...(speakersByDoc.get(s.document_id) ?? []), s]);
  const theirTurns = new Map<number, Map<number, string>>();
  for (const t of theirs.turns) {
    let m = theirTurns.get(t.document_id);
    if (!m) theirTurns.set(t.document_id, (m = new Map()));
    m.set(t.seq, t.guid);
  }
  for (const d of theirs.documents) {
    const fate = a.documents.get(d.id)!;
    if ('skip' in fate) continue;
    let ourDoc: number;
    const speakerId = new Map<number, number>();
    if ('ourId' in fate) {
      ourDoc = fate.ourId;
      const have = write.speakerIdsOf(db, ourDoc);
      for (const s of speakersByDoc.get(d.id) ?? []) {
        const id =
          have.get(s.label) ??
          write.addSpeaker(db, { ...s, guid: fresh('speakers', s.guid), document_id: ourDoc, participant_id: s.participant_id === null ? null : (partId.get(s.participant_id) ?? null) });
        speakerId.set(s.id, id);
      }
    } else {
      const { doc, turns } = documentForCopy(theirs.db, d.id);
      ourDoc = write.addDocument(db, { ...doc, guid: fresh('documents', doc.guid), name: fate.add });
      documents++;
      for (const s of speakersByDoc.get(d.id) ?? []) {
        speakerId.set(s.id, write.addSpeaker(db, { ...s, guid: fresh('speakers', s.guid), document_id: ourDoc, participant_id: s.participant_id === null ? null : (partId.get(s.participant_id) ?? null) }));
      }
      insertInBulk(db, 'turns', 'document_id', ourDoc, () => {
        for (const t of turns) {
          write.addTurn(db, { ...t, guid: fresh('turns', t.guid), document_id: ourDoc, speaker_id: t.speaker_id === null ? null : (speakerId.get(t.speaker_id) ?? null) });
        }
      });
      indexTurns(db, [ourDoc]);
    }
    docId.set(d.id, ourDoc);
    targets.set(d.guid, write.documentGuid(db, ourDoc));
    const memoTurns = theirTurns.get(d.id);
    if (memoTurns) {
      const ourTurns = write.turnGuidsOf(db, ourDoc);
      for (const [seq, guid] of memoTurns) {
        const here = ourTurns.get(seq);
        if (here) targets.set(guid, here);
      }
    }
  }
  for (const v of theirs.documentValues) {
    const d = docId.get(v.owner_id);
    if (d !== undefined) write.addValueIfMissing(db, 'document', d, attrId.get(v.attribute_id)!, v.value);
  }

  // Codes: add theirs (parents first), take their changes and the chosen resolutions, then carry
  // out the merges and deletions they made.
  const codeGuid = new Map<string, string>();
  const resolveRef = (r: { ourGuid: string | null } | { theirGuid: string }): number | null => {
    if ('theirGuid' in r) return write.codeIdByGuid(db, codeGuid.get(r.theirGuid) ?? r.theirGuid) ?? null;
    return r.ourGuid === null ? null : (write.codeIdByGuid(db, r.ourGuid) ?? null);
  };
  const uniqueName = (parentId: number | null, wanted: string, except?: string) => {
    const taken = new Set(write.childNamesOf(db, parentId).map((n) => n.toLocaleLowerCase()));
    if (except) taken.delete(except.toLocaleLowerCase());
    let name = wanted;
    for (let n = 2; taken.has(name.toLocaleLowerCase()); n++) name = `${wanted} (${n})`;
    return name;
  };
  const addOne = (add: CodeAdd) => {
    const parentId = resolveRef(add.parent);
    const guid = fresh('codes', add.their.guid);
    write.addCode(db, { ...add.their, guid }, parentId, uniqueName(parentId, add.their.name), write.nextCodePosition(db, parentId));
    codeGuid.set(add.their.guid, guid);
    log.about(guid, 'created', `added from ${theirs.title || 'a co-coder\'s project'}`);
  };
  for (const add of a.codebook.adds) addOne(add);
  for (const u of a.codebook.updates) {
    const id = write.codeIdByGuid(db, u.ourGuid);
    if (id === undefined) continue;
    if (u.parent) {
      const parentId = resolveRef(u.parent);
      write.setCodeParent(db, id, parentId, write.nextCodePosition(db, parentId));
      log.about(u.ourGuid, 'moved', 'moved as in the merged project');
    }
    for (const [column, value] of Object.entries(u.set)) {
      write.setCodeColumn(db, id, column as write.CodeColumn, value as string | null);
    }
    if (u.set.name !== undefined) log.about(u.ourGuid, 'renamed', `renamed to "${u.set.name}" in a merge`);
  }
  for (const r of a.codebook.removals) {
    if (write.codeIdByGuid(db, r.ourGuid) === undefined) continue;
    const into = r.into === null ? null : 'ourGuid' in r.into ? r.into.ourGuid : (codeGuid.get(r.into.theirGuid) ?? r.into.theirGuid);
    if (into !== null) mergeCodesCommand(project, { codes: [r.ourGuid], into }, inner);
    else deleteCodeCommand(project, { code: r.ourGuid }, inner);
  }
  for (const u of a.codebook.unsplit) {
    if (write.codeIdByGuid(db, u.ourGuid) !== undefined && write.codeIdByGuid(db, u.into) !== undefined) {
      mergeCodesCommand(project, { codes: [u.ourGuid], into: u.into }, inner);
    }
  }
  for (const r of a.codebook.repoint) {
    const to = resolveRef(r.to);
    if (to !== null) moveCodings(db, r.codingGuids, to);
  }
  for (const c of theirs.codes) {
    const target = a.codebook.codeTarget.get(c.id);
    if (target) targets.set(c.guid, 'ourGuid' in target ? target.ourGuid : (codeGuid.get(target.theirGuid) ?? target.theirGuid));
  }

  // Codings, under their coders, in bulk: one statement over rows of plain values.
  const codeIdOf = new Map<string, number | null>();
  const ourCodeId = (guid: string) => {
    if (!codeIdOf.has(guid)) codeIdOf.set(guid, write.codeIdByGuid(db, guid) ?? null);
    return codeIdOf.get(guid)!;
  };
  // Merging or re-pointing codes above may just have moved a coding of ours onto the same span,
  // code and coder as one of theirs; otherwise the analysis has already left those out.
  const moved = a.codebook.removals.length + a.codebook.unsplit.length + a.codebook.repoint.length > 0;
  const existing = moved ? write.codingKeys(db) : new Set<string>();
  const ourGuids = ours.codingGuids;
  const rows: [string, number, number, number, number, string, string][] = [];
  const inserted = new Set<string>();
  const seen = new Set<string>();
  for (const c of a.codings) {
    const ourDocument = docId.get(c.document_id);
    const target = a.codebook.codeTarget.get(c.code_id);
    if (ourDocument === undefined || !target) continue;
    const code = ourCodeId('ourGuid' in target ? target.ourGuid : (codeGuid.get(target.theirGuid) ?? target.theirGuid));
    if (code === null) continue;
    const key = `${ourDocument}|${code}|${c.created_by}|${c.start}|${c.end}`;
    if (seen.has(key) || existing.has(key)) continue;
    seen.add(key);
    inserted.add(c.guid);
    rows.push([ourGuids.has(c.guid) ? env.newGuid() : c.guid, ourDocument, code, c.start, c.end, c.created_by, c.created_at]);
  }
  if (rows.length > 0) insertRowsInBulk(db, 'codings', () => write.addCodings(db, JSON.stringify(rows)));
  // Memos may be about their codings brought here, or about codings of theirs that are here already.
  const targetOf = (guid: string) => targets.get(guid) ?? (inserted.has(guid) || ourGuids.has(guid) ? guid : undefined);

  // Memos and journal entries, with their authors and links.
  const memos = a.memos
    .map((m) => ({ ...m, target: m.target_guid === null ? null : targetOf(m.target_guid) }))
    .filter((m): m is typeof m & { target: string | null } => m.target !== undefined);
  let memoIds = new Map<number, number>();
  insertRowsInBulk(db, 'memos', () => {
    memoIds = write.addMemos(db, memos);
  });
  for (const l of theirs.memoLinks) {
    const memo = memoIds.get(l.memo_id);
    const target = targetOf(l.target_guid);
    if (memo !== undefined && target) write.addMemoLink(db, memo, target);
  }

  // Links between themes on the map, where both ends are here and not yet linked.
  for (const l of theirs.codeLinks) {
    const s = theirs.codeById.get(l.source_id);
    const t = theirs.codeById.get(l.target_id);
    const sg = s && targets.get(s.guid);
    const tg = t && targets.get(t.guid);
    const sid = sg ? ourCodeId(sg) : null;
    const tid = tg ? ourCodeId(tg) : null;
    if (sid === null || tid === null || sid === tid || write.linkExists(db, sid, tid)) continue;
    write.addCodeLink(db, { ...l, guid: fresh('code_links', l.guid), source_id: sid, target_id: tid });
  }
  clearStaleExamples(db);
  return { codings: rows.length, codes: a.codebook.adds.length, documents, memos: memos.length };
}
