/**
 * `export.agreement`: the agreement report as tables (`exchange/table.ts`). CSV holds the per-code
 * table with the pooled figures as its last row, the table researchers paste into a methods
 * section; a workbook holds four sheets: pooled, per code, per document, per code and document.
 */
import type { AgreementReport, AgreementRow } from '../../../../shared/agreement-report.js';
import { STATISTIC_TITLES, UNIT_NOUNS } from '../../../../shared/agreement-report.js';
import type { ExportResult } from '../../../../shared/types.js';
import { exportTables, type Cell, type Table, type TableColumn } from '../../exchange/table.js';
import type { Project } from '../../project.js';
import { projectTitle } from '../../projects/info.js';
import { agreementReport, type AgreementInput, type AgreementOptions } from './report.js';

export async function exportAgreement(
  project: Project,
  input: AgreementInput & { format: 'csv' | 'xlsx'; path?: string | undefined },
  options: AgreementOptions = {},
): Promise<ExportResult> {
  const report = agreementReport(project, input, options);
  const tables = agreementTables(report);
  const ordered = input.format === 'csv' ? [tables.find((t) => t.name === 'Per code')!] : tables;
  return exportTables(ordered, input.format, { title: projectTitle(project), what: 'agreement', path: input.path });
}

export function agreementTables(report: AgreementReport): Table[] {
  const noun = UNIT_NOUNS[report.unit];
  const figures: TableColumn[] = [
    { key: 'units', header: `Units (${noun})`, width: 14 },
    { key: 'agreed', header: 'Agreed', width: 10 },
    { key: 'codedByAll', header: 'Coded by all', width: 12 },
    { key: 'codedByNone', header: 'Coded by none', width: 12 },
    { key: 'disagreed', header: 'Disagreed', width: 10 },
    ...report.coders.map((c, i) => ({ key: `coder${i}`, header: `Coded by ${c.name}`, width: 14 })),
    ...report.statistics.map((s) => ({ key: `stat:${s}`, header: STATISTIC_TITLES[s], width: 14 })),
  ];
  const cells = (row: AgreementRow): Record<string, Cell> => {
    const out: Record<string, Cell> = {
      units: row.counts.units,
      agreed: row.counts.agreed,
      codedByAll: row.counts.codedByAll,
      codedByNone: row.counts.codedByNone,
      disagreed: row.counts.disagreed,
    };
    row.counts.codedBy.forEach((n, i) => (out[`coder${i}`] = n));
    for (const r of row.statistics) out[`stat:${r.statistic}`] = r.value === null ? null : round(r.value);
    return out;
  };
  const codeColumns: TableColumn[] = [
    { key: 'code', header: 'Code', width: 30 },
    { key: 'path', header: 'Under', width: 30 },
  ];
  const pathOf = (p: string[]) => p.join(' / ');
  const pooledRow = { code: 'All codes (pooled)', path: '', document: 'All documents', ...cells(report.pooled) };
  return [
    {
      name: 'Pooled',
      columns: [
        { key: 'unit', header: 'Unit', width: 12 },
        { key: 'threshold', header: 'Overlap threshold (%)', width: 12 },
        { key: 'coders', header: 'Coders', width: 30 },
        ...figures,
      ],
      rows: [
        {
          unit: report.unit,
          threshold: report.threshold,
          coders: report.coders.map((c) => c.name).join(', '),
          ...cells(report.pooled),
        },
      ],
    },
    {
      name: 'Per code',
      columns: [...codeColumns, ...figures],
      rows: [...report.perCode.map((r) => ({ code: r.code.name, path: pathOf(r.code.path), ...cells(r) })), pooledRow],
    },
    {
      name: 'Per document',
      columns: [{ key: 'document', header: 'Document', width: 30 }, ...figures],
      rows: report.perDocument.map((r) => ({ document: r.document.name, ...cells(r) })),
    },
    {
      name: 'Per code and document',
      columns: [...codeColumns, { key: 'document', header: 'Document', width: 30 }, ...figures],
      rows: report.perCodeDocument.map((r) => ({ code: r.code.name, path: pathOf(r.code.path), document: r.document.name, ...cells(r) })),
    },
  ];
}

/** Four decimals: enough for any coefficient a paper reports, without float noise in the file. */
function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
