import path from 'node:path';
import { parseArgs } from 'node:util';
import type { MatrixColumns, MatrixInput } from '../../shared/analysis-compare.js';
import { UsageError, type CliCommand } from './cli.js';

// Comparing: chorus matrix
const MATRIX_USAGE = `  matrix PROJECT [--rows codes|themes|all] [--cols documents|speakers|roles|attribute:NAME]
         [--measure codings|participants|words] [--percent row|col] [--csv FILE] [--xlsx FILE] [--json]
                                      a code matrix: codes (or themes, with everything below
                                      them) by focus group, speaker, role or attribute value;
                                      --csv/--xlsx also write it as a table
`;

function matrixColumns(value: string | undefined): MatrixColumns {
  if (value === undefined || value === 'documents') return { kind: 'documents' };
  if (value === 'speakers' || value === 'roles') return { kind: value };
  if (value.startsWith('attribute:') && value.length > 'attribute:'.length) {
    return { kind: 'attribute', attribute: value.slice('attribute:'.length) };
  }
  throw new UsageError(`--cols is documents, speakers, roles or attribute:NAME, not "${value}".`);
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${flag} is ${allowed.join(', ')}, not "${value}".`);
  return value as T;
}

const matrix: CliCommand = {
  usage: MATRIX_USAGE,
  async run(cli, args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        rows: { type: 'string' },
        cols: { type: 'string' },
        measure: { type: 'string' },
        percent: { type: 'string' },
        csv: { type: 'string' },
        xlsx: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
    const input: MatrixInput = {
      rows: oneOf('rows', values.rows, ['codes', 'themes', 'all'] as const, 'codes'),
      columns: matrixColumns(values.cols),
      measure: oneOf('measure', values.measure, ['codings', 'participants', 'words'] as const, 'codings'),
    };
    const percent = values.percent === undefined ? null : oneOf('percent', values.percent, ['row', 'col'] as const, 'row');
    await cli.open(positionals[0]);
    const m = await cli.call('analysis.matrix', input);
    for (const [format, file] of [['csv', values.csv], ['xlsx', values.xlsx]] as const) {
      if (file === undefined) continue;
      const result = await cli.call('export.analysis', { format, path: path.resolve(file), analysis: { kind: 'matrix', params: input } });
      if (!values.json) cli.out(`Wrote ${result.path ?? file}`);
    }
    if (values.json) {
      cli.out(JSON.stringify(m, null, 2));
      return;
    }
    const show = (cell: { value: number; rowPercent: number | null; colPercent: number | null }): string => {
      if (percent === null) return String(cell.value);
      const p = percent === 'row' ? cell.rowPercent : cell.colPercent;
      return p === null ? '–' : `${p.toFixed(1)}%`;
    };
    const header = ['', ...m.columns.map((c) => (c.document ? `${c.label} (${c.document})` : c.label)), 'Total'];
    const lines = [
      header,
      ...m.rows.map((r) => [`${'  '.repeat(r.depth)}${r.name}`, ...r.cells.map(show), String(r.total)]),
      ['Total', ...m.columns.map((c) => String(c.total)), String(m.total)],
    ];
    const widths = header.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
    for (const l of lines) cli.out(l.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd());
    cli.out(`${m.measure}${percent ? `, ${percent === 'row' ? 'row' : 'column'} percentages` : ''}`);
  },
};

/** Finding and comparing: `chorus query`, `chorus search`, `chorus matrix`. */
export const analysisCommands: Readonly<Record<string, CliCommand>> = {
  matrix,
};
