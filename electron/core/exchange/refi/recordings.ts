/**
 * Recordings in REFI-QDA (Project-mrt2019.xsd `AudioSource`/`VideoSource`): a transcript's linked
 * recording travels as a link, never as its bytes, with a `Transcript` whose `SyncPoint`s are the
 * turns' start times.
 *
 * Export: each transcript stays a `TextSource` (its codings, memos and values, read by every tool
 * as before), and its recording is an `AudioSource`/`VideoSource` beside it whose `Transcript`
 * names the same `internal://<guid>.txt` and carries a `SyncPoint` (code-point `position`,
 * `timeStamp` in ms) at the start of each timed turn. The path is `absolute://` (FORMAT.md §2):
 * the recording stays where it is.
 *
 * Import: a Transcript whose text is a `TextSource` of the file (same path) syncs that document;
 * one of its own becomes a document. Sync points become the start times of the turns they line up
 * with: a point at a turn's start, or between the end of the turn before and it (the label and
 * timestamp a tool wrote there). A recording found on disk is hashed and linked; one that is not
 * there is linked unverified and asked for when played; one inside the .qdpx is left out.
 */
import fs from 'node:fs';
import path from 'node:path';
import { extensionOf, MEDIA_FORMATS, type MediaKind } from '../../../../shared/media.js';
import type { FileAccess } from '../../file-access.js';
import { readRecording } from '../../media/files.js';
import type { Project } from '../../project.js';
import type { SqlDb } from '../../store/engine.js';
import { turnsOf, type Stamp } from '../../store/documents.js';
import { allMedia, insertMedia, mediaByGuid, setTurnTimes, turnSpans } from '../../store/media.js';
import type { ExportDocument } from '../../store/exchange.js';
import { CodePoints } from './positions.js';
import type { RefiRecording, RefiSelection, RefiTextSource } from './model.js';
import { derivedGuid, xsdDateTime } from './write-qde.js';
import type { XmlWriter } from './xml-writer.js';

export interface ExportRecording {
  guid: string;
  kind: MediaKind;
  name: string;
  path: string;
  createdBy: string;
  createdAt: string;
  documentId: number;
  /**
   * The timed turns' starts (UTF-16 offsets into the stored text) and times (seconds). A writer
   * that changes the text (a pseudonymised export) must map `start` as it maps codings.
   */
  syncPoints: { guid: string; start: number; time: number }[];
}

export function gatherRecordings(db: SqlDb): ExportRecording[] {
  return allMedia(db).map((m) => ({
    guid: m.guid,
    kind: m.kind,
    name: m.name,
    path: m.path,
    createdBy: m.createdBy,
    createdAt: m.createdAt,
    documentId: m.documentId,
    syncPoints: turnsOf(db, m.documentId)
      .filter((t) => t.timeStart !== null)
      .map((t) => ({ guid: derivedGuid(t.guid, 'sync point'), start: t.start, time: t.timeStart! })),
  }));
}

/** An absolute path as REFI-QDA writes it: `absolute:///home/…`, `absolute:///C:/…`, `/` between folders. */
export function absoluteUrl(file: string): string {
  const slashed = file.replace(/\\/gu, '/');
  return `absolute://${slashed.startsWith('/') ? '' : '/'}${slashed}`;
}

/** The `AudioSource`/`VideoSource` of each recording, after the text sources. */
export function writeRecordings(w: XmlWriter, recordings: readonly ExportRecording[], documents: readonly ExportDocument[]): void {
  const byId = new Map(documents.map((d) => [d.id, d]));
  for (const r of recordings) {
    const d = byId.get(r.documentId);
    if (!d) continue;
    const element = r.kind === 'video' ? 'VideoSource' : 'AudioSource';
    w.start(element, { guid: r.guid, name: r.name, path: absoluteUrl(r.path), creatingUser: r.createdBy, creationDateTime: xsdDateTime(r.createdAt) });
    const transcript = { guid: derivedGuid(d.guid, 'transcript'), name: d.name, plainTextPath: `internal://${d.guid}.txt` };
    if (r.syncPoints.length === 0) w.empty('Transcript', transcript);
    else {
      w.start('Transcript', transcript);
      const cp = new CodePoints(d.text);
      for (const s of r.syncPoints) w.empty('SyncPoint', { guid: s.guid, timeStamp: Math.round(s.time * 1000), position: cp.toCodePoint(s.start) });
      w.end('Transcript');
    }
    w.end(element);
  }
}

/**
 * Joins each recording's transcript to the text source it is, or adds it as a source of its own;
 * its sync points ride along as empty selections, so that they are mapped to the stored text with
 * the source's other positions. Returns, per recording, its source and the sync points' selections.
 */
export function joinTranscripts(sources: RefiTextSource[], recordings: readonly RefiRecording[]): RecordingJoin[] {
  const byPath = new Map(sources.filter((s) => s.plainTextPath).map((s) => [s.plainTextPath!.toLowerCase(), s]));
  const joins: RecordingJoin[] = [];
  for (const r of recordings) {
    const t = r.transcript;
    let source = t?.plainTextPath ? byPath.get(t.plainTextPath.toLowerCase()) : undefined;
    if (t && !source && (t.plainTextPath || t.content !== null)) {
      source = {
        guid: t.guid,
        name: t.name || r.name,
        plainTextPath: t.plainTextPath,
        content: t.content,
        description: '',
        selections: [],
        noteRefs: [],
        values: [],
        creator: r.creator,
        createdAt: r.createdAt,
      };
      sources.push(source);
      if (t.plainTextPath) byPath.set(t.plainTextPath.toLowerCase(), source);
    }
    const first = source ? source.selections.length : 0;
    for (const p of source ? (t?.syncPoints ?? []) : []) {
      const sel: RefiSelection = { guid: p.guid, name: '', start: p.position, end: p.position, creator: null, createdAt: null, description: '', codings: [], noteRefs: [] };
      source!.selections.push(sel);
    }
    joins.push({ recording: r, source: source?.guid ?? null, firstSync: first });
  }
  return joins;
}

export interface RecordingJoin {
  recording: RefiRecording;
  /** The guid of the text source its transcript is; null without a transcript. */
  source: string | null;
  /** Where its sync points start among that source's selections. */
  firstSync: number;
}

/**
 * The start times of the document's turns from the sync points (their stored offsets `at`, in
 * ms `times`): a point lines up with the first turn starting at or after it, when no other turn's
 * words lie between them. Returns how many turns were timed.
 */
export function applySyncPoints(db: SqlDb, documentId: number, points: readonly { at: number; ms: number }[]): number {
  const turns = turnSpans(db, documentId);
  let timed = 0;
  for (const p of points) {
    if (p.at < 0) continue;
    const i = turns.findIndex((t) => t.start >= p.at);
    if (i < 0 || (i > 0 && turns[i - 1]!.end > p.at)) continue;
    const t = turns[i]!;
    const time = p.ms / 1000;
    setTurnTimes(db, t.id, time, t.timeEnd !== null && t.timeEnd >= time ? t.timeEnd : null);
    timed++;
  }
  return timed;
}

/**
 * Where a recording's `path`/`currentPath` points on this computer: `absolute://`, `relative://`
 * (against the project's basePath, then the folder the .qdpx came from), or a plain absolute path.
 * `embedded` for a file inside the .qdpx (`internal://`, or a bare name: FORMAT.md §2); null when
 * nothing usable is written.
 */
export function recordingPathOf(r: RefiRecording, basePath: string | null, sourceDir: string | null): string | 'embedded' | null {
  for (const raw of [r.currentPath, r.path]) {
    if (!raw) continue;
    const value = decodeURIComponentSafe(raw.trim());
    const scheme = /^([a-z]+):\/\//iu.exec(value)?.[1]?.toLowerCase();
    if (scheme === 'internal') return 'embedded';
    if (scheme === 'absolute') {
      const rest = value.slice('absolute://'.length);
      // absolute:///C:/x on Windows, absolute:///home/x elsewhere.
      return /^\/[A-Za-z]:\//u.test(rest) ? rest.slice(1) : rest.startsWith('/') ? rest : `/${rest}`;
    }
    if (scheme === 'relative') {
      const rest = value.slice('relative://'.length).replace(/^\/+/u, '');
      for (const base of [basePath ? decodeURIComponentSafe(basePath.replace(/^absolute:\/\//iu, '')) : null, sourceDir]) {
        if (!base) continue;
        const candidate = path.resolve(base, rest);
        if (fs.existsSync(candidate)) return candidate;
      }
      return path.resolve(basePath ?? sourceDir ?? '.', rest);
    }
    if (scheme === undefined && path.isAbsolute(value)) return value;
    if (scheme === undefined) return 'embedded';
  }
  return null;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return /%[0-9a-f]{2}/iu.test(s) ? decodeURIComponent(s) : s;
  } catch {
    return s;
  }
}

/**
 * Links a recording read from a REFI-QDA file to its document. What the caller may not name
 * (browser mode outside its folder, the team server) is not read; a format Chorus does not play
 * is left out. Returns a note for the import report, or null when it was linked and found.
 */
export async function linkImportedRecording(
  project: Project,
  documentId: number,
  r: RefiRecording,
  where: string | 'embedded' | null,
  files: FileAccess,
  stamp: Stamp,
  newGuid: () => string,
): Promise<string | null> {
  const label = r.name || r.transcript?.name || r.guid;
  if (where === 'embedded') return `The recording "${label}" is inside the file: Chorus links recordings where they lie, so it was left out. Link it to its transcript again.`;
  if (where === null) return `The recording "${label}" has no path; link it to its transcript again.`;
  const format = MEDIA_FORMATS[extensionOf(where)];
  if (!format) return `The recording "${label}" (${path.basename(where)}) is not a format Chorus plays; left out.`;
  let file: string;
  try {
    file = files.check(where, 'recording', ['recording']);
  } catch (e) {
    return `The recording "${label}" was not linked: ${(e as Error).message}`;
  }
  const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u.test(r.guid) && !mediaByGuid(project.db, r.guid) ? r.guid : newGuid();
  try {
    const read = await readRecording(file);
    insertMedia(project.db, { guid, documentId, ...read, kind: read.kind }, stamp);
    return null;
  } catch {
    // Not there (yet) or not readable: linked unverified, and asked for when it is played.
    insertMedia(project.db, { guid, documentId, kind: r.kind, path: file, name: path.basename(file), mime: format.mime, size: 0, sha256: '', duration: null }, stamp);
    return `The recording "${label}" is not at ${file}; it is linked, and Chorus asks for it when it is played.`;
  }
}
