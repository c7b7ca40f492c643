/**
 * A .qde (Project) or .qdc (CodeBook) document read into the REFI model (model.ts). Tolerant as
 * FORMAT.md asks: every user and date attribute is optional, GUIDs may be braced or upper case,
 * empty containers are accepted, and what Chorus cannot take (pictures, PDFs, audio, video, sets,
 * links, graphs) is counted rather than refused.
 */
import { ChorusError, ErrorCode } from '../../../../shared/errors.js';
import {
  GUID_PATTERN,
  normalizeGuid,
  type RefiCase,
  type RefiCode,
  type RefiCodebook,
  type RefiCoding,
  type RefiNote,
  type RefiProject,
  type RefiSelection,
  type RefiTextSource,
  type RefiUser,
  type RefiValue,
  type RefiVariable,
  type RefiVariableType,
} from './model.js';
import { attr, child, childText, children, parseRefiXml, type XNode } from './xml.js';

class Reader {
  constructor(readonly fileName: string) {}

  guid(node: XNode, what: string, name = 'guid'): string {
    const raw = attr(node, name);
    const g = raw === null ? '' : normalizeGuid(raw);
    if (!GUID_PATTERN.test(g)) {
      throw new ChorusError(
        ErrorCode.CORRUPT_FILE,
        `${this.fileName}: a ${what} has ${raw === null ? 'no GUID' : `an invalid GUID "${raw.slice(0, 60)}"`}.`,
      );
    }
    return g;
  }

  optionalGuid(node: XNode, name: string): string | null {
    const raw = attr(node, name);
    if (raw === null) return null;
    const g = normalizeGuid(raw);
    return GUID_PATTERN.test(g) ? g : null;
  }

  position(node: XNode, name: string): number {
    const raw = attr(node, name);
    const n = raw === null ? NaN : Number(raw.trim());
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new ChorusError(ErrorCode.CORRUPT_FILE, `${this.fileName}: a text selection has an invalid ${name} "${String(raw).slice(0, 40)}".`);
    }
    return n;
  }

  refs(node: XNode, element: string): string[] {
    return children(node, element).flatMap((r) => {
      const g = this.optionalGuid(r, 'targetGUID');
      return g ? [g] : [];
    });
  }

  code(node: XNode): RefiCode {
    const codable = (attr(node, 'isCodable') ?? 'true').trim();
    return {
      guid: this.guid(node, 'code'),
      name: attr(node, 'name') ?? '',
      color: attr(node, 'color'),
      description: childText(node, 'Description'),
      isCodable: codable !== 'false' && codable !== '0',
      noteRefs: this.refs(node, 'NoteRef'),
      children: children(node, 'Code').map((c) => this.code(c)),
    };
  }

  codes(parent: XNode | undefined): RefiCode[] {
    const codes = parent ? child(parent, 'Codes') : undefined;
    return codes ? children(codes, 'Code').map((c) => this.code(c)) : [];
  }

  value(node: XNode): RefiValue | null {
    const ref = child(node, 'VariableRef');
    const variable = ref ? this.optionalGuid(ref, 'targetGUID') : null;
    if (!variable) return null;
    for (const k of ['TextValue', 'BooleanValue', 'IntegerValue', 'FloatValue', 'DateValue', 'DateTimeValue']) {
      if (node[k] !== undefined) return { variable, value: childText(node, k).trim() };
    }
    return null;
  }

  values(node: XNode): RefiValue[] {
    return children(node, 'VariableValue').flatMap((v) => {
      const value = this.value(v);
      return value ? [value] : [];
    });
  }

  coding(node: XNode): RefiCoding | null {
    const ref = child(node, 'CodeRef');
    const code = ref ? this.optionalGuid(ref, 'targetGUID') : null;
    if (!code) return null;
    return {
      guid: this.guid(node, 'coding'),
      code,
      creator: this.optionalGuid(node, 'creatingUser'),
      createdAt: attr(node, 'creationDateTime'),
      noteRefs: this.refs(node, 'NoteRef'),
    };
  }

  selection(node: XNode): RefiSelection {
    return {
      guid: this.guid(node, 'text selection'),
      name: attr(node, 'name') ?? '',
      start: this.position(node, 'startPosition'),
      end: this.position(node, 'endPosition'),
      creator: this.optionalGuid(node, 'creatingUser'),
      createdAt: attr(node, 'creationDateTime'),
      description: childText(node, 'Description'),
      codings: children(node, 'Coding').flatMap((c) => {
        const coding = this.coding(c);
        return coding ? [coding] : [];
      }),
      noteRefs: this.refs(node, 'NoteRef'),
    };
  }

  textSource(node: XNode): RefiTextSource {
    return {
      guid: this.guid(node, 'text source'),
      name: attr(node, 'name') ?? '',
      plainTextPath: attr(node, 'plainTextPath'),
      content: node['PlainTextContent'] === undefined ? null : childText(node, 'PlainTextContent'),
      description: childText(node, 'Description'),
      selections: children(node, 'PlainTextSelection').map((s) => this.selection(s)),
      noteRefs: this.refs(node, 'NoteRef'),
      values: this.values(node),
      creator: this.optionalGuid(node, 'creatingUser'),
      createdAt: attr(node, 'creationDateTime'),
    };
  }

  note(node: XNode): RefiNote {
    return {
      guid: this.guid(node, 'note'),
      name: attr(node, 'name') ?? '',
      content: node['PlainTextContent'] === undefined ? null : childText(node, 'PlainTextContent'),
      plainTextPath: attr(node, 'plainTextPath'),
      creator: this.optionalGuid(node, 'creatingUser'),
      createdAt: attr(node, 'creationDateTime'),
    };
  }
}

const VARIABLE_TYPES: readonly RefiVariableType[] = ['Text', 'Boolean', 'Integer', 'Float', 'Date', 'DateTime'];

export function readProject(xml: string, fileName: string): RefiProject {
  const root = parseRefiXml(xml, fileName, 'Project');
  const r = new Reader(fileName);
  const dropped: Record<string, number> = {};
  const drop = (what: string, n: number) => {
    if (n > 0) dropped[what] = (dropped[what] ?? 0) + n;
  };

  const users: RefiUser[] = [];
  const usersNode = child(root, 'Users');
  for (const u of usersNode ? children(usersNode, 'User') : []) {
    users.push({ guid: r.guid(u, 'user'), name: attr(u, 'name') ?? '' });
  }
  const variablesNode = child(root, 'Variables');
  const variables: RefiVariable[] = (variablesNode ? children(variablesNode, 'Variable') : []).map((v) => {
    const t = attr(v, 'typeOfVariable') as RefiVariableType | null;
    return { guid: r.guid(v, 'variable'), name: attr(v, 'name') ?? '', type: t && VARIABLE_TYPES.includes(t) ? t : 'Text' };
  });
  const casesNode = child(root, 'Cases');
  const cases: RefiCase[] = (casesNode ? children(casesNode, 'Case') : []).map((c) => ({
    guid: r.guid(c, 'case'),
    name: attr(c, 'name') ?? '',
    description: childText(c, 'Description'),
    values: r.values(c),
    sourceRefs: r.refs(c, 'SourceRef'),
  }));
  const sourcesNode = child(root, 'Sources');
  const sources = sourcesNode ? children(sourcesNode, 'TextSource').map((s) => r.textSource(s)) : [];
  if (sourcesNode) {
    for (const kind of ['PictureSource', 'PDFSource', 'AudioSource', 'VideoSource']) drop(kind, children(sourcesNode, kind).length);
  }
  for (const s of sourcesNode ? children(sourcesNode, 'TextSource') : []) {
    drop('Coding of a whole source', children(s, 'Coding').length);
  }
  const notesNode = child(root, 'Notes');
  const notes = notesNode ? children(notesNode, 'Note').map((n) => r.note(n)) : [];
  const linksNode = child(root, 'Links');
  drop('Link', linksNode ? children(linksNode, 'Link').length : 0);
  const setsNode = child(root, 'Sets');
  drop('Set', setsNode ? children(setsNode, 'Set').length : 0);
  const graphsNode = child(root, 'Graphs');
  drop('Graph', graphsNode ? children(graphsNode, 'Graph').length : 0);

  return {
    name: attr(root, 'name') ?? '',
    origin: attr(root, 'origin') ?? '',
    creator: r.optionalGuid(root, 'creatingUserGUID'),
    createdAt: attr(root, 'creationDateTime'),
    users,
    codes: r.codes(child(root, 'CodeBook')),
    variables,
    cases,
    sources,
    notes,
    description: childText(root, 'Description'),
    noteRefs: r.refs(root, 'NoteRef'),
    dropped,
  };
}

export function readCodebook(xml: string, fileName: string): RefiCodebook {
  const root = parseRefiXml(xml, fileName, 'CodeBook');
  return { origin: attr(root, 'origin') ?? '', codes: new Reader(fileName).codes(root) };
}
