/**
 * A Chorus project as REFI-QDA XML: `project.qde` (Project-mrt2019.xsd) and `.qdc`
 * (Codebook.xsd). Children are emitted in the schemas' sequence order, empty containers are left
 * out (an empty `<Sets/>` is invalid), GUIDs are the ones Chorus stores, every `creatingUser` names
 * a `User` of the file, times are UTC without fractions, and positions are code points over the
 * exact text written to `sources/<guid>.txt` (FORMAT.md §10).
 */
import { createHash } from 'node:crypto';
import { XMLBuilder } from 'fast-xml-parser';
import type { AttributeType, MemoKind } from '../../../../shared/types.js';
import type { ExportCode, ExportCoding, ExportDocument } from '../../store/exchange.js';
import { composeDescription } from './code-description.js';
import { CodePoints } from './positions.js';

export const PROJECT_NS = 'urn:QDA-XML:project:1.0';
export const CODEBOOK_NS = 'urn:QDA-XML:codebook:1.0';
const PROJECT_XSD = 'http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd';
const CODEBOOK_XSD = 'http://schema.qdasoftware.org/versions/Codebook/v1.0/Codebook.xsd';
export const ORIGIN = 'Chorus 0.1';

type X = Record<string, unknown>;

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: true,
  suppressBooleanAttributes: false,
  format: false,
});

// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;

/** Text XML 1.0 can carry: without control characters and lone surrogates. */
function xmlText(s: string): string {
  return s.replace(NOT_XML, '');
}

/** An attribute value: one line (a parser would fold line breaks into spaces anyway). */
function xmlAttr(s: string): string {
  return xmlText(s).replace(/[\r\n\t]+/gu, ' ');
}

/** xsd:dateTime as vendors write it: UTC, no fraction. */
export function xsdDateTime(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t).toISOString().replace(/\.\d{3}Z$/u, 'Z');
}

/** A GUID derived from another, stable across exports (for selections, which Chorus does not store). */
export function derivedGuid(from: string, purpose: string): string {
  const h = createHash('sha1').update(`${purpose}:${from}`).digest('hex');
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

function description(text: string): X {
  const t = xmlText(text).trim();
  return t ? { Description: t } : {};
}

function noteRefs(guids: string[] | undefined): X {
  return guids && guids.length ? { NoteRef: guids.map((g) => ({ '@_targetGUID': g })) } : {};
}

/** The code tree as nested `Code` elements. */
function codeElements(all: ExportCode[], notesOn: Map<string, string[]>, withNoteRefs: boolean): X[] {
  const byParent = groupBy(all, (c) => c.parentId);
  const build = (parent: number | null): X[] =>
    (byParent.get(parent) ?? []).map((c) => {
      const kids = build(c.id);
      return {
        '@_guid': c.guid,
        '@_name': xmlAttr(c.name),
        '@_isCodable': 'true',
        '@_color': c.color,
        ...description(composeDescription(c)),
        ...(withNoteRefs ? noteRefs(notesOn.get(c.guid)) : {}),
        ...(kids.length ? { Code: kids } : {}),
      };
    });
  return build(null);
}

const DECLARATION = { '?xml': { '@_version': '1.0', '@_encoding': 'utf-8' } };

export function codebookXml(codes: ExportCode[]): string {
  return builder.build({
    ...DECLARATION,
    CodeBook: {
      '@_xmlns': CODEBOOK_NS,
      '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      '@_xsi:schemaLocation': `${CODEBOOK_NS} ${CODEBOOK_XSD}`,
      '@_origin': ORIGIN,
      Codes: { Code: codeElements(codes, new Map(), false) },
    },
  }) as string;
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
}

const TYPE_OF_VARIABLE: Record<AttributeType, string> = { text: 'Text', category: 'Text', number: 'Float', date: 'Date' };

function variableValue(type: AttributeType, attribute: string, value: string): X {
  let element = 'TextValue';
  if (type === 'number' && /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/u.test(value)) element = 'FloatValue';
  if (type === 'date' && /^\d{4}-\d{2}-\d{2}$/u.test(value)) element = 'DateValue';
  return { VariableRef: { '@_targetGUID': attribute }, [element]: xmlText(value) };
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
  const valuesOf = (owner: string, scope: 'document' | 'participant'): X =>
    {
      const values = p.values.get(owner);
      const list = p.attributes
        .filter((a) => a.scope === scope && values?.has(a.guid))
        .map((a) => variableValue(a.type, a.guid, values!.get(a.guid)!));
      return list.length ? { VariableValue: list } : {};
    };

  const codingsByDoc = groupBy(p.codings, (c) => c.documentId);
  const turnsByDoc = groupBy([...p.turns].map(([guid, t]) => ({ guid, ...t })), (t) => t.documentId);

  const sources = p.documents.map((d) => {
    const cp = new CodePoints(d.text);
    const selections: X[] = (codingsByDoc.get(d.id) ?? []).map((c) => ({
      '@_guid': derivedGuid(c.guid, 'selection'),
      '@_startPosition': cp.toCodePoint(c.start),
      '@_endPosition': cp.toCodePoint(c.end),
      '@_creatingUser': c.createdBy,
      '@_creationDateTime': xsdDateTime(c.createdAt),
      Coding: [
        {
          '@_guid': c.guid,
          '@_creatingUser': c.createdBy,
          '@_creationDateTime': xsdDateTime(c.createdAt),
          CodeRef: { '@_targetGUID': c.codeGuid },
          ...noteRefs(notesOn.get(c.guid)),
        },
      ],
    }));
    // A memo on a turn hangs on a selection of the turn's span, without coding.
    for (const t of turnsByDoc.get(d.id) ?? []) {
      selections.push({
        '@_guid': t.guid,
        '@_startPosition': cp.toCodePoint(t.start),
        '@_endPosition': cp.toCodePoint(t.end),
        ...noteRefs(notesOn.get(t.guid)),
      });
    }
    return {
      '@_guid': d.guid,
      '@_name': xmlAttr(d.name),
      '@_plainTextPath': `internal://${d.guid}.txt`,
      '@_creatingUser': d.createdBy,
      '@_creationDateTime': xsdDateTime(d.createdAt),
      ...(selections.length ? { PlainTextSelection: selections } : {}),
      ...noteRefs(notesOn.get(d.guid)),
      ...valuesOf(d.guid, 'document'),
    };
  });

  const project: X = {
    '@_xmlns': PROJECT_NS,
    '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    '@_xsi:schemaLocation': `${PROJECT_NS} ${PROJECT_XSD}`,
    '@_name': xmlAttr(p.title || 'Chorus project'),
    '@_origin': ORIGIN,
    '@_creatingUserGUID': p.creator,
    '@_creationDateTime': xsdDateTime(p.createdAt),
    Users: { User: p.users.map((u) => ({ '@_guid': u.guid, '@_name': xmlAttr(u.name) })) },
  };
  if (p.codes.length) project.CodeBook = { Codes: { Code: codeElements(p.codes, notesOn, true) } };
  if (p.attributes.length) {
    project.Variables = {
      Variable: p.attributes.map((a) => ({
        '@_guid': a.guid,
        '@_name': xmlAttr(a.name),
        '@_typeOfVariable': TYPE_OF_VARIABLE[a.type],
      })),
    };
  }
  if (p.participants.length) {
    project.Cases = {
      Case: p.participants.map((c) => ({
        '@_guid': c.guid,
        '@_name': xmlAttr(c.label),
        ...valuesOf(c.guid, 'participant'),
        ...(c.documents.length ? { SourceRef: c.documents.map((d) => ({ '@_targetGUID': d })) } : {}),
      })),
    };
  }
  if (sources.length) project.Sources = { TextSource: sources };
  if (p.memos.length) {
    project.Notes = {
      Note: p.memos.map((m) => ({
        '@_guid': m.guid,
        '@_name': xmlAttr(m.title || noteName(m.kind)),
        '@_creatingUser': m.createdBy,
        '@_creationDateTime': xsdDateTime(m.createdAt),
        '@_modifyingUser': m.createdBy,
        '@_modifiedDateTime': xsdDateTime(m.updatedAt),
        PlainTextContent: { '#text': xmlText(m.text) },
      })),
    };
  }
  Object.assign(project, noteRefs(projectNotes));
  return builder.build({ ...DECLARATION, Project: project }) as string;
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
