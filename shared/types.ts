/**
 * The shapes that cross the contract (outputs of shared/api.ts). Entities are addressed by their
 * `guid`, which never changes; integer ids stay inside the store.
 *
 * Positions are UTF-16 code-unit offsets into a document's immutable text, half-open [start, end).
 */

export type SpeakerRole = 'moderator' | 'participant' | 'observer';
export type CodeKind = 'code' | 'theme';
export type ThemeStatus = 'candidate' | 'reviewed' | 'defined';

export interface ProjectInfo {
  path: string;
  title: string;
  /** Schema version of the file (PRAGMA user_version). */
  schemaVersion: number;
  user: UserInfo;
  counts: {
    documents: number;
    speakers: number;
    participants: number;
    turns: number;
    codes: number;
    codings: number;
    memos: number;
  };
  documents: DocumentInfo[];
}

export interface UserInfo {
  guid: string;
  name: string;
}

export interface DocumentInfo {
  guid: string;
  name: string;
  turns: number;
  speakers: { label: string; role: SpeakerRole; turns: number }[];
}

export interface DocumentSummary {
  guid: string;
  name: string;
  sourceFormat: string;
  sourceName: string | null;
  length: number;
  words: number;
  turns: number;
  speakers: number;
  codings: number;
  createdAt: string;
  createdBy: string;
}

export interface Speaker {
  guid: string;
  label: string;
  role: SpeakerRole;
  participant: { guid: string; label: string } | null;
}

export interface Turn {
  guid: string;
  /** 0-based order within the document. */
  index: number;
  /** null for text before the first speaker (headings, front matter). */
  speakerGuid: string | null;
  start: number;
  end: number;
  /** Seconds from the start of the recording, when the transcript gives them. */
  timeStart: number | null;
  timeEnd: number | null;
}

export interface DocumentDetail {
  document: DocumentSummary;
  text: string;
  speakers: Speaker[];
  turns: Turn[];
}

export interface Code {
  guid: string;
  parentGuid: string | null;
  kind: CodeKind;
  name: string;
  color: string;
  definition: string;
  inclusion: string;
  exclusion: string;
  example: string;
  status: ThemeStatus | null;
  /** Order among siblings. */
  position: number;
  codings: number;
  documents: number;
  createdAt: string;
  createdBy: string;
}

export interface Coding {
  guid: string;
  documentGuid: string;
  codeGuid: string;
  start: number;
  end: number;
  coder: string;
  createdAt: string;
}

/** A coding with the words it covers, for lists of coded segments. */
export interface CodedSegment extends Coding {
  documentName: string;
  text: string;
  /** Labels of the speakers whose turns the coding overlaps, most overlap first. */
  speakers: string[];
}

export interface Participant {
  guid: string;
  label: string;
  /** Documents (focus groups) in which one of their speakers talks, and their turns there. */
  documents: number;
  turns: number;
  roles: SpeakerRole[];
}

export type AttributeScope = 'document' | 'participant';
export type AttributeType = 'text' | 'number' | 'category' | 'date';

export interface AttributeDef {
  guid: string;
  scope: AttributeScope;
  name: string;
  type: AttributeType;
  /** Distinct values in use, sorted: the categories of a category attribute. */
  values: string[];
}

/** Documents or participants with their attribute values, for the grid. */
export interface AttributeTable {
  scope: AttributeScope;
  attributes: AttributeDef[];
  rows: { guid: string; label: string; values: Record<string, string> }[];
}

export interface CsvImportReport {
  /** Rows whose key matched a document or participant. */
  matched: number;
  /** Keys that matched nothing, as written. */
  unmatched: string[];
  createdAttributes: string[];
  valuesSet: number;
}

export interface SpeakerPreview {
  label: string;
  turns: number;
  words: number;
  /** The start of their first turn. */
  sample: string;
  role: SpeakerRole;
  /** An existing participant with this label, which the speaker will be mapped to by default. */
  participant: { guid: string; label: string } | null;
}

export interface FilePreview {
  source: string;
  ok: boolean;
  name?: string;
  format?: string;
  encoding?: string;
  words?: number;
  turns?: number;
  speakers?: SpeakerPreview[];
  error?: { code: string; message: string };
}

export interface ImportPreview {
  files: FilePreview[];
}

export type MemoKind = 'journal' | 'project' | 'document' | 'code' | 'theme' | 'segment' | 'turn';

/** A memo: Lexical rich text (its serialised state) and the same as plain text for search and export. */
export interface Memo {
  guid: string;
  kind: MemoKind;
  /** The guid of what it is about: a document, code, coding (segment) or turn; null for journal and project memos. */
  target: string | null;
  title: string;
  /** Lexical's serialised editor state (JSON). */
  content: string;
  text: string;
  createdBy: string;
  author: string;
  createdAt: string;
  updatedAt: string;
}

export interface ImportedFile {
  source: string;
  ok: boolean;
  document?: { guid: string; name: string };
  speakers?: { label: string; turns: number }[];
  turns?: number;
  error?: { code: string; message: string };
}

export interface ImportReport {
  files: ImportedFile[];
}

export interface HistoryEntry {
  seq: number;
  at: string;
  user: string;
  operation: string;
  summary: string;
  state: 'done' | 'undone' | 'discarded';
}

export interface UndoState {
  canUndo: boolean;
  canRedo: boolean;
  /** What undo would take back, e.g. `Applied "Stigma" to Focus group 1`. */
  undoSummary: string | null;
  redoSummary: string | null;
}

export interface ExportResult {
  /** The file written, when the call named one. */
  path: string | null;
  /** The content, when no path was given. */
  content: string | null;
  mediaType: string;
  fileName: string;
}

/** Events pushed to the front ends on the event channel. */
export type ChorusEvent =
  | { type: 'progress'; operationId: string; done: number; total: number; message: string }
  | { type: 'changed'; domains: string[] };

// REFI-QDA exchange

/** What a REFI-QDA project import brought in, and what it left out (spec §7 asks to say so). */
export interface RefiImportReport {
  /** The tool that wrote the file, as it says (`origin`). */
  origin: string;
  users: number;
  codes: number;
  documents: number;
  codings: number;
  participants: number;
  attributes: number;
  memos: number;
  /** What was left out or adjusted, for the researcher. */
  notes: string[];
}

/** One code of a codebook being merged into the open project, and what the merge does with it. */
export interface CodebookMergeItem {
  /** The code's guid in the file. */
  guid: string;
  name: string;
  /** Names of its ancestors in the file, outermost first. */
  path: string[];
  action: 'add' | 'rename' | 'keep';
  /** The project's code it matched (rename and keep). */
  match: { guid: string; name: string; by: 'guid' | 'name' } | null;
  /** Why a rename the file asks for is not made, when it is not. */
  note?: string;
}

export interface CodebookMergePlan {
  origin: string;
  items: CodebookMergeItem[];
  counts: { add: number; rename: number; keep: number };
}
