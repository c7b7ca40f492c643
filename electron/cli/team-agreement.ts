/**
 * `chorus agreement`: agreement between coders of a project (`team.agreement`, `export.agreement`),
 * or reliability statistics for a coding table from anywhere (`team.reliability`). Only parses,
 * calls the contract and prints.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LEVELS, STATISTICS, type Level, type StatisticName, type StatisticResult } from '../../shared/agreement.js';
import { AGREEMENT_UNITS, STATISTIC_TITLES, UNIT_NOUNS, type AgreementReport, type AgreementRow, type AgreementUnit } from '../../shared/agreement-report.js';
import { UsageError, type Cli, type CliCommand } from './cli.js';

const USAGE = `  agreement PROJECT --coders A,B [--unit character|segment|turn] [--threshold 90]
            [--statistics NAME,...] [--json] [--csv FILE] [--xlsx FILE]
                                      agreement between coders (names or ids) per code, and
                                      pooled; --csv writes the per-code table, --xlsx every table
  agreement --table FILE.csv --statistic NAME|all [--level nominal|ordinal|interval|ratio]
            [--order "very low,low,mid,high,very high"] [--json]
                                      reliability statistics of a coding table (a row per unit,
                                      a column per coder, empty = missing); NAME: ${STATISTICS.join(', ')}
`;

export const agreementCommand: CliCommand = {
  usage: USAGE,
  async run(cli, args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        coders: { type: 'string' },
        unit: { type: 'string' },
        threshold: { type: 'string' },
        statistics: { type: 'string' },
        statistic: { type: 'string' },
        table: { type: 'string' },
        level: { type: 'string' },
        order: { type: 'string' },
        json: { type: 'boolean' },
        csv: { type: 'string' },
        xlsx: { type: 'string' },
      },
    });
    if (values.table !== undefined) return reliability(cli, values);
    const [project] = positionals;
    await cli.open(project);
    if (!values.coders) throw new UsageError('Name the coders to compare with --coders A,B (names or ids).');
    const coders = await coderGuids(cli, values.coders);
    const unit = (values.unit ?? 'character') as AgreementUnit;
    if (!AGREEMENT_UNITS.includes(unit)) throw new UsageError(`--unit is ${AGREEMENT_UNITS.join(', ')}.`);
    const threshold = values.threshold === undefined ? undefined : Number(values.threshold);
    if (threshold !== undefined && !(Number.isInteger(threshold) && threshold >= 1 && threshold <= 100)) {
      throw new UsageError('--threshold is a whole percentage from 1 to 100.');
    }
    const statistics = values.statistics === undefined ? undefined : statisticNames(values.statistics);
    const input = {
      coders,
      unit,
      ...(threshold !== undefined ? { threshold } : {}),
      ...(statistics ? { statistics } : {}),
    };
    const report = await cli.call('team.agreement', input);
    if (values.json) cli.out(JSON.stringify(report, null, 2));
    else printReport(cli.out, report);
    for (const format of ['csv', 'xlsx'] as const) {
      const file = values[format];
      if (file === undefined) continue;
      const result = await cli.call('export.agreement', { ...input, format, path: path.resolve(file) });
      if (!values.json) cli.out(`Wrote ${result.path}`);
    }
  },
};

async function reliability(
  cli: Cli,
  values: { table?: string; statistic?: string; level?: string; order?: string; json?: boolean },
): Promise<void> {
  const file = values.table!;
  if (!values.statistic) throw new UsageError(`Name the statistic with --statistic (${STATISTICS.join(', ')} or all).`);
  const statistics = values.statistic === 'all' ? [...STATISTICS] : statisticNames(values.statistic);
  const level = (values.level ?? 'nominal') as Level;
  if (!LEVELS.includes(level)) throw new UsageError(`--level is ${LEVELS.join(', ')}.`);
  if (!fs.existsSync(file)) throw new Error(`There is no file at ${file}.`);
  // The categories of the scale, lowest first, comma-separated (labelled categories have no order).
  const order = values.order?.split(',').map((c) => c.trim()).filter(Boolean);
  if (order !== undefined && order.length === 0) throw new UsageError('--order lists the categories, lowest first, separated by commas.');
  const report = await cli.call('team.reliability', { table: fs.readFileSync(file, 'utf8'), statistics, level, ...(order ? { order } : {}) });
  if (values.json) {
    cli.out(JSON.stringify(report, null, 2));
    return;
  }
  cli.out(`${report.units} units, coders: ${report.coders.join(', ')}`);
  printTable(cli.out, ['Statistic', 'Value', 'Units', 'Note'], report.results.map((r) => [STATISTIC_TITLES[r.statistic], value(r), String(r.units), r.note ?? '']));
}

function statisticNames(list: string): StatisticName[] {
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) {
    if (!STATISTICS.includes(n as StatisticName)) throw new UsageError(`Unknown statistic "${n}": use ${STATISTICS.join(', ')}.`);
  }
  if (names.length === 0) throw new UsageError('Name at least one statistic.');
  return names as StatisticName[];
}

/** Coders by guid or by name (compared without case); a name two coders share must be given as a guid. */
async function coderGuids(cli: Cli, list: string): Promise<string[]> {
  const known = await cli.call('team.coders', {});
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((wanted) => {
      const byGuid = known.find((c) => c.guid === wanted.toLowerCase());
      if (byGuid) return byGuid.guid;
      const named = known.filter((c) => c.name.toLocaleLowerCase() === wanted.toLocaleLowerCase());
      if (named.length > 1) throw new UsageError(`Two coders are called "${wanted}": give their ids (${named.map((c) => c.guid).join(', ')}).`);
      if (named.length === 0) throw new UsageError(`No coder is called "${wanted}". Coders: ${known.map((c) => c.name).join(', ')}.`);
      return named[0]!.guid;
    });
}

function value(r: StatisticResult): string {
  if (r.value === null) return '–';
  return r.statistic === 'percent' ? `${(r.value * 100).toFixed(1)} %` : r.value.toFixed(3);
}

function printReport(out: (s: string) => void, report: AgreementReport): void {
  const threshold = report.threshold === null ? '' : `, segments the same at ${report.threshold} % overlap`;
  out(`Agreement of ${report.coders.map((c) => `${c.name} (${c.codings} codings)`).join(' and ')} by ${report.unit}${threshold}`);
  for (const note of report.notes) out(`  note: ${note}`);
  const noun = UNIT_NOUNS[report.unit];
  const header = ['Code', noun, 'disagreed', ...report.statistics.map((s) => STATISTIC_TITLES[s])];
  const cells = (label: string, row: AgreementRow) => [label, String(row.counts.units), String(row.counts.disagreed), ...row.statistics.map(value)];
  printTable(out, header, [
    ...report.perCode.map((r) => cells([...r.code.path, r.code.name].join(' / '), r)),
    cells('All codes (pooled)', report.pooled),
  ]);
}

/** Columns padded to their widest cell; numbers right-aligned. */
function printTable(out: (s: string) => void, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((cell, i) => (i > 0 && /^[-\d–]/u.test(cell) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  out(line(header));
  out(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) out(line(r));
}
