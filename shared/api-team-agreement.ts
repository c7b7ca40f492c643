/**
 * The contract for agreement between the coders of the open project: the report, the passages
 * where coders differ, and the report as a table file. Spread into `teamApi` (`api-team.ts`).
 * Types: `agreement-report.ts`; statistics: `agreement.ts`; rules: docs/architecture.md
 * ("Agreement").
 */
import { z } from 'zod';
import { STATISTICS, type StatisticName } from './agreement.js';
import type { AgreementReport, Disagreement } from './agreement-report.js';
import { AGREEMENT_UNITS, DEFAULT_SEGMENT_THRESHOLD, type AgreementUnit } from './agreement-report.js';
import { destinationPath, guid, query } from './api-kit.js';
import type { ExportResult } from './types.js';

const unit = z.enum(AGREEMENT_UNITS as [AgreementUnit, ...AgreementUnit[]]).default('character');
const statistic = z.enum(STATISTICS as [StatisticName, ...StatisticName[]]);

/** What is compared: whose coding, at which unit, over which codes and documents. */
const comparison = {
  /** Coders (users.guid) in the order the report lists them; at least two. */
  coders: z
    .array(guid)
    .min(2, 'Choose at least two coders to compare.')
    .max(32, 'Agreement compares at most 32 coders at once.')
    .refine((c) => new Set(c).size === c.length, { message: 'A coder is named twice.' }),
  unit,
  /** Segment unit: the overlap, in percent of the two segments' union, that makes them the same segment (1–100, default 90). */
  threshold: z.number().int().min(1).max(100).default(DEFAULT_SEGMENT_THRESHOLD),
};

/** Which codes and documents, and which statistics (see DEFAULT_AGREEMENT_STATISTICS). */
const reportInput = z.object({
  ...comparison,
  /** Only these codes (default: every code one of the coders used). */
  codes: z.array(guid).min(1, 'Choose at least one code, or leave codes out.').optional(),
  /** Only these documents (default: every document each of the coders coded). */
  documents: z.array(guid).min(1, 'Choose at least one document, or leave documents out.').optional(),
  statistics: z.array(statistic).min(1, 'Choose at least one statistic, or leave statistics out.').optional(),
  /** Lets `operations.cancel` stop a long comparison. */
  operationId: z.string().optional(),
});

export const agreementApi = {
  /**
   * Agreement between coders of the open project, at a unit (character, segment or turn): per
   * code, per document, per code and document, and pooled, with counts and statistics. A coder
   * without codings is reported in `notes`, not refused.
   */
  'team.agreement': query<AgreementReport>()(reportInput),
  /**
   * The passages of a code (in one document, or all compared documents) where the coders differ
   * at the unit, each with every coder's codings side by side, in document and text order.
   */
  'team.disagreements': query<Disagreement[]>()(
    z.object({ ...comparison, code: guid, document: guid.optional() }),
  ),
  /**
   * The agreement report as a table file: CSV (the per-code table with a pooled last row) or XLSX
   * (sheets Pooled, Per code, Per document, Per code and document). Writes to `path` when given,
   * else returns the content.
   */
  'export.agreement': query<ExportResult>()(
    reportInput.extend({ format: z.enum(['csv', 'xlsx']), path: destinationPath.optional() }),
  ),
} as const;
