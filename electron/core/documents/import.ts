import path from 'node:path';
import type { ImportSource, SpeakerDecision } from '../../../shared/api.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { FilePreview, ImportedFile, ImportPreview, ImportReport, SpeakerRole } from '../../../shared/types.js';
import type { Project } from '../project.js';
import { insertRowsInBulk } from '../store/change-capture.js';
import * as store from '../store/documents.js';
import * as participants from '../store/participants.js';
import { countWords } from './decode.js';
import type { ParsedSource } from './formats/index.js';
import { ParsePipeline } from './parse-thread.js';
import { hashOf, readAndParse, wordsOf } from './read-and-parse.js';
import { sampleTurn, suggestRoles } from './roles.js';

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

interface ResolvedSpeaker {
  label: string;
  role: SpeakerRole;
  participant: number | 'new' | null;
}

/**
 * Applies the researcher's decisions to the detected labels. Two labels given the same final
 * label become one speaker. Without a decision a speaker keeps its label, gets the role its label
 * suggests, and is mapped to the participant of the same label if the project has one: P1 of one
 * group is not P1 of another, so nothing is merged across documents by guesswork.
 */
function resolveSpeakers(
  project: Project,
  parsed: ParsedSource,
  decisions: Record<string, SpeakerDecision>,
): { byDetected: Map<string, string>; speakers: Map<string, ResolvedSpeaker> } {
  const detected = parsed.speakers;
  const suggested = suggestRoles(parsed.text, parsed.turns, detected);
  const byDetected = new Map<string, string>();
  const speakers = new Map<string, ResolvedSpeaker>();
  for (const label of detected) {
    const d = decisions[label] ?? {};
    const final = d.label ?? label;
    byDetected.set(label, final);
    const known = speakers.get(final);
    let participant: ResolvedSpeaker['participant'];
    if (d.participant === undefined) participant = participants.participantIdByLabel(project.db, final) ?? null;
    else if (d.participant === null || d.participant === 'new') participant = d.participant;
    else {
      const row = participants.participantByGuid(project.db, d.participant);
      if (!row) throw new ChorusError(ErrorCode.NOT_FOUND, `The participant chosen for "${label}" is not in this project.`);
      participant = row.id;
    }
    if (!known) speakers.set(final, { label: final, role: d.role ?? suggested.get(label)!, participant });
    else {
      // A merged speaker takes the explicit choices of any of its labels.
      if (d.role) known.role = d.role;
      if (d.participant !== undefined) known.participant = participant;
    }
  }
  return { byDetected, speakers };
}

/**
 * Stores a parsed transcript with its speakers and turns, applying the speaker decisions of the
 * import preview. The caller adds its turns to the full-text index (`store.indexTurns`) once the
 * whole batch is stored.
 */
export function storeTranscript(
  project: Project,
  doc: {
    name: string;
    parsed: ParsedSource;
    sourceName: string | null;
    speakers?: Record<string, SpeakerDecision>;
    /** The document's guid when it comes from elsewhere with one (a REFI-QDA source). */
    guid?: string;
    /** Its word count and text hash when the parser worked them out already. */
    words?: number;
    textHash?: string;
  },
): ImportedDocument {
  const { parsed } = doc;
  if (parsed.text.trim().length === 0) {
    throw new ChorusError(ErrorCode.INVALID_INPUT, `${doc.sourceName ?? doc.name} has no text.`);
  }
  const { db, env } = project;
  const s = project.stamp();
  const { byDetected, speakers } = resolveSpeakers(project, parsed, doc.speakers ?? {});
  const guid = doc.guid ?? env.newGuid();
  const name = uniqueName(project, doc.name);
  const documentId = store.insertDocument(
    db,
    {
      guid,
      name,
      text: parsed.text,
      textHash: doc.textHash ?? hashOf(parsed.text),
      textLength: parsed.text.length,
      wordCount: doc.words ?? wordsOf(parsed),
      sourceFormat: parsed.format,
      sourceName: doc.sourceName,
    },
    s,
  );
  const speakerIds = new Map<string, number>();
  for (const sp of speakers.values()) {
    const participantId = sp.participant === 'new' ? newParticipantFor(project, sp.label) : sp.participant;
    const id = store.insertSpeaker(
      db,
      { guid: env.newGuid(), documentId, label: sp.label, role: sp.role, participantId },
      s,
    );
    speakerIds.set(sp.label, id);
  }
  const turnCounts = new Map<string, number>();
  const turns: store.NewTurn[] = parsed.turns.map((t, i) => {
    const label = t.speaker === null ? null : byDetected.get(t.speaker)!;
    if (label !== null) turnCounts.set(label, (turnCounts.get(label) ?? 0) + 1);
    return {
      guid: env.newGuid(),
      documentId,
      seq: i,
      speakerId: label === null ? null : speakerIds.get(label)!,
      start: t.start,
      end: t.end,
      timeStart: t.timeStart,
      timeEnd: t.timeEnd,
      text: parsed.text.slice(t.start, t.end),
    };
  });
  insertRowsInBulk(db, 'turns', () => store.insertTurns(db, turns, s));
  return {
    id: documentId,
    guid,
    name,
    speakers: [...speakers.keys()].map((label) => ({ label, turns: turnCounts.get(label) ?? 0 })),
    turns: parsed.turns.length,
  };
}

/** The participant a speaker marked 'new' becomes: the one of that label, registered if absent. */
function newParticipantFor(project: Project, label: string): number {
  return (
    participants.participantIdByLabel(project.db, label) ??
    participants.insertParticipant(project.db, { guid: project.env.newGuid(), label }, project.stamp())
  );
}

function sourceLabel(source: ImportSource): string {
  return source.kind === 'path' ? source.path : source.name;
}

function errorOf(e: unknown): { code: string; message: string } {
  return e instanceof ChorusError ? e.toJSON() : { code: ErrorCode.INTERNAL, message: (e as Error).message };
}

function documentName(source: ImportSource, fileName: string): string {
  return source.documentName ?? path.basename(fileName, path.extname(fileName));
}

/** What importing these files would give; writes nothing. */
export async function previewSources(project: Project, sources: ImportSource[]): Promise<ImportPreview> {
  const files: FilePreview[] = [];
  for (const source of sources) {
    try {
      const { fileName, parsed, words } = await readAndParse(source, project.env.maxImportBytes);
      const stats = new Map<string, { turns: number; words: number }>();
      for (const t of parsed.turns) {
        if (t.speaker === null) continue;
        const st = stats.get(t.speaker) ?? { turns: 0, words: 0 };
        st.turns++;
        st.words += countWords(parsed.text, t.start, t.end);
        stats.set(t.speaker, st);
      }
      const roles = suggestRoles(parsed.text, parsed.turns, parsed.speakers);
      files.push({
        source: sourceLabel(source),
        ok: true,
        name: documentName(source, fileName),
        format: parsed.format,
        encoding: parsed.encoding,
        words,
        turns: parsed.turns.length,
        speakers: parsed.speakers.map((label) => {
          const p = participants.participantByLabel(project.db, label);
          return {
            label,
            ...stats.get(label)!,
            sample: sampleTurn(parsed.text, parsed.turns, label),
            role: roles.get(label)!,
            participant: p ? { guid: p.guid, label: p.label } : null,
          };
        }),
        possibleSpeakers: parsed.candidates ?? [],
      });
    } catch (e) {
      files.push({ source: sourceLabel(source), ok: false, error: errorOf(e) });
    }
  }
  return { files };
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
  const stored: number[] = [];
  const pipeline = new ParsePipeline(
    sources.map((source) => ({ kind: 'file' as const, source, maxBytes: project.env.maxImportBytes })),
    project.env.parseWorker,
  );
  for (const [i, source] of sources.entries()) {
    if (options.signal?.aborted) throw new ChorusError(ErrorCode.CANCELLED, 'The import was cancelled; nothing was imported.');
    const label = sourceLabel(source);
    options.progress?.(i, sources.length, `Importing ${path.basename(label)}`);
    project.db.exec('SAVEPOINT import_file');
    try {
      const { fileName, parsed, words, textHash } = await pipeline.next(i);
      const doc = storeTranscript(project, {
        name: documentName(source, fileName),
        parsed,
        words,
        textHash,
        sourceName: fileName,
        ...(source.speakers ? { speakers: source.speakers } : {}),
      });
      project.db.exec('RELEASE import_file');
      stored.push(doc.id);
      files.push({ source: label, ok: true, document: { guid: doc.guid, name: doc.name }, speakers: doc.speakers, turns: doc.turns });
    } catch (e) {
      project.db.exec('ROLLBACK TO import_file; RELEASE import_file');
      files.push({ source: label, ok: false, error: errorOf(e) });
    }
  }
  store.indexTurns(project.db, stored);
  options.progress?.(sources.length, sources.length, 'Import finished');
  return { files };
}
