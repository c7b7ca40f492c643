/**
 * The contract for finding and comparing: retrieval of coded segments, text search, word
 * frequencies, matrices, co-occurrence, voice, auto-coding. Joined into the one table in `api.ts`.
 */
import { findApi } from './analysis-find.js';
import { query } from './api-kit.js';
import {
  AnalysisExportInput,
  CooccurrenceCellInput,
  CooccurrenceInput,
  DistinctiveInput,
  MatrixCellInput,
  MatrixInput,
  SimilarInput,
  TalkTimeInput,
  VoiceInput,
  WordsInput,
  type AnalysisSegment,
  type Cooccurrence,
  type CooccurrenceSegments,
  type DistinctiveWords,
  type GroupTalk,
  type Matrix,
  type SimilarSuggestion,
  type Voice,
  type WordFrequencies,
} from './analysis-compare.js';
import type { ExportResult } from './types.js';

// Comparing: frequencies, matrices, co-occurrence, voice (types and inputs in analysis-compare.ts).
const compareApi = {
  /** Word frequencies of a scope (project, document, speaker group, a code's segments). */
  'analysis.words': query<WordFrequencies>()(WordsInput),
  /** Words a group uses more (or less) than the rest of the project, by log-likelihood G². */
  'analysis.distinctive': query<DistinctiveWords>()(DistinctiveInput),
  /** Codes or themes × documents, speakers, roles or attribute values: codings, participants or words. */
  'analysis.matrix': query<Matrix>()(MatrixInput),
  /** The segments behind one matrix cell (their number, people or words make the cell). */
  'analysis.matrixCell': query<AnalysisSegment[]>()(MatrixCellInput),
  /** Which codes meet: overlapping passages, the same turn, or within N turns; pairs and a network. */
  'analysis.cooccurrence': query<Cooccurrence>()(CooccurrenceInput),
  /** The segments of a pair of codes that meet. */
  'analysis.cooccurrenceCell': query<CooccurrenceSegments>()(CooccurrenceCellInput),
  /** Per code and theme: groups, participants, each person's share of its words, and who dominates. */
  'analysis.voice': query<Voice>()(VoiceInput),
  /** Per focus group: turns, words and time per speaker, and the moderators' share. */
  'analysis.talkTime': query<GroupTalk[]>()(TalkTimeInput),
  /** Passages like a code's segments (TF-IDF), not yet coded with it, best first. */
  'analysis.similar': query<SimilarSuggestion[]>()(SimilarInput),
  /** Any of the above as a table: CSV or an Excel workbook, written to `path` or returned. */
  'export.analysis': query<ExportResult>()(AnalysisExportInput),
} as const;

export const analysisApi = {
  // Finding: retrieval, search, auto-coding and their exports (shared/analysis-find.ts).
  ...findApi,
  ...compareApi,
} as const;
