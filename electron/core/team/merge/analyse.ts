/**
 * Everything a merge would do, worked out in memory from both sides before anything is written:
 * the preview shows it (`MergePlan`), the merge carries it out (apply.ts).
 */
import type { ClashChoice, MergeCoderPlan, MergeDocumentRef, MergePlan, MergeResolution } from '../../../../shared/merge.js';
import type { MergeCodingRow, MergeMemoRow } from '../../store/merge-read.js';
import { findAncestor, type Ancestor } from './ancestor.js';
import { decideCodebook, type CodebookDecisions } from './codebook.js';
import { pathOf, type Side } from './side.js';

/** Where one of their documents goes: matched to ours, added (under a name), or left out. */
export type DocumentFate = { ourId: number } | { add: string } | { skip: true };

/** A target guid of theirs (document, code, coding, turn, project) and what it is here. */
export type TargetMap = Map<string, string>;

export interface Analysis {
  ours: Side;
  theirs: Side;
  ancestor: Ancestor | null;
  codebook: CodebookDecisions;
  documents: Map<number, DocumentFate>;
  /** Their participant id → our participant (id) or their row to add. */
  participants: Map<number, { ourId: number } | { add: true }>;
  attributes: Map<number, { ourId: number } | { add: true }>;
  codings: MergeCodingRow[];
  memos: MergeMemoRow[];
  plan: MergePlan;
}

export interface SourceInfo {
  name: string;
  kind: 'chorus' | 'qdpx';
}

const lower = (s: string) => s.toLocaleLowerCase();

export function analyse(
  ours: Side,
  theirs: Side,
  source: SourceInfo,
  resolutions: Readonly<Record<string, MergeResolution>>,
  clashing: ClashChoice,
): Analysis {
  const found = source.kind === 'chorus' ? findAncestor(ours, theirs) : ({ found: false, reason: 'A .qdpx file carries no history to find a common ancestor in.' } as const);
  const ancestor = found.found ? found.ancestor : null;
  const codebook = decideCodebook(ours, theirs, ancestor, resolutions);

  // Documents: the same text is the same document, whatever its name.
  const ourByHash = new Map<string, number>();
  for (const d of ours.documents) if (!ourByHash.has(d.text_hash)) ourByHash.set(d.text_hash, d.id);
  const ourNames = new Set(ours.documents.map((d) => lower(d.name)));
  const ourDocName = new Map(ours.documents.map((d) => [d.id, d.name]));
  const documents = new Map<number, DocumentFate>();
  const theirCodingsPerDoc = new Map<number, number>();
  for (const c of theirs.codings) theirCodingsPerDoc.set(c.document_id, (theirCodingsPerDoc.get(c.document_id) ?? 0) + 1);
  const matchedDocs: MergeDocumentRef[] = [];
  const addedDocs: MergeDocumentRef[] = [];
  const clashingDocs: MergeDocumentRef[] = [];
  const sourceTitle = theirs.title || source.name;
  for (const d of theirs.documents) {
    const ref = { guid: d.guid, name: d.name, codings: theirCodingsPerDoc.get(d.id) ?? 0 };
    const ourId = ourByHash.get(d.text_hash);
    if (ourId !== undefined) {
      documents.set(d.id, { ourId });
      matchedDocs.push({ ...ref, ourName: ourDocName.get(ourId)! });
    } else if (ourNames.has(lower(d.name))) {
      let name = `${d.name} (${sourceTitle})`;
      for (let n = 2; ourNames.has(lower(name)); n++) name = `${d.name} (${sourceTitle} ${n})`;
      if (clashing === 'add') {
        ourNames.add(lower(name));
        documents.set(d.id, { add: name });
      } else documents.set(d.id, { skip: true });
      clashingDocs.push({ ...ref, ourName: clashing === 'add' ? name : null });
    } else {
      ourNames.add(lower(d.name));
      documents.set(d.id, { add: d.name });
      addedDocs.push({ ...ref, ourName: d.name });
    }
  }

  // Participants by guid, then label; attributes by guid, then scope and name.
  const participants = new Map<number, { ourId: number } | { add: true }>();
  const ourPartByGuid = new Map(ours.participants.map((p) => [p.guid, p.id]));
  const ourPartByLabel = new Map(ours.participants.map((p) => [lower(p.label), p.id]));
  const partMatched: string[] = [];
  const partAdded: string[] = [];
  for (const p of theirs.participants) {
    const ourId = ourPartByGuid.get(p.guid) ?? ourPartByLabel.get(lower(p.label));
    if (ourId !== undefined) {
      participants.set(p.id, { ourId });
      partMatched.push(p.label);
    } else {
      participants.set(p.id, { add: true });
      partAdded.push(p.label);
    }
  }
  const attributes = new Map<number, { ourId: number } | { add: true }>();
  const attrMatched: string[] = [];
  const attrAdded: string[] = [];
  for (const a of theirs.attributes) {
    const our = ours.attributes.find((x) => x.guid === a.guid) ?? ours.attributes.find((x) => x.scope === a.scope && lower(x.name) === lower(a.name));
    if (our) {
      attributes.set(a.id, { ourId: our.id });
      attrMatched.push(a.name);
    } else {
      attributes.set(a.id, { add: true });
      attrAdded.push(a.name);
    }
  }

  // Codings: theirs that are not here by guid, nor as the same coder's coding of the same span
  // with the same code, nor ones we deleted since the fork.
  const ourCodeIdByGuid = new Map(ours.codes.map((c) => [c.guid, c.id]));
  const ourGuids = ours.codingGuids;
  const ourKeys = new Set(ours.codings.map((c) => `${c.document_id}|${c.code_id}|${c.created_by}|${c.start}|${c.end}`));
  const coders = new Map<string, MergeCoderPlan>();
  const ourUsers = new Set(ours.users.map((u) => u.guid));
  const theirUserName = new Map(theirs.users.map((u) => [u.guid, u.name]));
  const coderOf = (guid: string) => {
    let c = coders.get(guid);
    if (!c) {
      c = { guid, name: theirUserName.get(guid) ?? 'unknown coder', isNew: !ourUsers.has(guid), codings: 0, present: 0, skipped: 0 };
      coders.set(guid, c);
    }
    return c;
  };
  const codings: MergeCodingRow[] = [];
  const addedKeys = new Set<string>();
  for (const c of theirs.codings) {
    const coder = coderOf(c.created_by);
    const fate = documents.get(c.document_id);
    const target = codebook.codeTarget.get(c.code_id);
    if (ourGuids.has(c.guid) || codebook.ourDeletedCodings.has(c.guid)) {
      coder.present++;
      continue;
    }
    if (!fate || 'skip' in fate || !target) {
      coder.skipped++;
      continue;
    }
    // Codes and documents that already exist here can be checked for the same span now.
    const ourCode = 'ourGuid' in target ? ourCodeIdByGuid.get(target.ourGuid) : undefined;
    if ('ourId' in fate && ourCode !== undefined) {
      const key = `${fate.ourId}|${ourCode}|${c.created_by}|${c.start}|${c.end}`;
      if (ourKeys.has(key)) {
        coder.present++;
        continue;
      }
    }
    const key = `${c.document_id}|${'ourGuid' in target ? target.ourGuid : target.theirGuid}|${c.created_by}|${c.start}|${c.end}`;
    if (addedKeys.has(key)) {
      coder.present++;
      continue;
    }
    addedKeys.add(key);
    coder.codings++;
    codings.push(c);
  }

  // Memos and journal entries, with their authors, unless here already or deleted here since.
  const ourMemoGuids = new Set(ours.memos.map((m) => m.guid));
  const memos = theirs.memos.filter((m) => !ourMemoGuids.has(m.guid) && !codebook.ourDeletedMemos.has(m.guid));
  const byAuthor = new Map<string, number>();
  for (const m of memos) {
    const name = theirUserName.get(m.created_by) ?? 'unknown coder';
    byAuthor.set(name, (byAuthor.get(name) ?? 0) + 1);
  }

  const codeRef = (r: { their: { guid: string; name: string; kind: 'code' | 'theme'; id: number } }) => ({
    guid: r.their.guid,
    name: r.their.name,
    path: pathOf(theirs.codeById, r.their.id).join(' › '),
    kind: r.their.kind,
  });
  const plan: MergePlan = {
    source: { name: source.name, kind: source.kind, title: theirs.title },
    ancestor: ancestor
      ? { found: true, seq: ancestor.seq, at: ancestor.at, summary: ancestor.summary, reason: null }
      : { found: false, seq: null, at: null, summary: null, reason: found.found ? null : found.reason },
    documents: { matched: matchedDocs, added: addedDocs, clashing: clashingDocs },
    codes: {
      added: codebook.adds.map(codeRef),
      matched: codebook.matched.map((m) => ({
        ...codeRef(m),
        by: m.by,
        ourGuid: m.our.guid,
        ourPath: pathOf(ours.codeById, m.our.id).join(' › '),
      })),
      renamed: codebook.changes.filter((c) => c.kind === 'renamed').map(({ kind: _k, ...c }) => c),
      moved: codebook.changes.filter((c) => c.kind === 'moved').map(({ kind: _k, ...c }) => c),
      changed: codebook.changes.filter((c) => c.kind === 'changed').map(({ kind: _k, ...c }) => c),
      removed: codebook.changes.filter((c) => c.kind === 'removed').map(({ kind: _k, ...c }) => c),
    },
    participants: { matched: partMatched, added: partAdded },
    attributes: { matched: attrMatched, added: attrAdded },
    coders: [...coders.values()].sort((a, b) => b.codings - a.codings || a.name.localeCompare(b.name)),
    memos: {
      added: memos.length,
      journalEntries: memos.filter((m) => m.kind === 'journal').length,
      byAuthor: [...byAuthor].map(([name, n]) => ({ name, memos: n })),
    },
    conflicts: codebook.conflicts,
    counts: {
      documentsAdded: [...documents.values()].filter((f) => 'add' in f).length,
      documentsClashing: clashingDocs.length,
      codesAdded: codebook.adds.length,
      codingsAdded: codings.length,
      memosAdded: memos.length,
      participantsAdded: partAdded.length,
      conflicts: codebook.conflicts.length,
    },
  };
  return { ours, theirs, ancestor, codebook, documents, participants, attributes, codings, memos, plan };
}
