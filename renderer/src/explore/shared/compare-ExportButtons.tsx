/**
 * Export buttons for the comparing tabs: a result table as CSV or Excel (the core builds the file
 * from the same parameters, `export.analysis`), and a chart as SVG or PNG (made in the page).
 */
import { useState, type RefObject } from 'react';
import type { AnalysisExportInput } from '../../../../shared/analysis-compare';
import { call } from '../../api';
import { showError } from '../../components/toasts';
import { downloadExport } from '../../exchange/download';
import { PseudonymiseOption } from '../../privacy/PseudonymiseOption';
import { downloadBlob } from '../../themes/download';
import { chartFileName, pngBlob, svgBlob } from './compare-chart-image';

export function TableExportButtons({ analysis, testId }: { analysis: AnalysisExportInput['analysis']; testId: string }) {
  const [busy, setBusy] = useState(false);
  const [pseudonymise, setPseudonymise] = useState(false);
  const run = async (format: 'csv' | 'xlsx') => {
    setBusy(true);
    try {
      downloadExport(await call('export.analysis', { format, analysis, pseudonymise }));
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="compare-export" role="group" aria-label="Export the table">
      <PseudonymiseOption checked={pseudonymise} onChange={setPseudonymise} testId={`${testId}-pseudonymise`} />
      <button type="button" className="button button--small" disabled={busy} onClick={() => void run('csv')} data-testid={`${testId}-csv`}>
        CSV
      </button>
      <button type="button" className="button button--small" disabled={busy} onClick={() => void run('xlsx')} data-testid={`${testId}-xlsx`}>
        Excel
      </button>
    </span>
  );
}

export function ChartExportButtons({ chart, title, testId }: { chart: RefObject<SVGSVGElement | null>; title: string; testId: string }) {
  const run = async (format: 'svg' | 'png') => {
    const svg = chart.current;
    if (!svg) return;
    try {
      downloadBlob(format === 'svg' ? svgBlob(svg) : await pngBlob(svg), chartFileName(title, format));
    } catch (error) {
      showError(error);
    }
  };
  return (
    <span className="compare-export" role="group" aria-label="Export the chart">
      <button type="button" className="button button--small" onClick={() => void run('svg')} data-testid={`${testId}-svg`}>
        SVG
      </button>
      <button type="button" className="button button--small" onClick={() => void run('png')} data-testid={`${testId}-png`}>
        PNG
      </button>
    </span>
  );
}
