/**
 * A researcher's coding table (CSV) as reliability units: rows = units, columns = coders, first
 * row = coder names, empty cells = missing ratings. An optional first column headed "unit" or "id"
 * labels the rows and is not a coder. Ratings stay numbers when every filled cell is a number (so
 * interval and ratio alpha can use them); otherwise all are text, so "1" and "01" stay apart only
 * when the table is textual.
 */
import { parse } from 'csv-parse/sync';
import { ChorusError, ErrorCode } from '../../../../shared/errors.js';
import type { Rating } from '../../../../shared/agreement.js';
import type { ReliabilityUnit } from './index.js';

export interface ReliabilityTable {
  coders: string[];
  /** Every filled cell was a number, and ratings are numbers. */
  numeric: boolean;
  /** Row labels from the "unit"/"id" column; otherwise row numbers (1 = first row after the header). */
  labels: string[];
  units: ReliabilityUnit[];
}

const LABEL_HEADERS = new Set(['unit', 'id']);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function invalid(message: string): ChorusError {
  return new ChorusError(ErrorCode.INVALID_INPUT, message);
}

export function reliabilityTable(csvText: string): ReliabilityTable {
  const text = csvText.replace(/^\uFEFF/, '');
  const newline = text.search(/\r?\n/);
  const firstLine = newline === -1 ? text : text.slice(0, newline);
  // Spreadsheets in many locales save CSV with semicolons or tabs.
  const delimiter = [',', ';', '\t'].sort((a, b) => firstLine.split(b).length - firstLine.split(a).length)[0]!;
  let records: string[][];
  try {
    records = parse(text, { delimiter, skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  } catch (e) {
    throw invalid(`The coding table is not readable CSV: ${(e as Error).message}`);
  }
  // Rows of nothing but empty cells are what spreadsheets leave below the data, not units.
  records = records.filter((r, i) => i === 0 || r.some((cell) => cell !== ''));
  const [header, ...rows] = records;
  if (!header) throw invalid('The coding table is empty: it needs a header row of coder names and one row per unit.');

  const labelled = LABEL_HEADERS.has((header[0] ?? '').toLowerCase());
  const first = labelled ? 1 : 0;
  const coders = header.slice(first).map((name, i) => name || `Coder ${i + 1}`);
  if (coders.length < 2) {
    throw invalid(`The coding table has ${coders.length === 1 ? 'one coder column' : 'no coder columns'}; agreement needs at least two coders (one column each).`);
  }
  if (rows.length === 0) throw invalid('The coding table has a header but no units: add one row per unit below the coder names.');
  rows.forEach((row, i) => {
    if (row.length !== header.length) {
      throw invalid(`Row ${i + 2} of the coding table has ${row.length} cells, but the header has ${header.length}: every row needs one cell per column.`);
    }
  });

  const cells = rows.flatMap((row) => row.slice(first)).filter((c) => c !== '');
  const numeric = cells.length > 0 && cells.every((c) => NUMBER.test(c));
  const rating = (cell: string): Rating => tableRating({ numeric }, cell);

  return {
    coders,
    numeric,
    labels: rows.map((row, i) => (labelled ? row[0]! : String(i + 1))),
    units: rows.map((row) => ({ ratings: row.slice(first).map(rating) })),
  };
}

/** A cell as the table types its ratings: empty is missing; numbers stay numbers in a numeric table. */
export function tableRating(table: Pick<ReliabilityTable, 'numeric'>, cell: string): Rating {
  if (cell === '') return null;
  return table.numeric && NUMBER.test(cell) ? Number(cell) : cell;
}
