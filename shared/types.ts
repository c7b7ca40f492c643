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
  /** The project's own guid: the same in every copy of the file (keys per-project preferences). */
  guid: string;
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
  /** The phase of the analysis (Braun & Clarke, 1–6) the researcher says the project is in. */
  phase: number;
  /** Whether the project file is protected with a passphrase (never the passphrase itself). */
  encrypted: boolean;
}

export interface UserInfo {
  guid: string;
  name: string;
}

/** A coder of the project: a user who coded, wrote or changed something in it. */
export interface CoderInfo {
  guid: string;
  name: string;
  /** The coder this installation writes as. */
  me: boolean;
  codings: number;
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
  /** The organising idea of a theme. */
  centralConcept: string;
  /** The guid of the coding that exemplifies it (of this code or one below it), if chosen. */
  exampleCoding: string | null;
  /** Its place on the thematic map, or null when it is not on the map. */
  mapX: number | null;
  mapY: number | null;
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

/**
 * A `Name:` that opens a paragraph but was not taken as a speaker (seen once, and not shaped like
 * the document's other labels). Accepting it (`extraLabels` of the import source) makes it one.
 */
export interface PossibleSpeaker {
  label: string;
  /** How many lines it opens. */
  count: number;
  /** The first line it opens, as written (cut at 160 characters). */
  firstLine: string;
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
  /** Possible speakers not taken, in order of appearance (empty when detection is off). */
  possibleSpeakers?: PossibleSpeaker[];
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
  /** The phase of the analysis (1–6) it was written in; null when not recorded. */
  phase: number | null;
  /** Codes, themes and documents it is linked to (journal entries). */
  links: string[];
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

/**
 * What every export answers (`export.codebook`, `export.themes`, `export.refi`): the file written
 * when the call named a path, else its content, so a front end without file access (a browser)
 * can offer it as a download.
 */
export interface ExportResult {
  /** The file written, when the call named one. */
  path: string | null;
  /** The content, when no path was given: text as is, binary formats (DOCX, .qdpx) as base64. */
  content: string | null;
  encoding: 'utf8' | 'base64';
  mediaType: string;
  /** A name to save it under, made from the project's title (`Peer support - codebook.qdc`). */
  fileName: string;
}

/** Events pushed to the front ends on the event channel. */
export type ChorusEvent =
  | { type: 'progress'; operationId: string; done: number; total: number; message: string }
  | { type: 'changed'; domains: string[] }
  /**
   * A desktop menu action that the renderer carries out, because its dialog lives there: merging
   * a codebook picked in the File menu shows the renderer's preview before anything is written.
   */
  | { type: 'request'; action: 'merge-codebook'; path: string }
  /** A co-coder's project (.chorus or .qdpx) picked in the File menu: the Team merge preview shows it. */
  | { type: 'request'; action: 'merge-project'; path: string }
  /** A recording picked in the File menu: the open transcript's recording panel links it (or finds it again). */
  | { type: 'request'; action: 'link-recording'; path: string }
  /**
   * The desktop shell tried to open an encrypted project (File menu, recent project, file
   * association) without its passphrase: the renderer asks for it and opens the project itself.
   */
  | { type: 'request'; action: 'unlock-project'; path: string }
  /** A passphrase item of the File menu: the renderer's dialog protects, changes or removes it. */
  | { type: 'request'; action: 'passphrase'; mode: PassphraseMode };

/** What the passphrase dialog does to the open project. */
export type PassphraseMode = 'protect' | 'change' | 'remove';

// Codebook refinement, themes, snapshots, journal

export interface CodeMergeResult {
  /** The code the others were merged into, as it is now. */
  code: Code;
  merged: number;
  /** Codings that moved to the target. */
  codingsMoved: number;
  /** Codings dropped because the target already had the same coder's coding of the same passage. */
  duplicatesCollapsed: number;
  /** Subcodes of the merged codes that now sit under the target. */
  childrenMoved: number;
}

export interface CodeCounts {
  codings: number;
  /** Documents (focus groups) with at least one of the codings. */
  documents: number;
  /**
   * People with the role participant who speak in a turn one of the codings overlaps: a mapped
   * speaker counts as their participant, an unmapped speaker as one person.
   */
  participants: number;
}

export interface CodeStats extends CodeCounts {
  guid: string;
  /** The same counts over the code and every code below it (a passage counted once). */
  total: CodeCounts;
}

export type CodeStoryKind =
  | 'created'
  | 'renamed'
  | 'recoloured'
  | 'redefined'
  | 'status'
  | 'mapped'
  | 'moved'
  | 'merged-from'
  | 'merged-into'
  | 'split-into'
  | 'split-from'
  | 'promoted'
  | 'wrapped'
  | 'deleted'
  | 'linked'
  | 'unlinked';

/** One event in the life of a code, from the command log. */
export interface CodeStoryEvent {
  /** The log entry (history.list's seq). */
  seq: number;
  at: string;
  /** Who did it (the coder's name). */
  user: string;
  event: CodeStoryKind;
  /** What the log says the command did, e.g. `Merged "Cost" into "Money worries"`. */
  summary: string;
  /** The event in words, about this code: `renamed from "Cost"`. */
  detail: string;
}

export interface ThemeLink {
  guid: string;
  source: string;
  target: string;
  label: string;
  createdAt: string;
  createdBy: string;
}

export interface SnapshotInfo {
  guid: string;
  name: string;
  createdAt: string;
  author: string;
  codes: number;
  themes: number;
}

/** A code or theme as a snapshot keeps it. */
export interface SnapshotCode {
  guid: string;
  parentGuid: string | null;
  /** The names of its ancestors and itself, top first: where it sits. */
  path: string[];
  kind: CodeKind;
  name: string;
  color: string;
  definition: string;
  inclusion: string;
  exclusion: string;
  example: string;
  centralConcept: string;
  status: ThemeStatus | null;
  position: number;
}

export type SnapshotChangeKind = 'added' | 'removed' | 'renamed' | 'moved' | 'redefined' | 'recoloured' | 'promoted' | 'status';

/** One code compared across two states: `before` is null when added, `after` when removed. */
export interface SnapshotChange {
  guid: string;
  kind: CodeKind;
  changes: SnapshotChangeKind[];
  before: SnapshotCode | null;
  after: SnapshotCode | null;
}

export interface SnapshotDiff {
  from: { guid: string | null; name: string; createdAt: string | null };
  to: { guid: string | null; name: string; createdAt: string | null };
  /** Changed codes and themes only, in the order of the later tree (removed ones at the end). */
  changes: SnapshotChange[];
  /** Counts per kind of change. */
  summary: Record<SnapshotChangeKind, number>;
}

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

// ---- Coder layers in the coding workspace (team) ----

/** How many codings each coder made, per code and per document (`team.codingCounts`). */
export interface CoderCodingCounts {
  /** Per code (its own codings, not those below it) and coder; only pairs with codings. */
  codes: { code: string; coder: string; codings: number }[];
  /** Per document and coder; only pairs with codings. */
  documents: { document: string; coder: string; codings: number }[];
}
