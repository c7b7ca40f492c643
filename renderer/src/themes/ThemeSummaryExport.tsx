/**
 * The themes written up for a manuscript (`export.themes`), downloaded as Markdown or Word. The
 * attribution template says how quotes are credited: `{role}, {document}`, `{participant}`,
 * `{attribute:Year of training}`.
 */
import { useState } from 'react';
import { call } from '../api';
import { showError, showToast } from '../components/toasts';
import { PseudonymiseOption } from '../privacy/PseudonymiseOption';
import { base64ToBytes, downloadBlob } from './download';

export const DEFAULT_ATTRIBUTION = '{role}, {document}';

export function ThemeSummaryExport() {
  const [format, setFormat] = useState<'themes-md' | 'themes-docx'>('themes-md');
  const [attribution, setAttribution] = useState(DEFAULT_ATTRIBUTION);
  const [busy, setBusy] = useState(false);
  const [pseudonymise, setPseudonymise] = useState(false);

  const exportSummary = async () => {
    setBusy(true);
    try {
      const result = await call('export.themes', { format, attribution, pseudonymise });
      const content = result.content ?? '';
      const body = result.encoding === 'base64' ? base64ToBytes(content) : content;
      downloadBlob(new Blob([body], { type: result.mediaType }), result.fileName);
      showToast('notice', `Exported ${result.fileName}`);
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="theme-panel-section theme-export">
      <h3>Theme summary</h3>
      <div className="field">
        <label htmlFor="theme-export-format">Format</label>
        <select id="theme-export-format" value={format} onChange={(e) => setFormat(e.target.value as typeof format)} data-testid="theme-export-format">
          <option value="themes-md">Markdown</option>
          <option value="themes-docx">Word (.docx)</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="theme-export-attribution">Quote attribution</label>
        <input id="theme-export-attribution" value={attribution} onChange={(e) => setAttribution(e.target.value)} data-testid="theme-export-attribution" />
        <span className="field-hint">
          <code>{'{participant}'}</code>, <code>{'{role}'}</code>, <code>{'{document}'}</code>, <code>{'{attribute:NAME}'}</code>
        </span>
      </div>
      <div className="field">
        <PseudonymiseOption checked={pseudonymise} onChange={setPseudonymise} testId="theme-export-pseudonymise" />
      </div>
      <button type="button" className="button button--primary" disabled={busy || !attribution.trim()} onClick={() => void exportSummary()} data-testid="theme-export">
        {busy ? 'Exporting…' : 'Export theme summary'}
      </button>
    </section>
  );
}
