/**
 * A REFI-QDA project as it may leave the app. Each source's text is written pseudonymised and
 * redacted, so a pseudonym longer or shorter than the name moves everything after it: every
 * coding and selection is carried through the same map from stored offsets to written ones
 * (`mapStart`/`mapEnd`), so it still covers the same words, and a coding that starts or ends
 * inside a name or a redaction grows to cover all of it. Names, labels, memos, descriptions and
 * attribute values pass through the same rules. Linked recordings are left out.
 */
import { mapEnd, mapStart } from '../../../shared/disclose.js';
import type { ProjectExport } from '../exchange/refi/write-qde.js';
import { discloseCode, type Disclosure } from './disclosure.js';

export function discloseProject(p: ProjectExport, d: Disclosure): ProjectExport {
  if (!d.active) return p;
  const byId = new Map(p.documents.map((doc) => [doc.id, d.document(doc.guid)]));
  const values = new Map<string, Map<string, string>>();
  for (const [owner, of] of p.values) values.set(owner, new Map([...of].map(([a, v]) => [a, d.text(v)])));
  const turns = new Map<string, { documentId: number; start: number; end: number }>();
  for (const [guid, t] of p.turns) {
    const doc = byId.get(t.documentId);
    turns.set(guid, doc ? { ...t, start: mapStart(doc, t.start), end: mapEnd(doc, t.end) } : t);
  }
  return {
    ...p,
    title: d.text(p.title),
    users: p.users.map((u) => ({ ...u, name: d.text(u.name) })),
    codes: p.codes.map((c) => discloseCode(d, c)),
    attributes: p.attributes.map((a) => ({ ...a, name: d.text(a.name) })),
    values,
    participants: p.participants.map((c) => ({ ...c, label: d.text(c.label) })),
    documents: p.documents.map((doc) => ({ ...doc, name: d.text(doc.name), text: byId.get(doc.id)!.text })),
    codings: p.codings.map((c) => {
      const doc = byId.get(c.documentId);
      return doc ? { ...c, start: mapStart(doc, c.start), end: mapEnd(doc, c.end) } : c;
    }),
    memos: p.memos.map((m) => ({ ...m, title: d.text(m.title), text: d.text(m.text) })),
    turns,
    // Recordings stay behind: the voices on them identify the speakers whatever the text says,
    // and a path or file name often carries a name ("Maria Lopez interview.m4a"). A researcher who
    // may share a recording does so through their own approved channel, not inside this export.
    recordings: [],
  };
}
