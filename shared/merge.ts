/**
 * Merging a co-coder's project into the open one (`team.previewMerge`, `team.merge`): the input
 * schemas and the plan the preview answers with. The merge dialog shows a `MergePlan` and sends
 * back one resolution per conflict.
 */
import { z } from 'zod';
import { sourcePath } from './api-kit.js';

/** Another `.chorus` project or a `.qdpx` from another tool: its path, or the bytes a browser uploaded. */
export const MergeSource = z.union([
  sourcePath,
  z.object({ kind: z.literal('bytes'), name: z.string().min(1), base64: z.string() }),
]);
export type MergeSource = z.infer<typeof MergeSource>;

/** The code fields a conflict may concern, as a researcher sees them. */
export const MergeCodeFieldsSchema = z.object({
  name: z.string().trim().min(1).max(200),
  definition: z.string(),
  inclusion: z.string(),
  exclusion: z.string(),
  example: z.string(),
  centralConcept: z.string(),
});

/** How one conflict is settled: keep our version, take theirs, or write a new one (rename and redefine only). */
export const MergeResolution = z.union([
  z.object({ take: z.literal('ours') }),
  z.object({ take: z.literal('theirs') }),
  z.object({ take: z.literal('edited'), fields: MergeCodeFieldsSchema.partial() }),
]);
export type MergeResolution = z.infer<typeof MergeResolution>;

/**
 * What to do with a document of theirs whose name is taken here by a different text: leave it and
 * its codings out (the default), or add it under a distinct name ("Group 2 (Dana)").
 */
export const ClashChoice = z.enum(['skip', 'add']);
export type ClashChoice = z.infer<typeof ClashChoice>;

/**
 * The passphrase of an encrypted co-coder's copy, when it is not the open project's own (which is
 * tried first). Never written to the command log (see logPayload).
 */
const SourcePassphrase = z.string().min(1).max(1024);
export const PreviewMergeInput = z.object({ source: MergeSource, passphrase: SourcePassphrase.optional(), clashing: ClashChoice.optional() });
export const MergeInput = z.object({
  source: MergeSource,
  passphrase: SourcePassphrase.optional(),
  resolutions: z.record(z.string(), MergeResolution).default({}),
  clashing: ClashChoice.optional(),
});

export type MergeCodeField = keyof z.infer<typeof MergeCodeFieldsSchema> | 'parent';

/** One side's version of a code in a conflict; null fields are those the conflict is not about. */
export interface MergeCodeVersion {
  /** False when the code no longer exists on that side (deleted, or merged into another). */
  exists: boolean;
  name: string;
  /** Names from the top of the tree down to the parent; [] at the top level. */
  parentPath: string[];
  definition: string;
  inclusion: string;
  exclusion: string;
  example: string;
  centralConcept: string;
  /** For a merge or split: what happened on that side, in words (`merged into "Money"`). */
  note: string | null;
}

export type MergeConflictKind =
  /** Both sides renamed the code, differently (or, without a common ancestor, the names differ). */
  | 'rename'
  /** Both sides changed definition, criteria, example or central concept, differently. */
  | 'redefine'
  /** Both sides moved the code, under different parents. */
  | 'move'
  /** One side merged the code into another while the other side changed or coded it. */
  | 'merge'
  /** One side split codings off the code into a new code while the other side changed or coded it. */
  | 'split'
  /** One side deleted the code while the other side changed or coded it. */
  | 'delete';

export interface MergeConflict {
  /** Stable within a plan for the same two files: `${kind}:${codeGuid}`. Key of `resolutions`. */
  id: string;
  kind: MergeConflictKind;
  code: { guid: string; name: string; path: string };
  /** The fields that differ (for merge, split and delete: the fields the other side changed). */
  fields: MergeCodeField[];
  /** The common ancestor's version; null without an ancestor (a two-way merge). */
  base: MergeCodeVersion | null;
  ours: MergeCodeVersion;
  theirs: MergeCodeVersion;
  /** One line: what each side did. */
  detail: string;
  /** What `take` may be for this conflict. */
  resolutions: ('ours' | 'theirs' | 'edited')[];
}

export interface MergeDocumentRef {
  /** Their document's guid and name. */
  guid: string;
  name: string;
  /** Ours, when matched (same text), or the name it will be added under. */
  ourName: string | null;
  /** Their codings in it. */
  codings: number;
}

export interface MergeCodeRef {
  /** Their code's guid. */
  guid: string;
  name: string;
  path: string;
  kind: 'code' | 'theme';
}

export interface MergeCodeMatch extends MergeCodeRef {
  by: 'guid' | 'name';
  /** Our code's guid and path. */
  ourGuid: string;
  ourPath: string;
}

/** A change of theirs (or ours) to a code that applies without a conflict. */
export interface MergeCodeChange {
  guid: string;
  path: string;
  /** Which side made it; 'theirs' changes are written by the merge, 'ours' are kept. */
  side: 'ours' | 'theirs';
  fields: MergeCodeField[];
  detail: string;
}

export interface MergeCoderPlan {
  guid: string;
  name: string;
  /** Not yet a user of the open project. */
  isNew: boolean;
  /** Their codings to add (not here already by guid or by document, code, coder and span). */
  codings: number;
  /** Already here: merging again adds nothing. */
  present: number;
  /** In a document that clashes and is skipped, or on a code that is not merged. */
  skipped: number;
}

export interface MergePlan {
  source: { name: string; kind: 'chorus' | 'qdpx'; title: string };
  /** Whether the two projects share a common ancestor (same project guid and a shared log prefix). */
  ancestor: {
    found: boolean;
    /** Our log entry (seq) where the copies forked: the last shared entry. */
    seq: number | null;
    at: string | null;
    summary: string | null;
    /** Why there is none, in words (null when found). */
    reason: string | null;
  };
  documents: { matched: MergeDocumentRef[]; added: MergeDocumentRef[]; clashing: MergeDocumentRef[] };
  codes: {
    added: MergeCodeRef[];
    matched: MergeCodeMatch[];
    renamed: MergeCodeChange[];
    moved: MergeCodeChange[];
    changed: MergeCodeChange[];
    /** Codes theirs deleted or merged away that are removed here too. */
    removed: MergeCodeChange[];
  };
  participants: { matched: string[]; added: string[] };
  attributes: { matched: string[]; added: string[] };
  coders: MergeCoderPlan[];
  memos: { added: number; journalEntries: number; byAuthor: { name: string; memos: number }[] };
  conflicts: MergeConflict[];
  counts: {
    documentsAdded: number;
    documentsClashing: number;
    codesAdded: number;
    codingsAdded: number;
    memosAdded: number;
    participantsAdded: number;
    conflicts: number;
  };
}

export interface MergeResult {
  plan: MergePlan;
  /** The log's summary: "Merged Dana's project: 412 codings, 3 codes, 2 conflicts resolved". */
  summary: string;
  /** False when there was nothing to add (merging the same file again). */
  changed: boolean;
}
