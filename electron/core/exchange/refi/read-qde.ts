/**
 * A .qde (Project) or .qdc (CodeBook) document read into the REFI model (model.ts). Tolerant as
 * FORMAT.md asks: every user and date attribute is optional, GUIDs may be braced or upper case,
 * empty containers are accepted, and what Chorus cannot take (pictures, PDFs, audio, video, sets,
 * links, graphs) is counted rather than refused.
 */
import { ChorusError, ErrorCode } from '../../../../shared/errors.js';
import {
  parseGuid,
  type RefiCase,
  type RefiCode,
  type RefiCodebook,
  type RefiCoding,
  type RefiNote,
  type RefiProject,
  type RefiRecording,
  type RefiSelection,
  type RefiTextSource,
  type RefiUser,
  type RefiValue,
  type RefiVariable,
  type RefiVariableType,
} from './model.js';
import { asNode, attr, child, childText, children, parseRefiXml, type XNode } from './xml.js';

/**
 * `read` applied to each node, without the nulls it gives. The array is made at its final size: a
 * large project holds a few hundred thousand of these lists, most of one element or none, and an
 * array grown by `push` reserves room for sixteen.
 */
function readAll<T>(nodes: readonly XNode[], read: (node: XNode) => T | null): T[] {
  if (nodes.length === 0) return [];
  if (nodes.length === 1) {
    const value = read(nodes[0]!);
    return value === null ? [] : [value];
  }
  const out = new Array<T>(nodes.length);
  let n = 0;
  for (const node of nodes) {
    const value = read(node);
    if (value !== null) out[n++] = value;
  }
  out.length = n;
  return out;
}

/** What reading a selection raised, kept in its place until the reader reaches it. */
class SelectionError {
  constructor(readonly error: unknown) {}
}

class Reader {
  /**
   * User and code GUIDs as written, and as read: the hundred thousand codings of a large project
   * name a few users and a few hundred codes, each parsed (and kept) once.
   */
  private readonly recurring = new Map<string, string | null>();

  constructor(readonly fileName: string) {}

  guid(node: XNode, what: string, name = 'guid'): string {
    const raw = attr(node, name);
    const g = raw === null ? null : parseGuid(raw);
    if (g === null) {
      throw new ChorusError(
        ErrorCode.CORRUPT_FILE,
        `${this.fileName}: a ${what} has ${raw === null ? 'no GUID' : `an invalid GUID "${raw.slice(0, 60)}"`}.`,
      );
    }
    return g;
  }

  optionalGuid(node: XNode, name: string): string | null {
    const raw = attr(node, name);
    return raw === null ? null : parseGuid(raw);
  }

  /** `optionalGuid` for a GUID that recurs through the project (a user's, a code's). */
  recurringGuid(node: XNode, name: string): string | null {
    const raw = attr(node, name);
    if (raw === null) return null;
    let guid = this.recurring.get(raw);
    if (guid === undefined) {
      guid = parseGuid(raw);
      this.recurring.set(raw, guid);
    }
    return guid;
  }

  /** Who made it: the user GUID in `name`, null when absent or invalid. */
  creator(node: XNode, name = 'creatingUser'): string | null {
    return this.recurringGuid(node, name);
  }

  position(node: XNode, name: string): number {
    const raw = attr(node, name);
    const n = raw === null ? NaN : Number(raw.trim());
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new ChorusError(ErrorCode.CORRUPT_FILE, `${this.fileName}: a text selection has an invalid ${name} "${String(raw).slice(0, 40)}".`);
    }
    return n;
  }

  /** The GUIDs that an element's `<NoteRef>`, `<SourceRef>`... point to (invalid ones skipped). */
  refs(node: XNode, element: string): string[] {
    return readAll(children(node, element), (r) => this.optionalGuid(r, 'targetGUID'));
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
    return readAll(children(node, 'VariableValue'), (v) => this.value(v));
  }

  coding(node: XNode): RefiCoding | null {
    const ref = child(node, 'CodeRef');
    const code = ref ? this.recurringGuid(ref, 'targetGUID') : null;
    if (!code) return null;
    return {
      guid: this.guid(node, 'coding'),
      code,
      creator: this.creator(node),
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
      creator: this.creator(node),
      createdAt: attr(node, 'creationDateTime'),
      description: childText(node, 'Description'),
      codings: readAll(children(node, 'Coding'), (c) => this.coding(c)),
      noteRefs: this.refs(node, 'NoteRef'),
    };
  }

  /**
   * A selection as the XML reader completes it (see `readProject`): the selection, or the error
   * reading it raised, which waits for `selections` to meet it in document order.
   */
  earlySelection(node: XNode): RefiSelection | SelectionError {
    try {
      return this.selection(node);
    } catch (e) {
      return new SelectionError(e);
    }
  }

  /** The selections of a text source, read already by `earlySelection`. */
  selections(source: XNode): RefiSelection[] {
    return children(source, 'PlainTextSelection').map((s) => {
      const read = s as unknown as RefiSelection | SelectionError;
      if (read instanceof SelectionError) throw read.error;
      return read;
    });
  }

  textSource(node: XNode): RefiTextSource {
    return {
      guid: this.guid(node, 'text source'),
      name: attr(node, 'name') ?? '',
      plainTextPath: attr(node, 'plainTextPath'),
      content: node['PlainTextContent'] === undefined ? null : childText(node, 'PlainTextContent'),
      description: childText(node, 'Description'),
      selections: this.selections(node),
      noteRefs: this.refs(node, 'NoteRef'),
      values: this.values(node),
      creator: this.creator(node),
      createdAt: attr(node, 'creationDateTime'),
    };
  }

  /** An `AudioSource`/`VideoSource` with its first `Transcript` and that transcript's timed sync points. */
  recording(node: XNode, kind: 'audio' | 'video'): RefiRecording {
    const t = children(node, 'Transcript')[0];
    return {
      guid: this.guid(node, `${kind} source`),
      kind,
      name: attr(node, 'name') ?? '',
      path: attr(node, 'path'),
      currentPath: attr(node, 'currentPath'),
      creator: this.creator(node),
      createdAt: attr(node, 'creationDateTime'),
      transcript: t
        ? {
            guid: this.guid(t, 'transcript'),
            name: attr(t, 'name') ?? '',
            plainTextPath: attr(t, 'plainTextPath'),
            content: t['PlainTextContent'] === undefined ? null : childText(t, 'PlainTextContent'),
            syncPoints: readAll(children(t, 'SyncPoint'), (p) => {
              const position = Number(attr(p, 'position') ?? NaN);
              const timeStamp = Number(attr(p, 'timeStamp') ?? NaN);
              const guid = this.optionalGuid(p, 'guid');
              return guid && Number.isSafeInteger(position) && position >= 0 && Number.isFinite(timeStamp) && timeStamp >= 0
                ? { guid, position, timeStamp }
                : null;
            }),
          }
        : null,
    };
  }

  note(node: XNode): RefiNote {
    return {
      guid: this.guid(node, 'note'),
      name: attr(node, 'name') ?? '',
      content: node['PlainTextContent'] === undefined ? null : childText(node, 'PlainTextContent'),
      plainTextPath: attr(node, 'plainTextPath'),
      creator: this.creator(node),
      createdAt: attr(node, 'creationDateTime'),
    };
  }
}

const VARIABLE_TYPES: readonly RefiVariableType[] = ['Text', 'Boolean', 'Integer', 'Float', 'Date', 'DateTime'];

export function readProject(xml: string, fileName: string): RefiProject {
  const r = new Reader(fileName);
  // A large project is mostly text selections: each is read as soon as the XML reader completes
  // it, so that their elements are dropped young instead of piling up into a tree of a few
  // hundred thousand nodes. A selection that cannot be read fails later, in document order, as
  // it did when the whole tree was read first.
  const root = parseRefiXml(xml, fileName, 'Project', (key, value) =>
    key === 'PlainTextSelection' ? r.earlySelection(asNode(value)) : value,
  );
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
    for (const kind of ['PictureSource', 'PDFSource']) drop(kind, children(sourcesNode, kind).length);
  }
  // Recordings are linked with their transcripts' sync points; what is coded on the sound or the
  // picture itself, or on a transcript's selections, Chorus does not hold.
  const recordings: RefiRecording[] = [];
  for (const [kind, element] of [['audio', 'AudioSource'], ['video', 'VideoSource']] as const) {
    for (const m of sourcesNode ? children(sourcesNode, element) : []) {
      recordings.push(r.recording(m, kind));
      drop(`${kind === 'audio' ? 'AudioSelection' : 'VideoSelection'} (coding of the recording itself)`, children(m, kind === 'audio' ? 'AudioSelection' : 'VideoSelection').length);
      drop(`Coding of a whole ${kind} source`, children(m, 'Coding').length);
      for (const t of children(m, 'Transcript')) drop('TranscriptSelection', children(t, 'TranscriptSelection').length);
      drop('Transcript beyond the first of a recording', Math.max(0, children(m, 'Transcript').length - 1));
    }
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
    creator: r.creator(root, 'creatingUserGUID'),
    createdAt: attr(root, 'creationDateTime'),
    users,
    codes: r.codes(child(root, 'CodeBook')),
    variables,
    cases,
    sources,
    recordings,
    basePath: attr(root, 'basePath'),
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
