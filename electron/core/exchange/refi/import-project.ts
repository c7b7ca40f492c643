/**
 * A REFI-QDA project (.qdpx, or a bare .qde) as a new Chorus project.
 *
 * The file and its parts are read and checked in memory first; only then is the project file
 * created, and it is filled in one command (one entry in its log), while the parser thread maps
 * the next sources' texts (documents/parse-thread.ts). A failure at any point leaves no file
 * behind.
 *
 * - Users become coders; codings keep their creator. ATLAS.ti's built-in "ATLAS.ti" user and
 *   users nobody names are the importing researcher.
 * - The code tree keeps its GUIDs, colours and descriptions (Chorus's labelled paragraphs are read
 *   back into definition, criteria, example and theme status).
 * - Named cases become participants, their variables participant attributes; variables of a
 *   source (or of a nameless case pointing at sources, as MAXQDA and Quirkos write them) become
 *   document attributes.
 * - Text sources keep their GUIDs; their text is normalised as every import is (NFC, `\n`), the
 *   selections are mapped so the same characters stay coded (positions.ts, source-text.ts), and
 *   speakers and turns are found in the text by the transcript parser, as for a .txt import.
 * - Notes become memos on what refers to them (project, code, source, coding, selection);
 *   unreferenced notes become journal entries; descriptions of the project, sources and
 *   selections become memos too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ChorusError, ErrorCode } from '../../../../shared/errors.js';
import { paletteColor } from '../../../../shared/colors.js';
import type { AttributeScope, AttributeType, MemoKind, RefiImportReport } from '../../../../shared/types.js';
import { inferType, normalizeValue } from '../../attributes/values.js';
import { storeTranscript } from '../../documents/import.js';
import { ParsePipeline } from '../../documents/parse-thread.js';
import type { CoreEnv } from '../../env.js';
import { runCommand } from '../../history/command-log.js';
import type { Project } from '../../project.js';
import { createProject } from '../../projects/files.js';
import * as attributes from '../../store/attributes.js';
import { insertRowsInBulk } from '../../store/change-capture.js';
import * as codes from '../../store/codes.js';
import * as codings from '../../store/codings.js';
import { indexTurns, type Stamp } from '../../store/documents.js';
import { setCodeDetails } from '../../store/exchange.js';
import { insertMemo } from '../../store/memos.js';
import * as participants from '../../store/participants.js';
import { ensureUser } from '../../store/users.js';
import { openRefiPackage, type PackedEntry } from './archive.js';
import { cleanCodeName, parseColor, parseDescription } from './code-description.js';
import { editorStateFromText } from './memo-text.js';
import { walkCodes, type RefiCode, type RefiProject, type RefiTextSource, type RefiVariable } from './model.js';
import { readProject } from './read-qde.js';
import { applySyncPoints, joinTranscripts, linkImportedRecording, recordingPathOf, type RecordingJoin } from './recordings.js';
import type { FileAccess } from '../../file-access.js';
import { refiSourceInput, type PreparedRefiSource } from './source-prepare.js';

/** SQLite's page cache while a project is filled, in KiB (negative): 128 MB, given back afterwards. */
const IMPORT_CACHE_KIB = -128 * 1024;

/** ATLAS.ti adds itself as a user to every export; it never coded anything. */
const ATLAS_PSEUDO_USER = 'c32a2bd5-537f-4838-8b17-df9efbafdf4b';

interface Prepared {
  refi: RefiProject;
  /** Each text source's text as written in the file (or still packed in it), by source guid. */
  texts: Map<string, string | PackedEntry>;
  /** Counts the bytes the parser thread unpacks against the archive's limit. */
  account(bytes: number): void;
  notes: Map<string, string>;
  skipped: string[];
  /** Each linked recording and the source its transcript is (recordings.ts). */
  recordings: RecordingJoin[];
}

/** Where the .qdpx came from and what the caller may read: for the recordings it links. */
export interface RecordingAccess {
  /** The folder of the .qdpx, when it was read from a path (`relative://` recordings resolve there). */
  sourceDir?: string | null;
  /** What the caller may name; without it, recordings are not linked (a merge's temporary import). */
  files?: FileAccess;
}

/**
 * Reads and checks the file and its parts; writes nothing. Mapping each source's text and
 * selections is left to the filling, which does it on the parser thread ahead of storing.
 */
export async function prepareRefiImport(bytes: Uint8Array, fileName: string): Promise<Prepared> {
  const pkg = await openRefiPackage(bytes, fileName);
  const refi = readProject(pkg.xml, fileName);
  // Before the texts are read: a transcript that is no text source of the file becomes one.
  const recordings = joinTranscripts(refi.sources, refi.recordings ?? []);
  const texts = new Map<string, string | PackedEntry>();
  const skipped: string[] = [];
  for (const s of refi.sources) {
    const raw = s.content ?? (s.plainTextPath ? await pkg.packedText(s.plainTextPath) : null);
    if (raw === null || (typeof raw === 'string' && raw.trim() === '')) {
      skipped.push(noTextNote(s));
      continue;
    }
    texts.set(s.guid, raw);
  }
  const notes = new Map<string, string>();
  for (const n of refi.notes) {
    const text = n.content ?? (n.plainTextPath ? await pkg.readText(n.plainTextPath) : null) ?? '';
    notes.set(n.guid, text.replace(/\r\n?/gu, '\n'));
  }
  for (const [what, n] of Object.entries(refi.dropped)) skipped.push(`${n} × ${what}: not something Chorus holds; left out.`);
  return { refi, texts, account: pkg.account, notes, skipped, recordings };
}

function noTextNote(s: RefiTextSource): string {
  return `Source "${s.name || s.guid}" was left out: its text is not in the file.`;
}

/** A valid ISO time for a vendor's date, or the fallback. */
function isoOr(value: string | null, fallback: string): string {
  if (!value) return fallback;
  const t = Date.parse(value);
  return Number.isNaN(t) ? fallback : new Date(t).toISOString();
}

function uniqueIn(taken: Set<string>, wanted: string): string {
  let name = wanted;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${wanted} (${n})`;
  taken.add(name.toLowerCase());
  return name;
}

const VARIABLE_TYPES: Record<RefiVariable['type'], AttributeType | null> = {
  Text: null,
  Boolean: 'category',
  Integer: 'number',
  Float: 'number',
  Date: 'date',
  DateTime: 'text',
};

class ProjectFiller {
  readonly report: RefiImportReport;
  private readonly users = new Set<string>();
  private readonly codeIds = new Map<string, { id: number; guid: string; kind: 'code' | 'theme' }>();
  private readonly documentIds = new Map<string, { id: number; guid: string }>();
  private readonly codingGuids = new Set<string>();
  private readonly memoGuids = new Set<string>();
  private readonly now: string;

  constructor(
    private readonly project: Project,
    private readonly prepared: Prepared,
    private readonly access: RecordingAccess = {},
  ) {
    this.now = project.stamp().at;
    this.report = {
      origin: prepared.refi.origin,
      users: 0,
      codes: 0,
      documents: 0,
      codings: 0,
      participants: 0,
      attributes: 0,
      memos: 0,
      notes: prepared.skipped.slice(),
    };
  }

  private get db() {
    return this.project.db;
  }

  private newGuid(): string {
    return this.project.env.newGuid();
  }

  /** Who made something: a coder of the file, or the researcher importing it. */
  private coder(guid: string | null): string {
    return guid !== null && this.users.has(guid) ? guid : this.project.env.user.guid;
  }

  /** Vendor times as ISO times: a large project repeats the same few thousand seconds. */
  private readonly times = new Map<string, string>();

  private stamp(by: string | null, at: string | null): Stamp {
    let iso = at === null ? this.now : this.times.get(at);
    if (iso === undefined) {
      iso = isoOr(at, this.now);
      this.times.set(at!, iso);
    }
    return { by: this.coder(by), at: iso };
  }

  async fill(): Promise<void> {
    const { refi, texts } = this.prepared;
    this.addUsers();
    this.addCodes(refi.codes, null);
    this.addCasesAndVariables();
    const sources = refi.sources.filter((s) => texts.has(s.guid));
    const pipeline = new ParsePipeline(
      sources.map((s) => ({ kind: 'refiSource' as const, input: refiSourceInput(texts.get(s.guid)!, refi.origin, s.selections) })),
      this.project.env.parseWorker,
    );
    for (const [k, s] of sources.entries()) {
      const prepared = await pipeline.next(k);
      this.prepared.account(prepared.unpacked);
      if (prepared.text === '') this.report.notes.push(noTextNote(s));
      else {
        this.addSource(s, prepared);
        this.syncTurns(s, prepared);
      }
    }
    indexTurns(this.db, [...this.documentIds.values()].map((d) => d.id));
    // Only a project import links recordings; a co-coder's file read for a merge does not.
    if (this.access.files) await this.addRecordings(this.access.files);
    this.addMemos();
  }

  /** The turns' start times from the sync points of the recordings whose transcript `s` is. */
  private syncTurns(s: RefiTextSource, prepared: PreparedRefiSource): void {
    const doc = this.documentIds.get(s.guid);
    for (const j of this.prepared.recordings) {
      if (j.source !== s.guid || !doc) continue;
      const points = (j.recording.transcript?.syncPoints ?? []).map((p, k) => ({ at: prepared.starts[j.firstSync + k] ?? -1, ms: p.timeStamp }));
      applySyncPoints(this.db, doc.id, points);
    }
  }

  /** Links each recording to the document of its transcript (recordings.ts). */
  private async addRecordings(files: FileAccess): Promise<void> {
    const linked = new Set<number>();
    for (const j of this.prepared.recordings) {
      const doc = j.source ? this.documentIds.get(j.source) : undefined;
      const label = j.recording.name || j.recording.guid;
      if (!doc) {
        this.report.notes.push(`The recording "${label}" has no transcript in the file; Chorus keeps recordings beside transcripts, so it was left out.`);
        continue;
      }
      if (linked.has(doc.id)) {
        this.report.notes.push(`The recording "${label}" is a second recording of one transcript; left out.`);
        continue;
      }
      linked.add(doc.id);
      const where = recordingPathOf(j.recording, this.prepared.refi.basePath ?? null, this.access.sourceDir ?? null);
      const stamp = this.stamp(j.recording.creator, j.recording.createdAt);
      const note = await linkImportedRecording(this.project, doc.id, j.recording, where, files, stamp, () => this.newGuid());
      if (note) this.report.notes.push(note);
    }
  }

  private addUsers(): void {
    for (const u of this.prepared.refi.users) {
      if (u.guid === ATLAS_PSEUDO_USER || this.users.has(u.guid)) continue;
      if (u.guid === this.project.env.user.guid) {
        this.users.add(u.guid);
        continue;
      }
      ensureUser(this.db, { guid: u.guid, name: u.name.trim() || `Coder ${this.users.size + 1}` }, this.now);
      this.users.add(u.guid);
      this.report.users++;
    }
  }

  private addCodes(list: RefiCode[], parentId: number | null): void {
    const taken = new Set<string>();
    list.forEach((c, position) => {
      const fields = parseDescription(c.description);
      const guid = this.codeIds.has(c.guid) ? this.newGuid() : c.guid;
      const id = codes.insertCode(
        this.db,
        {
          guid,
          parentId,
          name: uniqueIn(taken, cleanCodeName(c.name)),
          color: parseColor(c.color) ?? paletteColor(this.report.codes),
          definition: fields.definition,
          position,
        },
        this.stamp(null, null),
      );
      setCodeDetails(this.db, id, fields);
      if (!this.codeIds.has(c.guid)) this.codeIds.set(c.guid, { id, guid, kind: fields.kind });
      this.report.codes++;
      this.addCodes(c.children, id);
    });
  }

  private attributeIds = new Map<string, number>();

  /** One attribute per variable and scope, typed by the variable and its values. */
  private attributeFor(variable: RefiVariable, scope: AttributeScope, values: string[]): number {
    const key = `${scope}:${variable.guid}`;
    const known = this.attributeIds.get(key);
    if (known !== undefined) return known;
    const name = uniqueIn(
      new Set(attributes.listAttributes(this.db, scope).map((a) => a.name.toLowerCase())),
      variable.name.trim().replace(/\s+/gu, ' ').slice(0, 200) || 'Variable',
    );
    let type = VARIABLE_TYPES[variable.type] ?? inferType(values);
    if (values.some((v) => { try { normalizeValue(v, type, name); return false; } catch { return true; } })) type = 'text';
    const guidTaken = attributes.attributeByGuid(this.db, variable.guid) !== undefined;
    const id = attributes.insertAttribute(
      this.db,
      { guid: guidTaken ? this.newGuid() : variable.guid, scope, name, type },
      this.stamp(null, null),
    );
    this.attributeIds.set(key, id);
    this.report.attributes++;
    return id;
  }

  private setValues(scope: AttributeScope, owners: { id: number; values: { variable: string; value: string }[] }[]): void {
    const variables = new Map(this.prepared.refi.variables.map((v) => [v.guid, v]));
    const byVariable = new Map<string, string[]>();
    for (const o of owners) {
      for (const v of o.values) {
        const list = byVariable.get(v.variable);
        if (list) list.push(v.value);
        else byVariable.set(v.variable, [v.value]);
      }
    }
    for (const o of owners) {
      for (const v of o.values) {
        const variable = variables.get(v.variable);
        if (!variable || v.value === '') continue;
        const attributeId = this.attributeFor(variable, scope, byVariable.get(v.variable)!);
        const type = attributes.listAttributes(this.db, scope).find((a) => a.id === attributeId)!.type;
        attributes.setValue(this.db, scope, o.id, attributeId, normalizeValue(v.value, type, variable.name));
      }
    }
  }

  private documentValues = new Map<string, { variable: string; value: string }[]>();

  private addCasesAndVariables(): void {
    const { refi } = this.prepared;
    const owners: { id: number; values: { variable: string; value: string }[] }[] = [];
    const taken = new Set<string>();
    for (const c of refi.cases) {
      if (!c.name.trim()) {
        // A nameless case holding a source's values (MAXQDA, Quirkos): they describe the source.
        for (const s of c.sourceRefs) this.documentValues.set(s, [...(this.documentValues.get(s) ?? []), ...c.values]);
        continue;
      }
      const label = uniqueIn(taken, c.name.trim().replace(/\s+/gu, ' ').slice(0, 200));
      const guid = participants.participantByGuid(this.db, c.guid) ? this.newGuid() : c.guid;
      const id = participants.insertParticipant(this.db, { guid, label }, this.stamp(null, null));
      owners.push({ id, values: c.values });
      this.report.participants++;
    }
    this.setValues('participant', owners);
  }

  private addSource(s: RefiTextSource, prepared: PreparedRefiSource): void {
    const { text, turns, speakers, candidates, words, textHash } = prepared;
    if (prepared.misfits > 0) {
      this.report.notes.push(`${prepared.misfits} selections of "${s.name || s.guid}" lie outside its text and were left out.`);
    }
    const doc = storeTranscript(this.project, {
      name: (s.name.trim() || 'Untitled source').replace(/\s+/gu, ' ').slice(0, 200),
      parsed: { format: 'txt', encoding: 'utf-8', text, turns, speakers, ...(candidates ? { candidates } : {}) },
      words,
      textHash,
      sourceName: s.plainTextPath,
      guid: this.documentIds.has(s.guid) ? this.newGuid() : s.guid,
    });
    this.documentIds.set(s.guid, { id: doc.id, guid: doc.guid });
    this.report.documents++;
    this.setValues('document', [{ id: doc.id, values: [...s.values, ...(this.documentValues.get(s.guid) ?? [])] }]);

    const seen = new Set<string>();
    let dropped = 0;
    const rows: codings.NewCoding[] = [];
    insertRowsInBulk(this.db, 'codings', () => {
      for (const [k, sel] of s.selections.entries()) {
        const start = prepared.starts[k]!;
        const end = prepared.ends[k]!;
        if (start < 0 || end < 0 || sel.start > sel.end) continue;
        if (end <= start) {
          dropped += sel.codings.length;
          continue;
        }
        // Only a selection with a description or notes is looked up again (addMemos).
        const annotated = sel.noteRefs.length > 0 || sel.description.trim() !== '';
        for (const c of sel.codings) {
          const code = this.codeIds.get(c.code);
          if (!code) {
            dropped++;
            continue;
          }
          const stamp = this.stamp(c.creator ?? sel.creator, c.createdAt ?? sel.createdAt);
          const key = `${code.id}:${start}:${end}:${stamp.by}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const guid = this.codingGuids.has(c.guid) ? this.newGuid() : c.guid;
          this.codingGuids.add(guid);
          rows.push({ guid, documentId: doc.id, codeId: code.id, start, end, stamp });
          if (annotated) this.selectionCoding.set(sel.guid, guid);
          if (c.noteRefs.length > 0) this.codingOf.set(c.guid, guid);
          this.report.codings++;
        }
        if (annotated) this.selectionDocument.set(sel.guid, { guid: doc.guid, excerpt: text.slice(start, Math.min(end, start + 60)) });
      }
      codings.insertCodings(this.db, rows);
    });
    if (dropped > 0) this.report.notes.push(`${dropped} codings of "${doc.name}" were left out (empty, or of a code the file does not define).`);
  }

  /**
   * Selection guid -> a coding imported from it, and vendor coding guid -> Chorus coding guid, for
   * the selections and codings that have notes or descriptions to attach.
   */
  private selectionCoding = new Map<string, string>();
  private codingOf = new Map<string, string>();
  private selectionDocument = new Map<string, { guid: string; excerpt: string }>();

  private addMemo(m: { guid: string | null; kind: MemoKind; target: string | null; title: string; text: string; by: string | null; at: string | null }): void {
    if (!m.text.trim()) return;
    const guid = m.guid && !this.memoGuids.has(m.guid) ? m.guid : this.newGuid();
    this.memoGuids.add(guid);
    insertMemo(
      this.db,
      { guid, kind: m.kind, target: m.target, title: m.title.slice(0, 500), content: editorStateFromText(m.text), text: m.text, phase: null },
      this.stamp(m.by, m.at),
    );
    this.report.memos++;
  }

  private addMemos(): void {
    const { refi, notes } = this.prepared;
    const byGuid = new Map(refi.notes.map((n) => [n.guid, n]));
    const used = new Set<string>();
    const fromNote = (noteGuid: string, kind: MemoKind, target: string | null, title?: string) => {
      const n = byGuid.get(noteGuid);
      if (!n) return;
      used.add(noteGuid);
      this.addMemo({ guid: n.guid, kind, target, title: title ?? n.name, text: notes.get(n.guid) ?? '', by: n.creator, at: n.createdAt });
    };
    if (refi.description.trim()) {
      this.addMemo({ guid: null, kind: 'project', target: null, title: 'Project description', text: refi.description, by: refi.creator, at: refi.createdAt });
    }
    for (const g of refi.noteRefs) fromNote(g, 'project', null);
    for (const c of walkCodes(refi.codes)) {
      const code = this.codeIds.get(c.guid);
      if (!code) continue;
      for (const g of c.noteRefs) fromNote(g, code.kind === 'theme' ? 'theme' : 'code', code.guid);
    }
    for (const s of refi.sources) {
      const doc = this.documentIds.get(s.guid);
      if (!doc) continue;
      if (s.description.trim()) {
        this.addMemo({ guid: null, kind: 'document', target: doc.guid, title: 'Description', text: s.description, by: s.creator, at: s.createdAt });
      }
      for (const g of s.noteRefs) fromNote(g, 'document', doc.guid);
      for (const sel of s.selections) {
        const coding = this.selectionCoding.get(sel.guid);
        const place = this.selectionDocument.get(sel.guid);
        const onPassage = (text: string, noteGuid: string | null, by: string | null, at: string | null) => {
          if (coding) this.addMemo({ guid: noteGuid, kind: 'segment', target: coding, title: '', text, by, at });
          else if (place) this.addMemo({ guid: noteGuid, kind: 'document', target: place.guid, title: `On “${place.excerpt}”`, text, by, at });
        };
        if (sel.description.trim()) onPassage(sel.description, null, sel.creator, sel.createdAt);
        for (const g of sel.noteRefs) {
          const n = byGuid.get(g);
          if (!n) continue;
          used.add(g);
          onPassage(notes.get(g) ?? '', n.guid, n.creator, n.createdAt);
        }
        for (const c of sel.codings) {
          const target = this.codingOf.get(c.guid);
          if (target) for (const g of c.noteRefs) fromNote(g, 'segment', target, '');
        }
      }
    }
    for (const n of refi.notes) if (!used.has(n.guid)) fromNote(n.guid, 'journal', null);
  }
}

function removeProjectFile(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
}

/**
 * Creates `file` from a REFI-QDA project's bytes and returns it open, with what was imported and
 * what was left out.
 */
export async function importRefiProject(
  file: string,
  bytes: Uint8Array,
  fileName: string,
  env: CoreEnv,
  access: RecordingAccess = {},
): Promise<{ project: Project; report: RefiImportReport }> {
  const prepared = await prepareRefiImport(bytes, fileName);
  if (fs.existsSync(file)) {
    throw new ChorusError(ErrorCode.CONFLICT, `${file} already exists; choose a new name for the imported project.`);
  }
  const title = prepared.refi.name.trim() || path.basename(fileName).replace(/\.(qdpx|qde)$/iu, '');
  const project = createProject(file, env, title);
  // The whole project is written in one transaction: hundreds of MB of text, turns, index and
  // history. With SQLite's default 2 MB page cache, pages spill to the WAL and the random GUID
  // indexes of turns and codings are read back from it on nearly every insert; a larger cache for
  // the import alone keeps them in memory.
  const cacheSize = project.db.pragma('cache_size', { simple: true }) as number;
  project.db.pragma(`cache_size = ${IMPORT_CACHE_KIB}`);
  try {
    const report = await runCommand(project, 'project.importRefi', { source: fileName }, async (log) => {
      const filler = new ProjectFiller(project, prepared, access);
      await filler.fill();
      const r = filler.report;
      log.summary(`Imported ${fileName}${r.origin ? ` (${r.origin})` : ''}: ${r.documents} documents, ${r.codes} codes, ${r.codings} codings`);
      return r;
    });
    project.db.pragma(`cache_size = ${cacheSize}`);
    return { project, report };
  } catch (e) {
    project.close();
    removeProjectFile(file);
    throw e;
  }
}

