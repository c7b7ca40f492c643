/**
 * A researcher's coding table (CSV) as reliability units: rows = units, columns = coders, first
 * row = coder names, empty cells = missing.
 */
import type { ReliabilityUnit } from './index.js';

export interface ReliabilityTable {
  coders: string[];
  /** Row labels when the first column is named "unit" or "id"; otherwise row numbers (1-based). */
  labels: string[];
  units: ReliabilityUnit[];
}

export function reliabilityTable(csvText: string): ReliabilityTable {
  void csvText;
  throw new Error('not implemented yet');
}
