import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ImportSource } from '../../../shared/api.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { ImportedFile, ImportReport } from '../../../shared/types.js';
import type { Project } from '../project.js';
import * as store from '../store/documents.js';
import { participantIdByLabel } from '../store/participants.js';
import { countWords, decodeText } from './decode.js';
import { guessRole, parseTranscript } from './parse-transcript.js';

export interface ImportedDocument {
  id: number;
  guid: string;
  name: string;
  speakers: { label: string; turns: number }[];
  turns: number;
}

/** A name no other document has: "Focus group 1", then "Focus group 1 (2)", ... */
function uniqueName(project: Project, wanted: string): string {
  let name = wanted;
  for (let n = 2; store.documentNameTaken(project.db, name); n++) name = `${wanted} (${n})`;
  return name;
}

/**
 * Stores a transcript's text with its speakers and turns. Speakers whose label matches a
 * participant of the project are mapped to them; the others stay unmapped until the researcher
 * says who they are (P1 of one group is not P1 of another).
 */
export function storeTranscript(
  project: Project,
  doc: { name: string; text: string; sourceFormat: string; sourceName: string | null },
): ImportedDocument {
  if (doc.text.trim().length === 0) {
    throw new ChorusError(ErrorCode.INVALID_INPUT, `${doc.sourceName ?? doc.name} has no text.`);
  }
  const { db, env } = project;
  const s = project.stamp();
  const parsed = parseTranscript(doc.text);
  const guid = env.newGuid();
  const name = uniqueName(project, doc.name);
  const documentId = store.insertDocument(
    db,
    {
      guid,
      name,
      text: doc.text,
      textHash: createHash('sha256').update(doc.text).digest('hex'),
      textLength: doc.text.length,
      // Words spoken (and front matter), not labels or timestamps.
      wordCount: parsed.turns.reduce((n, t) => n + countWords(doc.text.slice(t.start, t.end)), 0),
      sourceFormat: doc.sourceFormat,
      sourceName: doc.sourceName,
    },
    s,
  );
  const speakerIds = new Map<string, number>();
  for (const label of parsed.speakers) {
    const id = store.insertSpeaker(
      db,
      {
        guid: env.newGuid(),
        documentId,
        label,
        role: guessRole(label),
        participantId: participantIdByLabel(db, label) ?? null,
      },
      s,
    );
    speakerIds.set(label, id);
  }
  const turnCounts = new Map<string, number>();
  parsed.turns.forEach((t, i) => {
    const next = parsed.turns[i + 1];
    store.insertTurn(
      db,
      {
        guid: env.newGuid(),
        documentId,
        seq: i,
        speakerId: t.speaker === null ? null : speakerIds.get(t.speaker)!,
        start: t.start,
        end: t.end,
        timeStart: t.timeStart,
        timeEnd: next?.timeStart ?? null,
        text: doc.text.slice(t.start, t.end),
      },
      s,
    );
    if (t.speaker !== null) turnCounts.set(t.speaker, (turnCounts.get(t.speaker) ?? 0) + 1);
  });
  return {
    id: documentId,
    guid,
    name,
    speakers: parsed.speakers.map((label) => ({ label, turns: turnCounts.get(label) ?? 0 })),
    turns: parsed.turns.length,
  };
}

async function readSource(
  source: ImportSource,
  maxBytes: number,
): Promise<{ bytes: Uint8Array; fileName: string }> {
  if (source.kind === 'bytes') {
    const bytes = Buffer.from(source.base64, 'base64');
    if (bytes.length > maxBytes) throw tooLarge(source.name, bytes.length, maxBytes);
    return { bytes, fileName: source.name };
  }
  const fileName = path.basename(source.path);
  let size: number;
  try {
    const stat = await fs.stat(source.path);
    if (!stat.isFile()) throw new ChorusError(ErrorCode.INVALID_INPUT, `${source.path} is not a file.`);
    size = stat.size;
  } catch (e) {
    if (e instanceof ChorusError) throw e;
    throw new ChorusError(ErrorCode.NOT_FOUND, `${source.path} could not be read: it does not exist or is not readable.`);
  }
  if (size > maxBytes) throw tooLarge(fileName, size, maxBytes);
  return { bytes: await fs.readFile(source.path), fileName };
}

function tooLarge(name: string, size: number, max: number): ChorusError {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return new ChorusError(ErrorCode.TOO_LARGE, `${name} is ${mb(size)}; the import limit is ${mb(max)}.`);
}

const TEXT_FORMATS = new Map([
  ['.txt', 'txt'],
  ['.md', 'md'],
  ['.text', 'txt'],
  ['', 'txt'],
]);

function sourceLabel(source: ImportSource): string {
  return source.kind === 'path' ? source.path : source.name;
}

/**
 * Imports a batch. Each file gets a savepoint: one that fails is rolled back completely and
 * reported, and the rest go on. Runs inside the caller's command (one undo step for the batch).
 */
export async function importSources(
  project: Project,
  sources: ImportSource[],
  options: { signal?: AbortSignal; progress?: (done: number, total: number, message: string) => void },
): Promise<ImportReport> {
  const files: ImportedFile[] = [];
  for (const [i, source] of sources.entries()) {
    if (options.signal?.aborted) throw new ChorusError(ErrorCode.CANCELLED, 'The import was cancelled; nothing was imported.');
    const label = sourceLabel(source);
    options.progress?.(i, sources.length, `Importing ${path.basename(label)}`);
    project.db.exec('SAVEPOINT import_file');
    try {
      const { bytes, fileName } = await readSource(source, project.env.maxImportBytes);
      const ext = path.extname(fileName).toLowerCase();
      const format = TEXT_FORMATS.get(ext);
      if (!format) {
        throw new ChorusError(
          ErrorCode.UNSUPPORTED_FORMAT,
          `${fileName}: Chorus imports plain-text transcripts (.txt, .md) so far.`,
        );
      }
      const text = decodeText(bytes, fileName);
      const doc = storeTranscript(project, {
        name: path.basename(fileName, path.extname(fileName)),
        text,
        sourceFormat: format,
        sourceName: fileName,
      });
      project.db.exec('RELEASE import_file');
      files.push({
        source: label,
        ok: true,
        document: { guid: doc.guid, name: doc.name },
        speakers: doc.speakers,
        turns: doc.turns,
      });
    } catch (e) {
      project.db.exec('ROLLBACK TO import_file; RELEASE import_file');
      const error =
        e instanceof ChorusError ? e.toJSON() : { code: ErrorCode.INTERNAL, message: (e as Error).message };
      files.push({ source: label, ok: false, error });
    }
  }
  options.progress?.(sources.length, sources.length, 'Import finished');
  return { files };
}
