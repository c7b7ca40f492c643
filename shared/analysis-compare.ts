/**
 * What crosses the contract for comparing: word frequencies and distinctive words, code matrices,
 * co-occurrence of codes, prevalence and voice in focus groups, talk time, and "find passages like
 * these". The input schemas live here too, so that `export.analysis` can take any of them.
 *
 * Words are counted the same way everywhere: a word is a run of letters and digits, with inner
 * apostrophes and hyphens kept ("don't", "co-residents"); a transcript's labels and timestamps
 * are not part of any turn, so they are never counted.
 */
import { z } from 'zod';
import { disclosureOptions } from './privacy.js';
import { destinationPath, guid, offset } from './api-kit.js';
import type { CodedSegment, CodeKind, SpeakerRole } from './types.js';

const speakerRole = z.enum(['moderator', 'participant', 'observer']);
/** A participant attribute (or, failing that, a document attribute), by guid or by name. */
const attributeRef = z.string().trim().min(1, 'Name an attribute.').max(200);

// ---------------------------------------------------------------------------------------------
// Scopes and word options

/**
 * Which text is counted: what was said in the whole project, in one document (focus group), by
 * one speaker group (a role, a participant, the participants with an attribute value), or in a
 * code's segments (the code and everything below it; overlapping segments count once).
 */
export const TextScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('project') }),
  z.object({ kind: z.literal('document'), document: guid }),
  z.object({ kind: z.literal('role'), role: speakerRole }),
  /** A participant of the registry, or a speaker (turns of one label in one document). */
  z.object({ kind: z.literal('participant'), participant: guid }),
  z.object({ kind: z.literal('speaker'), speaker: guid }),
  /** Participants whose attribute has this value (a document attribute: the documents with it). */
  z.object({ kind: z.literal('attribute'), attribute: attributeRef, value: z.string().max(10_000) }),
  z.object({ kind: z.literal('code'), code: guid }),
]);
export type TextScope = z.infer<typeof TextScope>;

export const WordOptions = z.object({
  /**
   * `words`: letters and digits with inner apostrophes and hyphens kept ("don't", "co-residents");
   * `letters`: every other character separates words ("don", "t").
   */
  tokenizer: z.enum(['words', 'letters']).default('words'),
  /** Shorter words are left out. */
  minLength: z.number().int().min(1).max(50).default(1),
  /** Keep numbers ("2", "24") as words. */
  numbers: z.boolean().default(false),
  /** Group inflected forms under their (Porter) stem: "help", "helps", "helped". */
  stem: z.boolean().default(true),
  /** Leave out English stop words ("the", "and", "I"). */
  removeStopWords: z.boolean().default(true),
  /** The researcher's own stop words ("um", "yeah"), left out whatever `removeStopWords` says. */
  extraStopWords: z.array(z.string().max(200)).max(10_000).default([]),
});
export type WordOptions = z.infer<typeof WordOptions>;

// ---------------------------------------------------------------------------------------------
// analysis.words, analysis.distinctive

export const WordsInput = z.object({
  scope: TextScope.default({ kind: 'project' }),
  options: WordOptions.default(WordOptions.parse({})),
  /** The most frequent `limit` words (the totals count every word). */
  limit: z.number().int().min(1).max(100_000).default(500),
});
export type WordsInput = z.input<typeof WordsInput>;

export interface WordForm {
  form: string;
  count: number;
}

export interface WordRow {
  /** The stem (or, without stemming, the word itself): what the row counts. */
  key: string;
  /** The most frequent form of the row, as it is shown. */
  word: string;
  /** Every form grouped under the key, most frequent first. */
  forms: WordForm[];
  count: number;
  /** count / every counted word in the scope (0–1). */
  share: number;
  /** Documents and speakers (people: a mapped speaker counts as their participant) using it. */
  documents: number;
  speakers: number;
}

export interface WordFrequencies {
  /** The scope in words: "P3", "moderator", "Year of training = 2", "code Peer support". */
  scope: string;
  /** Counted words (after stop words and length) and distinct keys. */
  tokens: number;
  types: number;
  words: WordRow[];
}

export const DistinctiveInput = z.object({
  /** The group whose words are looked at. */
  scope: TextScope,
  /** What it is compared with; default: the rest of the project (everything said outside the group). */
  against: TextScope.optional(),
  options: WordOptions.default(WordOptions.parse({})),
  /** Words used fewer times than this in the group and reference together are left out. */
  minCount: z.number().int().min(1).max(1_000_000).default(3),
  /** `over`: words the group uses more than the reference; `both`: underused ones too. */
  direction: z.enum(['over', 'both']).default('over'),
  limit: z.number().int().min(1).max(100_000).default(200),
});
export type DistinctiveInput = z.input<typeof DistinctiveInput>;

export interface DistinctiveRow {
  key: string;
  word: string;
  forms: WordForm[];
  /** Occurrences in the group and in the reference. */
  count: number;
  referenceCount: number;
  /** Occurrences per 1,000 counted words. */
  rate: number;
  referenceRate: number;
  /** Log-likelihood G² (Rayson & Garside 2000): 3.84 is p < 0.05, 6.63 p < 0.01, 10.83 p < 0.001. */
  logLikelihood: number;
  /** Log ratio (binary log of the ratio of rates, 0.5 added to a zero count): the effect size. */
  logRatio: number;
  /** Whether the group uses the word more (`over`) or less (`under`) than the reference. */
  direction: 'over' | 'under';
}

export interface DistinctiveWords {
  scope: string;
  against: string;
  /** Counted words in the group and in the reference. */
  tokens: number;
  referenceTokens: number;
  words: DistinctiveRow[];
}

// ---------------------------------------------------------------------------------------------
// analysis.matrix, analysis.matrixCell

/**
 * Rows: `codes` (each code on its own codings), `themes` (each theme with everything below it),
 * or `all` (both, in tree order). `pick` keeps only the named codes and themes.
 */
export const MatrixRows = z.enum(['codes', 'themes', 'all']);
export type MatrixRows = z.infer<typeof MatrixRows>;
/**
 * Columns: documents (focus groups), speakers (people: a mapped speaker counts as their
 * participant; moderators and observers are not columns), roles (moderator, participant,
 * observer), or the values of an attribute (a participant attribute by name or guid, else a
 * document attribute).
 */
export const MatrixColumns = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('documents') }),
  z.object({ kind: z.literal('speakers') }),
  z.object({ kind: z.literal('roles') }),
  z.object({ kind: z.literal('attribute'), attribute: attributeRef }),
]);
export type MatrixColumns = z.infer<typeof MatrixColumns>;
/**
 * `codings`: codings attributed to the column; `participants`: distinct people (participant
 * role) among them; `words`: words of the coded text attributed to the column (for documents, of
 * the whole coding within turns; otherwise, of the part in the column's turns). A coding counts in every
 * column it is attributed to (a passage across two speakers counts for both).
 */
export const MatrixMeasure = z.enum(['codings', 'participants', 'words']);
export type MatrixMeasure = z.infer<typeof MatrixMeasure>;

export const MatrixInput = z.object({
  rows: MatrixRows.default('codes'),
  pick: z.array(guid).max(10_000).optional(),
  columns: MatrixColumns.default({ kind: 'documents' }),
  measure: MatrixMeasure.default('codings'),
});
export type MatrixInput = z.input<typeof MatrixInput>;

export interface MatrixColumn {
  /** Document or participant/speaker guid, role name, or attribute value. */
  key: string;
  label: string;
  /** For a speaker not mapped to a participant: the document they speak in. */
  document?: string;
  /** The column's total: distinct codings or people, or the sum of words, over every row. */
  total: number;
}

export interface MatrixCell {
  value: number;
  /** value / the row's total × 100, value / the column's total × 100; null when the total is 0. */
  rowPercent: number | null;
  colPercent: number | null;
}

export interface MatrixRow {
  /** The code's or theme's guid. */
  key: string;
  name: string;
  kind: CodeKind;
  /** Depth in the code tree (0 at the top), for indenting. */
  depth: number;
  /** One per column, in column order. */
  cells: MatrixCell[];
  /**
   * The row's total: distinct codings or people attributed to any column, or the sum of words.
   * With speaker columns a coding across two speakers counts once here and once per column.
   */
  total: number;
}

export interface Matrix {
  measure: MatrixMeasure;
  columns: MatrixColumn[];
  rows: MatrixRow[];
  /** Distinct codings or people over the whole matrix, or the sum of words. */
  total: number;
}

export const MatrixCellInput = MatrixInput.extend({
  /** The row's code or theme guid and the column's key. */
  row: guid,
  column: z.string(),
});
export type MatrixCellInput = z.input<typeof MatrixCellInput>;

/** A segment behind a matrix cell: a coded segment with what it counts in that cell. */
export interface AnalysisSegment extends CodedSegment {
  codeName: string;
  /** Words of the segment attributed to the cell's column (all its words for a document column). */
  words: number;
  /** People (participant role) the segment counts for in the column: participant guid or speaker guid. */
  people: { key: string; label: string }[];
}

// ---------------------------------------------------------------------------------------------
// analysis.cooccurrence, analysis.cooccurrenceCell

/**
 * `overlap`: codings whose passages overlap; `turn`: codes in the same turn; `window`: codes within
 * `window` turns of each other (0 is the same turn).
 */
export const CooccurrenceMode = z.enum(['overlap', 'turn', 'window']);
export type CooccurrenceMode = z.infer<typeof CooccurrenceMode>;

export const CooccurrenceInput = z.object({
  mode: CooccurrenceMode.default('overlap'),
  window: z.number().int().min(0).max(1_000).default(1),
  rows: MatrixRows.default('codes'),
  pick: z.array(guid).max(10_000).optional(),
  /** Pairs meeting fewer times are left out of `pairs` (and the network's edges). */
  minCount: z.number().int().min(1).max(1_000_000).default(1),
});
export type CooccurrenceInput = z.input<typeof CooccurrenceInput>;

export interface CooccurrenceNode {
  key: string;
  name: string;
  kind: CodeKind;
  color: string;
  /** Codings (overlap mode) or turns (turn and window modes) of the code. */
  units: number;
}

export interface CooccurrencePair {
  a: string;
  b: string;
  aName: string;
  bName: string;
  /**
   * overlap: pairs of overlapping codings; turn and window: turns of either code that have the
   * other within the window (in turn mode: the turns holding both).
   */
  count: number;
  /**
   * Jaccard: in turn and window modes, `count` / turns holding either code; in overlap mode, the
   * codings of either code that overlap one of the other / all codings of the two.
   */
  jaccard: number;
}

export interface Cooccurrence {
  mode: CooccurrenceMode;
  window: number;
  /** The network: nodes are codes, edges the pairs (weight = count). */
  nodes: CooccurrenceNode[];
  /** Most frequent first. */
  pairs: CooccurrencePair[];
}

export const CooccurrenceCellInput = CooccurrenceInput.extend({ a: guid, b: guid });
export type CooccurrenceCellInput = z.input<typeof CooccurrenceCellInput>;

/** The segments of either code that meet the other, in document order. */
export type CooccurrenceSegments = (CodedSegment & { codeName: string })[];

// ---------------------------------------------------------------------------------------------
// analysis.voice, analysis.talkTime

export const VoiceInput = z.object({
  rows: MatrixRows.default('all'),
  pick: z.array(guid).max(10_000).optional(),
  /** A code is flagged when one person carries more than this share of its words (0–1). */
  threshold: z.number().min(0).max(1).default(0.5),
});
export type VoiceInput = z.input<typeof VoiceInput>;

export interface VoiceShare {
  /** Participant guid, or the speaker's guid when not mapped. */
  key: string;
  label: string;
  /** For a speaker not mapped to a participant: their document. */
  document?: string;
  /** Words of the code's passages (the code and everything below it) in this person's turns. */
  words: number;
  /** words / the code's participant words (0–1). */
  share: number;
}

export interface CodeVoice {
  key: string;
  name: string;
  kind: CodeKind;
  depth: number;
  /** Codings of the code and everything below it, the groups they fall in and the people they count for (as in themes.prevalence). */
  codings: number;
  groups: number;
  totalGroups: number;
  participants: number;
  /** Coded words said by participants (moderators and observers not counted). */
  words: number;
  /** Most words first. */
  shares: VoiceShare[];
  /** The person carrying more than the threshold of the words, or null. */
  dominant: VoiceShare | null;
}

export interface Voice {
  threshold: number;
  codes: CodeVoice[];
}

export const TalkTimeInput = z.object({ document: guid.optional() });
export type TalkTimeInput = z.input<typeof TalkTimeInput>;

export interface SpeakerTalk {
  speaker: string;
  label: string;
  role: SpeakerRole;
  participant: string | null;
  participantLabel: string | null;
  turns: number;
  words: number;
  /** words / the group's words (0–1). */
  share: number;
  /** Seconds spoken, when the transcript has timestamps (a turn runs to its end time, else to the next turn's start). */
  seconds: number | null;
}

export interface GroupTalk {
  document: string;
  name: string;
  turns: number;
  words: number;
  seconds: number | null;
  /** The moderators' share of the group's words (0–1). */
  moderatorShare: number;
  speakers: SpeakerTalk[];
}

// ---------------------------------------------------------------------------------------------
// analysis.similar

export const SpanRef = z.object({ document: guid, start: offset, end: offset });
export type SpanRef = z.infer<typeof SpanRef>;

export const SimilarInput = z.object({
  /** The code whose segments (with everything below it) the suggestions resemble. */
  code: guid,
  /** Suggest whole turns or single sentences. */
  unit: z.enum(['turn', 'sentence']).default('turn'),
  limit: z.number().int().min(1).max(1_000).default(20),
  /** Cosine similarity below this is not suggested (0–1). */
  minScore: z.number().min(0).max(1).default(0.1),
  /** Suggestions the researcher rejected: passages overlapping one of these are not suggested again. */
  exclude: z.array(SpanRef).max(100_000).default([]),
  /** Only passages of this document. */
  document: guid.optional(),
});
export type SimilarInput = z.input<typeof SimilarInput>;

export interface SimilarSuggestion {
  document: string;
  documentName: string;
  start: number;
  end: number;
  text: string;
  /** The speaker's label (null for text outside a speaker turn). */
  speaker: string | null;
  /** Cosine similarity (TF-IDF over stems) to the nearest existing segment, 0–1. */
  score: number;
  nearest: { coding: string; document: string; documentName: string; text: string };
}

// ---------------------------------------------------------------------------------------------
// export.analysis

/** Any comparison as a table: CSV (the main table) or an Excel workbook. */
export const AnalysisExportInput = z.object({
  format: z.enum(['csv', 'xlsx']),
  path: destinationPath.optional(),
  ...disclosureOptions,
  analysis: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('words'), params: WordsInput }),
    z.object({ kind: z.literal('distinctive'), params: DistinctiveInput }),
    z.object({ kind: z.literal('matrix'), params: MatrixInput }),
    z.object({ kind: z.literal('cooccurrence'), params: CooccurrenceInput }),
    z.object({ kind: z.literal('voice'), params: VoiceInput }),
    z.object({ kind: z.literal('talkTime'), params: TalkTimeInput }),
    z.object({ kind: z.literal('similar'), params: SimilarInput }),
  ]),
});
export type AnalysisExportInput = z.input<typeof AnalysisExportInput>;
