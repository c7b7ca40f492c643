import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { tableCsv, tablesXlsx, type Table } from '../../electron/core/exchange/table.js';

const table: Table = {
  name: 'Agreement: per code [A/B]',
  columns: [
    { key: 'code', header: 'Code' },
    { key: 'kappa', header: "Cohen's kappa" },
    { key: 'agree', header: 'Agree' },
  ],
  rows: [
    { code: 'Hierarchy, "speaking up"', kappa: 0.82, agree: true },
    { code: 'Café talk', kappa: null, agree: false },
  ],
};

describe('table export', () => {
  it('writes CSV with a byte-order mark, CRLF, quoting, and empty cells for missing values', () => {
    const csv = tableCsv(table);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual([
      "Code,Cohen's kappa,Agree",
      '"Hierarchy, ""speaking up""",0.82,yes',
      'Café talk,,no',
      '',
    ]);
  });

  it('writes a workbook whose sheet keeps numbers as numbers under a legal sheet name', async () => {
    const bytes = await tablesXlsx([table, { ...table, name: 'Agreement: per code [A/B]' }]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Agreement  per code  A B', 'Agreement  per code  A B 2']);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Code', "Cohen's kappa", 'Agree']);
    expect(sheet.getRow(2).getCell(2).value).toBe(0.82);
    expect(sheet.getRow(3).getCell(1).value).toBe('Café talk');
  });
});
