/**
 * The contract of Chorus: every operation a front end can ask of the core, in one table.
 *
 * Each entry has a dotted name (`codes.update`), a zod schema for its input, the type of its
 * output, whether it writes to the project, and which domains a successful write invalidates in
 * the renderer's caches. The three front doors (Electron IPC, the browser-mode HTTP server, the
 * CLI) validate against these schemas and call the core's `dispatch`; nothing else.
 *
 * Writes are recorded in the project's command log, so each one is a single undo step.
 */
import { z } from 'zod';
import {
  action,
  ALL,
  codeName,
  color,
  command,
  destinationPath,
  projectPath,
  sourcePath,
  guid,
  offset,
  query,
  RefiSource,
} from './api-kit.js';
import { analysisApi } from './api-analysis.js';
import { teamApi } from './api-team.js';
import { mediaApi } from './api-media.js';
import { privacyApi } from './api-privacy.js';
import { disclosureOptions } from './privacy.js';
import type {
  AttributeDef,
  AttributeTable,
  Code,
  CodeMergeResult,
  CodeStats,
  CodeStoryEvent,
  CsvImportReport,
  CodebookMergePlan,
  CodedSegment,
  Coding,
  DocumentDetail,
  DocumentSummary,
  ExportResult,
  HistoryEntry,
  ImportPreview,
  ImportReport,
  Memo,
  Participant,
  ProjectInfo,
  SnapshotDiff,
  SnapshotInfo,
  RefiImportReport,
  Speaker,
  ThemeLink,
  UndoState,
} from './types.js';
import type { ThemePrevalence } from './themes.js';

const speakerRole = z.enum(['moderator', 'participant', 'observer']);
const label = z
  .string()
  .transform((s) => s.trim().replace(/\s+/g, ' '))
  .pipe(z.string().min(1, 'A name is required.').max(200, 'A name can have at most 200 characters.'));

/**
 * What the researcher decided in the import preview about one detected speaker. Giving two
 * speakers the same `label` merges them (`Mod` and `Moderator`).
 */
export const SpeakerDecision = z.object({
  label: label.optional(),
  role: speakerRole.optional(),
  /** A participant's guid, 'new' to register the speaker as a new participant, or null for none. */
  participant: z.union([guid, z.literal('new'), z.null()]).optional(),
});
export type SpeakerDecision = z.infer<typeof SpeakerDecision>;

const fileOptions = {
  /** false imports the text without looking for speakers: paragraphs become turns. */
  detectSpeakers: z.boolean().optional(),
  /** Decisions by detected label. */
  speakers: z.record(z.string(), SpeakerDecision).optional(),
  /**
   * Labels the preview listed as possible speakers that the researcher accepted: each is taken as
   * a speaker wherever it opens a line, so its words get a turn of their own.
   */
  extraLabels: z.array(label).max(500, 'At most 500 extra speaker labels can be given.').optional(),
  /** The document's name; defaults to the file name without its extension. */
  documentName: label.optional(),
};

/** Where an imported file comes from (a path the core reads, or bytes a browser uploaded), and how to take it. */
export const ImportSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('path'), path: sourcePath, ...fileOptions }),
  z.object({
    kind: z.literal('bytes'),
    name: z.string().min(1),
    /** The file's bytes, base64-encoded. */
    base64: z.string(),
    ...fileOptions,
  }),
]);
export type ImportSource = z.infer<typeof ImportSource>;

const attributeScope = z.enum(['document', 'participant']);
const memoKind = z.enum(['journal', 'project', 'document', 'code', 'theme', 'segment', 'turn']);
const attributeType = z.enum(['text', 'number', 'category', 'date']);
const themeStatus = z.enum(['candidate', 'reviewed', 'defined']);
/** Braun & Clarke's phases: 1 familiarisation … 6 writing up. */
const phase = z.number().int().min(1, 'Phases run from 1 to 6.').max(6, 'Phases run from 1 to 6.');
const memoLinks = z.array(guid).max(1_000);
const snapshotRef = z.union([guid, z.literal('now')]);
/**
 * The passphrase of an encrypted project, taken exactly as typed (spaces may be part of it). Only
 * ever an input: no output carries it back, and as actions are not logged it is never stored.
 */
const passphrase = z.string().min(1, 'Enter the passphrase.').max(1024, 'A passphrase can have at most 1024 characters.');
/** A new passphrase: long enough that guessing it through the key derivation is hopeless in practice. */
const newPassphrase = z.string().min(8, 'A passphrase needs at least 8 characters.').max(1024, 'A passphrase can have at most 1024 characters.');

const coreApi = {
  /**
   * Create a new, empty project file. Refuses to overwrite an existing file. Opens it. With a
   * passphrase the file is encrypted (SQLCipher 4 format) from its first byte.
   */
  'project.create': action<ProjectInfo>(ALL)(z.object({ path: projectPath, title: z.string().optional(), passphrase: newPassphrase.optional() })),
  /**
   * Open an existing project (migrating an older one after a backup). An encrypted file without
   * its passphrase fails with PASSPHRASE_REQUIRED, with a wrong one WRONG_PASSPHRASE; either way
   * the file is left untouched. A passphrase given for a plain file is ignored.
   */
  'project.open': action<ProjectInfo>(ALL)(z.object({ path: projectPath, passphrase: passphrase.optional() })),
  /**
   * Protect the open project with a passphrase, change it, or remove it (`passphrase: null`).
   * Changing or removing needs the `current` one. Rewrites the whole file under the new key; not
   * an undoable step. A lost passphrase cannot be recovered: nothing else opens the file.
   */
  'project.setPassphrase': action<{ encrypted: boolean }>(['project'])(
    z.object({ current: passphrase.optional(), passphrase: z.union([newPassphrase, z.null()]) }),
  ),
  /** Write a copy of the demo study (four focus groups) to a new file and open it. */
  'project.createDemo': action<ProjectInfo>(ALL)(
    /** `analysis: false` leaves out the worked analysis (codings, memos, journal): the transcripts and codebook only. */
    z.object({ path: projectPath, analysis: z.boolean().default(true) }),
  ),
  /** The open project: counts, and per document its speakers with their turn counts. */
  'project.info': query<ProjectInfo>()(z.object({})),
  /** The open project's path, or null when none is open. */
  'project.current': query<{ path: string | null }>()(z.object({})),
  /**
   * The project files a browser may open: those in the folder browser mode keeps projects in, or
   * beside the open project elsewhere. `folder` is null when there is neither.
   */
  'project.files': query<{ folder: string | null; files: string[] }>()(z.object({})),

  /**
   * Import transcripts. Each file is parsed for speaker turns (`Moderator:`, `P3:`, `Dr. Lee:`,
   * `[00:01:23] Name:`). The whole batch is one undo step; a file that fails is reported and
   * leaves nothing behind, and the others still import.
   */
  /**
   * What an import would give, without writing anything: per file its format, encoding, the
   * speakers found with their turns, words and a sample line, and the possible speakers not taken
   * (a `Name:` opening a paragraph once), which `extraLabels` accepts.
   */
  'documents.preview': query<ImportPreview>()(
    z.object({ sources: z.array(ImportSource).min(1, 'Choose at least one file to import.') }),
  ),
  'documents.import': command<ImportReport>(['project', 'documents', 'history', 'participants', 'attributes'])(
    z.object({
      sources: z.array(ImportSource).min(1, 'Choose at least one file to import.'),
      operationId: z.string().optional(),
    }),
  ),
  'documents.list': query<DocumentSummary[]>()(z.object({})),
  /** A document with its text, speakers and turns. */
  'documents.get': query<DocumentDetail>()(z.object({ document: guid })),

  /** Rename a document (names are unique in a project, compared without case). */
  'documents.update': command<DocumentSummary>(['documents', 'attributes', 'codings', 'project', 'history'])(
    z.object({ document: guid, name: label }),
  ),

  /**
   * Rename a speaker, change their role, or map them to a participant: a participant's guid,
   * 'new' to register the speaker as a new participant in the same step, or null to unmap.
   */
  'speakers.update': command<Speaker>(['documents', 'participants', 'project', 'history'])(
    z.object({
      speaker: guid,
      label: label.optional(),
      role: speakerRole.optional(),
      participant: z.union([guid, z.literal('new'), z.null()]).optional(),
    }),
  ),
  /** Two labels in one document were one person: `from`'s turns go to `into`. */
  'speakers.merge': command<Speaker>(['documents', 'participants', 'project', 'history'])(
    z.object({ from: guid, into: guid }),
  ),

  /** The project's participant registry (cases), with where each one speaks. */
  'participants.list': query<Participant[]>()(z.object({})),
  'participants.create': command<Participant>(['participants', 'attributes', 'project', 'history'])(
    z.object({ label }),
  ),
  'participants.update': command<Participant>(['participants', 'attributes', 'documents', 'history'])(
    z.object({ participant: guid, label }),
  ),
  /** Removes a participant; their speakers stay, unmapped. */
  'participants.delete': command<{ removed: string }>(['participants', 'attributes', 'documents', 'project', 'history'])(
    z.object({ participant: guid }),
  ),

  'attributes.list': query<AttributeDef[]>()(z.object({ scope: attributeScope })),
  /** Documents or participants with every attribute value: the grid. */
  'attributes.table': query<AttributeTable>()(z.object({ scope: attributeScope })),
  'attributes.define': command<AttributeDef>(['attributes', 'history'])(
    z.object({ scope: attributeScope, name: label, type: attributeType }),
  ),
  /** Rename an attribute or change its type (every value must fit the new type). */
  'attributes.update': command<AttributeDef>(['attributes', 'history'])(
    z.object({ attribute: guid, name: label.optional(), type: attributeType.optional() }),
  ),
  'attributes.delete': command<{ removed: string }>(['attributes', 'history'])(z.object({ attribute: guid })),
  /** Set many values at once (a grid edit, a paste): one undo step. null clears a value. */
  'attributes.setValues': command<{ changed: number }>(['attributes', 'history'])(
    z.object({
      scope: attributeScope,
      values: z
        .array(z.object({ owner: guid, attribute: guid, value: z.string().max(10_000).nullable() }))
        .min(1)
        .max(100_000),
    }),
  ),
  /**
   * Attribute values from a CSV: the first column (or `keyColumn`) names the document or
   * participant, every other column is an attribute (created when new, its type inferred).
   */
  'attributes.importCsv': command<CsvImportReport>(['attributes', 'history'])(
    z.object({ scope: attributeScope, source: ImportSource, keyColumn: z.string().optional() }),
  ),

  'codes.list': query<Code[]>()(z.object({})),
  'codes.create': command<Code>(['codes', 'history', 'project'])(
    z.object({
      name: codeName,
      color: color.optional(),
      parent: guid.nullable().optional(),
      definition: z.string().max(20_000).optional(),
    }),
  ),
  /** Change a code's name, colour or description fields. Only the fields given change. */
  'codes.update': command<Code>(['codes', 'codings', 'history'])(
    z.object({
      code: guid,
      name: codeName.optional(),
      color: color.optional(),
      definition: z.string().max(20_000).optional(),
      inclusion: z.string().max(20_000).optional(),
      exclusion: z.string().max(20_000).optional(),
      example: z.string().max(20_000).optional(),
      /** The organising idea of a theme, in a sentence or two. */
      centralConcept: z.string().max(20_000).optional(),
      /** A coding of this code or of a code below it that shows it best; null clears it. */
      exampleCoding: guid.nullable().optional(),
      /** Themes only: how far the theme has come. */
      status: themeStatus.optional(),
      /** Where it sits on the thematic map; null takes it off the map. */
      map: z.object({ x: z.number().finite(), y: z.number().finite() }).nullable().optional(),
      /**
       * The values the editor showed for the fields it changes. When a colleague changed one of
       * them meanwhile (the team server), nothing is written and the answer is CONFLICT, naming
       * who changed it: their change is not silently overwritten.
       */
      seen: z
        .object({
          name: z.string().optional(),
          color: z.string().optional(),
          definition: z.string().optional(),
          inclusion: z.string().optional(),
          exclusion: z.string().optional(),
          example: z.string().optional(),
          centralConcept: z.string().optional(),
          status: themeStatus.nullable().optional(),
        })
        .optional(),
    }),
  ),

  /**
   * Code a passage. `code` names an existing code by guid, or by name: a name no code has yet
   * creates the code in the same step (the quick-code box).
   */
  'codings.apply': command<{ coding: Coding; code: Code; createdCode: boolean }>([
    'codings',
    'codes',
    'documents.list',
    'history',
    'project',
    'themes.prevalence',
  ])(
    z
      .object({
        document: guid,
        start: offset,
        end: offset,
        code: z.union([z.object({ guid }), z.object({ name: codeName })]),
      })
      .refine((v) => v.end > v.start, { message: 'A coding must cover at least one character.' }),
  ),
  /** Removes a coding and the memos written on it (undo brings both back). */
  'codings.remove': command<{ removed: string }>(['codings', 'codes', 'documents.list', 'history', 'project', 'memos', 'themes.prevalence'])(
    z.object({ coding: guid }),
  ),
  /** Codings of a document, or every segment of a code (with its words and speakers). */
  'codings.list': query<CodedSegment[]>()(
    z.object({ document: guid.optional(), code: guid.optional() }),
  ),

  /**
   * Move a coding's boundaries (a passage coded a few words short). The span must stay inside the
   * text; the coding keeps its guid, code, coder and memos.
   */
  'codings.resize': command<Coding>(['codings', 'codes', 'history'])(
    z
      .object({ coding: guid, start: offset, end: offset })
      .refine((v) => v.end > v.start, { message: 'A coding must cover at least one character.' }),
  ),

  /**
   * Memos on one thing (`target`: a document, code, coding or turn), of one kind (journal
   * entries), or everything written on a `document`: on it, its codings and its turns.
   */
  'memos.list': query<Memo[]>()(
    z.object({
      target: guid.optional(),
      kind: memoKind.optional(),
      document: guid.optional(),
      /** Entries written in this phase of the analysis (1–6); combines with `kind` and `link`. */
      phase: phase.optional(),
      /** Entries linked to this code, theme or document (journal links); combines with `kind` and `phase`. */
      link: guid.optional(),
    }),
  ),
  /** `content` is Lexical's serialised editor state, `text` the same as plain text. */
  'memos.create': command<Memo>(['memos', 'project', 'history'])(
    z.object({
      kind: memoKind,
      target: guid.optional(),
      title: z.string().max(500).optional(),
      content: z.string().max(5_000_000),
      text: z.string().max(5_000_000),
      /** The phase it was written in; a journal entry defaults to the project's current phase. */
      phase: phase.nullable().optional(),
      /** Codes, themes and documents it is about (the journal's links). */
      links: memoLinks.optional(),
    }),
  ),
  'memos.update': command<Memo>(['memos', 'history'])(
    z.object({
      memo: guid,
      title: z.string().max(500).optional(),
      content: z.string().max(5_000_000).optional(),
      text: z.string().max(5_000_000).optional(),
      phase: phase.nullable().optional(),
      /** Replaces the links. */
      links: memoLinks.optional(),
    }),
  ),
  'memos.delete': command<{ removed: string }>(['memos', 'project', 'history'])(z.object({ memo: guid })),

  /** The codebook as Markdown. Writes it to `path` when given, else returns it. */
  'export.codebook': query<ExportResult>()(
    z.object({ format: z.literal('codebook-md'), path: destinationPath.optional(), ...disclosureOptions }),
  ),

  // Themes: prevalence and the manuscript summary
  /**
   * Where themes show up: per theme (or the one theme or code named), its codings with those of
   * everything below it, the focus groups they fall in and the participants they are attributed
   * to (moderators never count).
   */
  'themes.prevalence': query<ThemePrevalence[]>()(z.object({ theme: guid.optional() })),
  /**
   * The themes written up for a manuscript (Markdown, or a Word document): per theme its status,
   * central organising concept, definition, subthemes, prevalence and attributed quotes, then the
   * codebook as an appendix table. Writes to `path` when given, else returns the content (DOCX as
   * base64). `attribution` is a template such as `{role}, {document}`, `{participant}` or
   * `{attribute:Year of training}`.
   */
  'export.themes': query<ExportResult>()(
    z.object({
      format: z.enum(['themes-md', 'themes-docx']),
      path: destinationPath.optional(),
      /** Real names on the list as their pseudonyms; redacted passages blacked out (`redact`, default true). */
      ...disclosureOptions,
      attribution: z.string().trim().min(1, 'An attribution template cannot be empty.').max(500).optional(),
      exemplars: z
        .object({
          /** Quotes per theme (the theme's example coding first), and per subtheme. */
          perTheme: z.number().int().min(0).max(20).optional(),
          perSubtheme: z.number().int().min(0).max(20).optional(),
          /** Longer quotes are shortened at a word boundary, with an ellipsis. */
          maxChars: z.number().int().min(40).max(5_000).optional(),
        })
        .optional(),
    }),
  ),

  'history.undo': action<UndoState & { undone: string }>(ALL)(z.object({})),
  'history.redo': action<UndoState & { redone: string }>(ALL)(z.object({})),
  'history.state': query<UndoState>()(z.object({})),
  /** The command log, newest first: the audit trail of the analysis. */
  'history.list': query<HistoryEntry[]>()(
    z.object({ limit: z.number().int().min(1).max(10_000).default(200) }),
  ),

  // REFI-QDA exchange (NVivo, ATLAS.ti, MAXQDA, QualCoder): see docs/refi-qda.md.
  /**
   * Write the open project as REFI-QDA: `qdpx` (codebook, sources with their codings, coders,
   * participants as cases with their attributes, memos as notes) or `qdc` (the codebook). Writes
   * to `path` when given, else returns the content (a .qdpx as base64).
   */
  'export.refi': query<ExportResult>()(
    z.object({ format: z.enum(['qdpx', 'qdc']), path: destinationPath.optional(), ...disclosureOptions }),
  ),
  /** Create a new project at `path` from a REFI-QDA project (.qdpx or .qde) and open it. */
  'project.importRefi': action<{ project: ProjectInfo; report: RefiImportReport }>(ALL)(
    z.object({ source: RefiSource, path: projectPath }),
  ),
  /** What merging a codebook (.qdc, or the codebook of a .qdpx) would add, rename and leave alone; writes nothing. */
  'exchange.previewCodebook': query<CodebookMergePlan>()(z.object({ source: RefiSource })),
  /** Merge a codebook into the open project: one undo step. */
  'exchange.mergeCodebook': command<CodebookMergePlan>(['codes', 'codings', 'history', 'project'])(
    z.object({ source: RefiSource }),
  ),

  /** Ask a long operation (started with an operationId) to stop. */
  'operations.cancel': query<{ cancelled: boolean }>()(z.object({ operationId: z.string() })),

  // Codebook refinement, themes, snapshots, journal
  //
  // Each write is one command: one undo step with a summary, and events in the story of every
  // code it touches (`codes.story`).

  /**
   * Re-parent and/or reorder a code. `position` is its place among its new siblings (0 first;
   * omitted: last). A code cannot go under itself or one of its descendants; a theme sits at the
   * top or under another theme.
   */
  'codes.move': command<Code>(['codes', 'themes', 'history'])(
    z.object({ code: guid, parent: guid.nullable(), position: z.number().int().min(0).optional() }),
  ),
  /**
   * Merge codes into `into`: their codings move to it (a coder's coding of the same passage kept
   * once), their subcodes go under it, memos and links follow, their definitions are appended to
   * its own under a line naming where they came from, and the merged codes are deleted.
   */
  'codes.merge': command<CodeMergeResult>(['codes', 'codings', 'memos', 'documents.list', 'project', 'themes', 'history'])(
    z.object({ codes: z.array(guid).min(1, 'Choose the codes to merge.').max(1_000), into: guid }),
  ),
  /** Move the chosen codings of a code to a new code beside it. */
  'codes.split': command<{ code: Code; moved: number }>(['codes', 'codings', 'project', 'history'])(
    z.object({
      code: guid,
      codings: z.array(guid).min(1, 'Choose the codings to split off.').max(1_000_000),
      name: codeName,
      color: color.optional(),
    }),
  ),
  /** Delete a code with everything below it, their codings and the memos on them (undo brings all back). */
  'codes.delete': command<{ removed: string; codes: number; codings: number }>([
    'codes',
    'codings',
    'memos',
    'documents.list',
    'project',
    'themes',
    'history',
  ])(z.object({ code: guid })),
  /** A code becomes a (candidate) theme; its subcodes stay under it. */
  'codes.promote': command<Code>(['codes', 'history'])(z.object({ code: guid })),
  /** Per code: codings, documents and participants, on the code itself and with everything below it. */
  'codes.stats': query<CodeStats[]>()(z.object({})),
  /** What happened to a code, oldest first: created, renamed, redefined, moved, merged, split, promoted… */
  'codes.story': query<CodeStoryEvent[]>()(z.object({ code: guid })),

  /** A new (candidate) theme holding the chosen codes, in the place of the first of them. */
  'themes.wrap': command<Code>(['codes', 'history'])(
    z.object({ codes: z.array(guid).min(1, 'Choose the codes to group.').max(10_000), name: codeName, color: color.optional() }),
  ),
  /** A labelled arrow between two themes (or codes) on the thematic map. */
  'themes.link': command<ThemeLink>(['codes', 'themes', 'history'])(
    z.object({ source: guid, target: guid, label: z.string().max(500).default('') }),
  ),
  'themes.unlink': command<{ removed: string }>(['codes', 'themes', 'history'])(z.object({ link: guid })),
  'themes.links': query<ThemeLink[]>()(z.object({})),

  /** Keep the codebook and themes as they are now under a name, to compare later. */
  'snapshots.create': command<SnapshotInfo>(['snapshots', 'history'])(z.object({ name: label })),
  'snapshots.list': query<SnapshotInfo[]>()(z.object({})),
  /** What changed between two snapshots (or a snapshot and `now`): codes added, removed, renamed, moved, redefined. */
  'snapshots.diff': query<SnapshotDiff>()(z.object({ from: snapshotRef, to: snapshotRef.default('now') })),

  /** The phase of the analysis the project is in (1–6); new journal entries are written in it. */
  'project.setPhase': command<ProjectInfo>(['project', 'history'])(z.object({ phase })),
} as const;

/**
 * The whole contract: the core entries above, co-coders (`api-team.ts`), analysis
 * (`api-analysis.ts`), recordings (`api-media.ts`) and privacy (`api-privacy.ts`).
 */
export const api = { ...coreApi, ...teamApi, ...analysisApi, ...mediaApi, ...privacyApi } as const;

export type Api = typeof api;
export type OpName = keyof Api;
/** The input a caller passes (before defaults and transforms). */
export type OpInput<N extends OpName> = z.input<Api[N]['input']>;
/** The input a handler receives (after validation). */
export type OpParsed<N extends OpName> = z.output<Api[N]['input']>;
export type OpOutput<N extends OpName> = NonNullable<Api[N]['output']>;

export const OP_NAMES = Object.keys(api) as OpName[];

export function isOpName(name: string): name is OpName {
  return Object.prototype.hasOwnProperty.call(api, name);
}

export type { Domain, Invalidation, OpDef } from './api-kit.js';
export { DERIVED_DOMAINS, withDerived } from './api-kit.js';
