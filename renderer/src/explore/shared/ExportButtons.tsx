/**
 * CSV and Excel buttons for a table export of the contract (`export.segments`, `export.searchHits`,
 * `export.analysis`): the caller says how to ask for one format, the buttons fetch it and offer
 * the file as a download.
 */
import { useState } from 'react';
import { PseudonymiseOption } from '../../privacy/PseudonymiseOption';
import type { ExportResult } from '../../../../shared/types';
import { downloadExport } from '../../exchange/download';
import { showError } from '../../components/toasts';

export type TableFormat = 'csv' | 'xlsx';

export function ExportButtons({
  run,
  disabled = false,
  testId = 'export',
}: {
  /** `pseudonymise`: the group's "Pseudonymise" box (renderer/src/privacy/). */
  run: (format: TableFormat, pseudonymise: boolean) => Promise<ExportResult>;
  disabled?: boolean;
  /** Buttons get `${testId}-csv` and `${testId}-xlsx`. */
  testId?: string;
}) {
  const [busy, setBusy] = useState<TableFormat | null>(null);
  const [pseudonymise, setPseudonymise] = useState(false);
  const click = async (format: TableFormat) => {
    setBusy(format);
    try {
      downloadExport(await run(format, pseudonymise));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <span className="export-buttons" role="group" aria-label="Export">
      <PseudonymiseOption checked={pseudonymise} onChange={setPseudonymise} testId={`${testId}-pseudonymise`} />
      <button type="button" className="button button--small" disabled={disabled || busy !== null} onClick={() => void click('csv')} data-testid={`${testId}-csv`} title="Download as CSV (opens in any spreadsheet)">
        {busy === 'csv' ? 'Exporting…' : 'CSV'}
      </button>
      <button type="button" className="button button--small" disabled={disabled || busy !== null} onClick={() => void click('xlsx')} data-testid={`${testId}-xlsx`} title="Download as an Excel workbook">
        {busy === 'xlsx' ? 'Exporting…' : 'Excel'}
      </button>
    </span>
  );
}
