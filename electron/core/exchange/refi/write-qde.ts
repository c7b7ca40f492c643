/**
 * A Chorus project as REFI-QDA XML: `project.qde` (Project-mrt2019.xsd) and `.qdc`
 * (Codebook.xsd). Children are emitted in the schemas' sequence order, empty containers are left
 * out (an empty `<Sets/>` is invalid), GUIDs are the ones Chorus stores, every `creatingUser` names
 * a `User` of the file, times are UTC without fractions, and positions are code points over the
 * exact text written to `sources/<guid>.txt` (FORMAT.md §10).
 */
import { hash } from 'node:crypto';
import type { AttributeType, MemoKind } from '../../../../shared/types.js';
import type { ExportCode, ExportCoding, ExportDocument } from '../../store/exchange.js';
import { composeDescription } from './code-description.js';
import { CodePoints } from './positions.js';
import { writeRecordings, type ExportRecording } from './recordings.js';
import { xmlText, XmlWriter, type Attrs } from './xml-writer.js';

export const PROJECT_NS = 'urn:QDA-XML:project:1.0';
export const CODEBOOK_NS = 'urn:QDA-XML:codebook:1.0';
const PROJECT_XSD = 'http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd';
const CODEBOOK_XSD = 'http://schema.qdasoftware.org/versions/Codebook/v1.0/Codebook.xsd';
export const ORIGIN = 'Chorus 0.1';

/** xsd:dateTime as vendors write it: UTC, no fraction. */
export function xsdDateTime(iso: string): string {
  // Chorus stores UTC ISO times; only the fraction goes. Anything else is parsed.
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/u.test(iso)) return iso.replace(/\.\d+Z$/u, 'Z');
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t).toISOString().replace(/\.\d{3}Z$/u, 'Z');
}

/** A GUID derived from another, stable across exports (for selections, which Chorus does not store). */
export function derivedGuid(from: string, purpose: string): string {
  // One-shot hash: a selection per coding, 100,000 on a large study.
  const h = hash('sha1', `${purpose}:${from}`, 'hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** A description worth writing: without what XML cannot carry, trimmed; '' when there is none. */
function descriptionText(text: string): string {
  return xmlText(text).trim();
}

function noteRefs(w: XmlWriter, guids: string[] | undefined): void {
  for (const g of guids ?? []) w.empty('NoteRef', { targetGUID: g });
}

/** The code tree as nested `Code` elements. */
function writeCodes(w: XmlWriter, all: ExportCode[], notesOn: Map<string, string[]>, withNoteRefs: boolean): void {
  const byParent = groupBy(all, (c) => c.parentId);
  const write = (c: ExportCode): void => {
    const attrs: Attrs = { guid: c.guid, name: c.name, isCodable: 'true', color: c.color };
    const description = descriptionText(composeDescription(c));
    const notes = withNoteRefs ? notesOn.get(c.guid) : undefined;
    const kids = byParent.get(c.id) ?? [];
    if (!description && !notes?.length && !kids.length) {
      w.empty('Code', attrs);
      return;
    }
    w.start('Code', attrs);
    if (description) w.textElement('Description', description);
    noteRefs(w, notes);
    for (const k of kids) write(k);
    w.end('Code');
  };
  for (const c of byParent.get(null) ?? []) write(c);
}

export function codebookXml(codes: ExportCode[]): string {
  const w = new XmlWriter();
  w.start('CodeBook', {
    xmlns: CODEBOOK_NS,
    'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    'xsi:schemaLocation': `${CODEBOOK_NS} ${CODEBOOK_XSD}`,
    origin: ORIGIN,
  });
  w.start('Codes');
  writeCodes(w, codes, new Map(), false);
  w.end('Codes');
  w.end('CodeBook');
  return w.toString();
}

export interface ExportMemo {
  guid: string;
  kind: MemoKind;
  target: string | null;
  title: string;
  text: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface ProjectExport {
  title: string;
  createdAt: string;
  creator: string;
  users: { guid: string; name: string }[];
  codes: ExportCode[];
  attributes: { guid: string; scope: 'document' | 'participant'; name: string; type: AttributeType }[];
  /** owner guid -> attribute guid -> value */
  values: Map<string, Map<string, string>>;
  participants: { guid: string; label: string; documents: string[] }[];
  documents: ExportDocument[];
  codings: ExportCoding[];
  memos: ExportMemo[];
  /** Turns that memos are written on, by guid. */
  turns: Map<string, { documentId: number; start: number; end: number }>;
  /** Recordings linked to documents, with their sync points (recordings.ts). */
  recordings?: ExportRecording[];
}

const TYPE_OF_VARIABLE: Record<AttributeType, string> = { text: 'Text', category: 'Text', number: 'Float', date: 'Date' };

function writeVariableValue(w: XmlWriter, type: AttributeType, attribute: string, value: string): void {
  let element = 'TextValue';
  if (type === 'number' && /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/u.test(value)) element = 'FloatValue';
  if (type === 'date' && /^\d{4}-\d{2}-\d{2}$/u.test(value)) element = 'DateValue';
  w.start('VariableValue');
  w.empty('VariableRef', { targetGUID: attribute });
  w.textElement(element, value);
  w.end('VariableValue');
}

/** Where each memo hangs: the guid whose element carries its NoteRef (none for journal entries). */
function noteTargets(p: ProjectExport): { on: Map<string, string[]>; project: string[] } {
  const on = new Map<string, string[]>();
  const project: string[] = [];
  for (const m of p.memos) {
    if (m.kind === 'project') project.push(m.guid);
    else if (m.target && m.kind !== 'journal') {
      const list = on.get(m.target);
      if (list) list.push(m.guid);
      else on.set(m.target, [m.guid]);
    }
  }
  return { on, project };
}

export function projectXml(p: ProjectExport): string {
  const { on: notesOn, project: projectNotes } = noteTargets(p);
  const w = new XmlWriter();
  const valuesOf = (owner: string, scope: 'document' | 'participant') => {
    const values = p.values.get(owner);
    return values ? p.attributes.filter((a) => a.scope === scope && values.has(a.guid)).map((a) => ({ a, value: values.get(a.guid)! })) : [];
  };
  const writeValues = (list: ReturnType<typeof valuesOf>) => {
    for (const { a, value } of list) writeVariableValue(w, a.type, a.guid, value);
  };

  w.start('Project', {
    xmlns: PROJECT_NS,
    'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    'xsi:schemaLocation': `${PROJECT_NS} ${PROJECT_XSD}`,
    name: p.title || 'Chorus project',
    origin: ORIGIN,
    creatingUserGUID: p.creator,
    creationDateTime: xsdDateTime(p.createdAt),
  });
  w.start('Users');
  for (const u of p.users) w.empty('User', { guid: u.guid, name: u.name });
  w.end('Users');

  if (p.codes.length) {
    w.start('CodeBook');
    w.start('Codes');
    writeCodes(w, p.codes, notesOn, true);
    w.end('Codes');
    w.end('CodeBook');
  }

  if (p.attributes.length) {
    w.start('Variables');
    for (const a of p.attributes) w.empty('Variable', { guid: a.guid, name: a.name, typeOfVariable: TYPE_OF_VARIABLE[a.type] });
    w.end('Variables');
  }

  if (p.participants.length) {
    w.start('Cases');
    for (const c of p.participants) {
      const values = valuesOf(c.guid, 'participant');
      const attrs = { guid: c.guid, name: c.label };
      if (!values.length && !c.documents.length) {
        w.empty('Case', attrs);
        continue;
      }
      w.start('Case', attrs);
      writeValues(values);
      for (const d of c.documents) w.empty('SourceRef', { targetGUID: d });
      w.end('Case');
    }
    w.end('Cases');
  }

  if (p.documents.length) {
    const codingsByDoc = groupBy(p.codings, (c) => c.documentId);
    const turnsByDoc = groupBy([...p.turns].map(([guid, t]) => ({ guid, ...t })), (t) => t.documentId);
    w.start('Sources');
    for (const d of p.documents) writeSource(w, d, codingsByDoc.get(d.id) ?? [], turnsByDoc.get(d.id) ?? [], notesOn, valuesOf(d.guid, 'document'), writeValues);
    writeRecordings(w, p.recordings ?? [], p.documents);
    w.end('Sources');
  }

  if (p.memos.length) {
    w.start('Notes');
    for (const m of p.memos) {
      w.start('Note', {
        guid: m.guid,
        name: m.title || noteName(m.kind),
        creatingUser: m.createdBy,
        creationDateTime: xsdDateTime(m.createdAt),
        modifyingUser: m.createdBy,
        modifiedDateTime: xsdDateTime(m.updatedAt),
      });
      w.textElement('PlainTextContent', m.text);
      w.end('Note');
    }
    w.end('Notes');
  }
  noteRefs(w, projectNotes);
  w.end('Project');
  return w.toString();
}

/**
 * One `TextSource`: a selection per coding (holding that one `Coding`), then a selection per turn
 * that carries memos, then the source's own note references and variable values.
 */
function writeSource<V>(
  w: XmlWriter,
  d: ExportDocument,
  codings: ExportCoding[],
  turns: { guid: string; start: number; end: number }[],
  notesOn: Map<string, string[]>,
  values: V[],
  writeValues: (values: V[]) => void,
): void {
  const attrs: Attrs = {
    guid: d.guid,
    name: d.name,
    plainTextPath: `internal://${d.guid}.txt`,
    creatingUser: d.createdBy,
    creationDateTime: xsdDateTime(d.createdAt),
  };
  const notes = notesOn.get(d.guid);
  if (!codings.length && !turns.length && !notes?.length && !values.length) {
    w.empty('TextSource', attrs);
    return;
  }
  w.start('TextSource', attrs);
  const cp = new CodePoints(d.text);
  for (const c of codings) {
    const at = xsdDateTime(c.createdAt);
    w.start('PlainTextSelection', {
      guid: derivedGuid(c.guid, 'selection'),
      startPosition: cp.toCodePoint(c.start),
      endPosition: cp.toCodePoint(c.end),
      creatingUser: c.createdBy,
      creationDateTime: at,
    });
    w.start('Coding', { guid: c.guid, creatingUser: c.createdBy, creationDateTime: at });
    w.empty('CodeRef', { targetGUID: c.codeGuid });
    noteRefs(w, notesOn.get(c.guid));
    w.end('Coding');
    w.end('PlainTextSelection');
  }
  // A memo on a turn hangs on a selection of the turn's span, without coding.
  for (const t of turns) {
    const selection = { guid: t.guid, startPosition: cp.toCodePoint(t.start), endPosition: cp.toCodePoint(t.end) };
    const turnNotes = notesOn.get(t.guid);
    if (!turnNotes?.length) {
      w.empty('PlainTextSelection', selection);
      continue;
    }
    w.start('PlainTextSelection', selection);
    noteRefs(w, turnNotes);
    w.end('PlainTextSelection');
  }
  noteRefs(w, notes);
  writeValues(values);
  w.end('TextSource');
}

function noteName(kind: MemoKind): string {
  const names: Record<MemoKind, string> = {
    journal: 'Journal entry',
    project: 'Project memo',
    document: 'Document memo',
    code: 'Code memo',
    theme: 'Theme memo',
    segment: 'Memo on a coding',
    turn: 'Memo on a turn',
  };
  return names[kind];
}
