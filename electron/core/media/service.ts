/**
 * Recordings linked to transcripts, as commands of the log: link (or replace), relocate a moved
 * file, unlink, and the turns' times set by hand. Each is one transaction and one undo step; the
 * `media` and `turns` rows they change are captured like every other table's.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { OpOutput, OpParsed } from '../../../shared/api.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import { isMediaFileName, type MediaCandidate, type MediaStatus } from '../../../shared/media.js';
import type { Turn } from '../../../shared/types.js';
import { requireDocument } from '../codings/service.js';
import type { FileAccess } from '../file-access.js';
import type { CommandScope } from '../history/command-log.js';
import type { Project } from '../project.js';
import { turnsOf } from '../store/documents.js';
import * as store from '../store/media.js';
import { megabytes, readRecording, statusOf, type RecordingFile } from './files.js';

export function mediaStatus(project: Project, document: string): MediaStatus {
  const doc = requireDocument(project, document);
  return statusOf(doc.guid, store.mediaOfDocument(project.db, doc.id));
}

function insert(project: Project, documentId: number, file: RecordingFile): void {
  store.insertMedia(project.db, { guid: project.env.newGuid(), documentId, ...file }, project.stamp());
}

export async function linkCommand(
  project: Project,
  input: OpParsed<'media.link'>,
  log: CommandScope,
  signal: AbortSignal,
): Promise<MediaStatus> {
  const doc = requireDocument(project, input.document);
  const file = await readRecording(input.path, signal);
  const old = store.mediaOfDocument(project.db, doc.id);
  // The same file linked again changes nothing (and leaves no undo step).
  if (old && old.path === file.path && old.sha256 === file.sha256 && old.size === file.size) return statusOf(doc.guid, old);
  // A new link is a new recording (a new guid): a player still holding the old one's address
  // must not get the new file's bytes under it.
  if (old) store.deleteMedia(project.db, old.id);
  insert(project, doc.id, file);
  log.summary(old ? `Replaced the recording of ${doc.name} with ${file.name}` : `Linked the recording ${file.name} to ${doc.name}`);
  return mediaStatus(project, doc.guid);
}

export async function relocateCommand(
  project: Project,
  input: OpParsed<'media.relocate'>,
  log: CommandScope,
  signal: AbortSignal,
): Promise<MediaStatus> {
  const doc = requireDocument(project, input.document);
  const old = store.mediaOfDocument(project.db, doc.id);
  if (!old) throw new ChorusError(ErrorCode.NOT_FOUND, `${doc.name} has no recording to find again; link one instead.`);
  const file = await readRecording(input.path, signal);
  const same = old.sha256 === '' || old.sha256 === file.sha256;
  if (!same && !input.replace) {
    const short = (h: string) => `${h.slice(0, 12)}…`;
    throw new ChorusError(
      ErrorCode.CONFLICT,
      `"${file.name}" is not the recording that was linked to ${doc.name}: it is ${megabytes(file.size)} with SHA-256 ${short(file.sha256)}, ` +
        `the linked "${old.name}" was ${megabytes(old.size)} with SHA-256 ${short(old.sha256)}. ` +
        'Choose the original recording, or confirm that this file should replace it.',
    );
  }
  if (same) {
    // The same recording, somewhere else: the link keeps its guid, so the log says "moved".
    store.updateMediaFile(project.db, old.id, { path: file.path, name: file.name, size: file.size, sha256: file.sha256 });
    log.summary(`Found the recording of ${doc.name} again at ${file.path}`);
  } else {
    store.deleteMedia(project.db, old.id);
    insert(project, doc.id, file);
    log.summary(`Replaced the recording of ${doc.name} with ${file.name}`);
  }
  return mediaStatus(project, doc.guid);
}

export function unlinkCommand(project: Project, input: OpParsed<'media.unlink'>, log: CommandScope): MediaStatus {
  const doc = requireDocument(project, input.document);
  const old = store.mediaOfDocument(project.db, doc.id);
  if (!old) return statusOf(doc.guid, undefined);
  store.deleteMedia(project.db, old.id);
  log.summary(`Removed the recording ${old.name} from ${doc.name}`);
  return statusOf(doc.guid, undefined);
}

/** h:mm:ss, as the transcript shows times. */
function clock(seconds: number): string {
  const s = Math.floor(seconds);
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export function setTurnTimeCommand(project: Project, input: OpParsed<'media.setTurnTime'>, log: CommandScope): OpOutput<'media.setTurnTime'> {
  const row = store.turnTimeRow(project.db, input.turn);
  if (!row) throw new ChorusError(ErrorCode.NOT_FOUND, 'That turn is not in this project.');
  const { time } = input;
  // An end before the new start belonged to the old timing; cleared with the start, too.
  const end = time === null || (row.timeEnd !== null && row.timeEnd < time) ? null : row.timeEnd;
  store.setTurnTimes(project.db, row.id, time, end);
  const who = row.speaker ? `${row.speaker}'s turn` : 'the turn';
  log.summary(time === null ? `Cleared the time of ${who} (turn ${row.seq + 1})` : `Set ${who} (turn ${row.seq + 1}) to start at ${clock(time)}`);
  const turn = turnsOf(project.db, row.documentId).find((t) => t.guid === row.guid);
  return turn as Turn;
}

const MAX_CANDIDATES = 500;

/**
 * Audio and video files the caller may link: in the folder beside the open project (browser mode:
 * its one folder) and one level of subfolders, each passed through the caller's path rules, so a
 * door that may not name files (the team server) gets none.
 */
export function mediaCandidates(project: Project, files: FileAccess): { folder: string | null; files: MediaCandidate[] } {
  const folder = files.folder ?? path.dirname(project.path);
  try {
    files.check(folder, 'recording', []);
  } catch {
    return { folder: null, files: [] };
  }
  const out: MediaCandidate[] = [];
  const visit = (dir: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (out.length >= MAX_CANDIDATES || e.name.startsWith('.')) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory() && depth < 1) visit(full, depth + 1);
      else if (e.isFile() && isMediaFileName(e.name)) {
        try {
          const allowed = files.check(full, 'recording', []);
          out.push({ name: path.relative(folder, full), path: allowed, size: fs.statSync(full).size });
        } catch {
          // Outside what the caller may name (a link leading elsewhere): not offered.
        }
      }
    }
  };
  visit(folder, 0);
  return { folder, files: out };
}
