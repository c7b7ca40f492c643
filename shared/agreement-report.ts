/**
 * Types of agreement between the coders of the open project (`team.agreement`,
 * `team.disagreements`, `export.agreement`): which unit the coding is compared at, the report per
 * code, per document and pooled, and the passages where coders differ. The statistics themselves
 * and their types are in `agreement.ts`; how units are built is in docs/architecture.md
 * ("Agreement") and `electron/core/team/agreement/`.
 */
import type { StatisticName, StatisticResult } from './agreement.js';

/**
 * What one unit of comparison is:
 * - `character`: each character of a document, coded or not with a code by each coder (NVivo);
 * - `segment`: each segment a coder coded, agreed when the other coder coded the same code on a
 *   segment overlapping it enough (MAXQDA);
 * - `turn`: each speaker turn, coded with a code by a coder when any of it is.
 */
export type AgreementUnit = 'character' | 'segment' | 'turn';
export const AGREEMENT_UNITS: readonly AgreementUnit[] = ['character', 'segment', 'turn'];

/** At the segment unit: the overlap (percent of the two segments' union) that counts as the same segment. */
export const DEFAULT_SEGMENT_THRESHOLD = 90;

/**
 * The statistics a report gives when none are asked for: what NVivo (character) and MAXQDA
 * (segment) report, plus Krippendorff's alpha where every unit has a "not coded" side.
 */
export const DEFAULT_AGREEMENT_STATISTICS: Readonly<Record<AgreementUnit, readonly StatisticName[]>> = {
  character: ['percent', 'cohen', 'krippendorff'],
  segment: ['percent', 'brennan-prediger'],
  turn: ['percent', 'cohen', 'krippendorff'],
};

export interface AgreementCoder {
  guid: string;
  name: string;
  /** Codings by this coder in the compared codes and documents. */
  codings: number;
}

/**
 * How the units of one row fall, in units of the chosen kind (characters, segments, or turns).
 * Every unit is rated coded (1) or not coded (0) by every coder.
 */
export interface AgreementCounts {
  units: number;
  /** Units every coder rated alike (all coded, or none did). */
  agreed: number;
  /** Units every coder coded. */
  codedByAll: number;
  /** Units no coder coded (always 0 at the segment unit: a segment is someone's coding). */
  codedByNone: number;
  /** Units some coders coded and others did not. */
  disagreed: number;
  /** Per coder, in the report's coder order: units that coder coded. */
  codedBy: number[];
}

export interface AgreementRow {
  counts: AgreementCounts;
  /** The requested statistics, in the order asked for. */
  statistics: StatisticResult[];
}

export interface AgreementCodeRef {
  guid: string;
  name: string;
  /** Names of the code's ancestors, top first. */
  path: string[];
}

export interface AgreementDocumentRef {
  guid: string;
  name: string;
}

export interface CodeAgreement extends AgreementRow {
  code: AgreementCodeRef;
}

export interface DocumentAgreement extends AgreementRow {
  document: AgreementDocumentRef;
}

export interface CodeDocumentAgreement extends AgreementRow {
  code: AgreementCodeRef;
  document: AgreementDocumentRef;
}

/** What `team.agreement` returns. */
export interface AgreementReport {
  unit: AgreementUnit;
  /** The segment unit's overlap threshold in percent; null at the other units. */
  threshold: number | null;
  coders: AgreementCoder[];
  statistics: StatisticName[];
  /** Every compared code in every compared document. */
  pooled: AgreementRow;
  /** Per code (codebook order), over every compared document. */
  perCode: CodeAgreement[];
  /** Per document (by name), over every compared code. */
  perDocument: DocumentAgreement[];
  /** Per code and document, for the pairs at least one coder coded (the rest agree trivially). */
  perCodeDocument: CodeDocumentAgreement[];
  /**
   * What a researcher should know about the comparison: a coder with no codings, documents left
   * out because not every coder coded them.
   */
  notes: string[];
}

/** A coder's side of a disagreement. */
export interface DisagreementSide {
  coder: string;
  name: string;
  /** What this coder coded with the code in the passage; empty = nothing. */
  spans: { start: number; end: number; text: string }[];
}

/**
 * A passage of one document where the coders differ about one code, with each coder's codings
 * side by side. Its span depends on the unit: the stretch of overlapping codings (character,
 * segment) or the turn (turn).
 */
export interface Disagreement {
  document: AgreementDocumentRef;
  start: number;
  end: number;
  text: string;
  /** Labels of the speakers whose turns the passage overlaps, in order. */
  speakers: string[];
  /** One side per coder, in the order the coders were given. */
  sides: DisagreementSide[];
  /**
   * How much of the passage is in dispute: characters coded by some coders but not all
   * (character), segments without a match (segment), 1 (turn).
   */
  disputed: number;
}

/** How reports, tables and the CLI name each statistic. */
export const STATISTIC_TITLES: Readonly<Record<StatisticName, string>> = {
  percent: 'Percentage agreement',
  cohen: "Cohen's kappa",
  fleiss: "Fleiss' kappa",
  scott: "Scott's pi",
  'brennan-prediger': 'Brennan-Prediger kappa',
  'gwet-ac1': "Gwet's AC1",
  krippendorff: "Krippendorff's alpha",
};

/** What one unit is called in a report's counts. */
export const UNIT_NOUNS: Readonly<Record<AgreementUnit, string>> = {
  character: 'characters',
  segment: 'segments',
  turn: 'turns',
};
