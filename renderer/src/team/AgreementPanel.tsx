/**
 * The agreement report: the coders and unit (ComparisonControls), the statistics, then a table per
 * code, per document, or per code and document with the pooled figures above. Clicking a row opens
 * the passages where the coders differ beside the table; the report downloads as CSV or XLSX.
 */
import { useState } from 'react';
import { STATISTICS, type StatisticName } from '../../../shared/agreement';
import {
  DEFAULT_AGREEMENT_STATISTICS,
  STATISTIC_TITLES,
  UNIT_NOUNS,
  type AgreementCoder,
  type AgreementReport,
  type AgreementRow,
} from '../../../shared/agreement-report';
import { call, useOp } from '../api';
import { showError, showToast } from '../components/toasts';
import { downloadExport } from '../exchange/download';
import { ComparisonControls } from './ComparisonControls';
import { DisagreementList, type Comparison, type ComparisonPanelProps, type DrillTarget } from './Disagreements';
import { MARGIN_STATISTICS, STATISTIC_HINTS, formatStatistic, strengthOf } from './agreement-view';

type Breakdown = 'code' | 'document' | 'codeDocument';

interface TableRow {
  key: string;
  label: string;
  sub?: string;
  /** The whole path, when `sub` shows only the parent. */
  subTitle?: string;
  row: AgreementRow;
  target: DrillTarget | null;
}

function rowsOf(report: AgreementReport, by: Breakdown): TableRow[] {
  if (by === 'code') {
    return report.perCode.map((r) => ({
      key: r.code.guid,
      label: r.code.name,
      ...(r.code.path.length ? { sub: `in ${r.code.path[r.code.path.length - 1]!}`, subTitle: r.code.path.join(' › ') } : {}),
      row: r,
      target: { code: { guid: r.code.guid, name: r.code.name } },
    }));
  }
  if (by === 'document') return report.perDocument.map((r) => ({ key: r.document.guid, label: r.document.name, row: r, target: null }));
  return report.perCodeDocument.map((r) => ({
    key: `${r.code.guid}:${r.document.guid}`,
    label: r.code.name,
    sub: r.document.name,
    row: r,
    target: { code: { guid: r.code.guid, name: r.code.name }, document: { guid: r.document.guid, name: r.document.name } },
  }));
}

function StatCell({ row, statistic }: { row: AgreementRow; statistic: StatisticName }) {
  const result = row.statistics.find((s) => s.statistic === statistic);
  const strength = strengthOf(result);
  const title = result?.note ?? (strength ? `${STATISTIC_TITLES[statistic]}: ${strength} (Landis & Koch's convention)` : undefined);
  return (
    <td className={`num stat${result?.value === null ? ' stat--undefined' : ''}`} title={title} data-statistic={statistic}>
      {formatStatistic(result)}
    </td>
  );
}

function ReportTable({
  report,
  by,
  selected,
  onSelect,
}: {
  report: AgreementReport;
  by: Breakdown;
  selected: string | null;
  onSelect: (row: TableRow) => void;
}) {
  const rows = rowsOf(report, by);
  const noun = UNIT_NOUNS[report.unit];
  const pooled: TableRow = { key: 'pooled', label: 'All codes, pooled', row: report.pooled, target: null };
  const line = (r: TableRow, pooledRow = false) => {
    const clickable = r.target !== null && r.row.counts.disagreed > 0;
    return (
      <tr
        key={r.key}
        className={`${clickable ? 'row--clickable' : ''}${selected === r.key ? ' row--selected' : ''}${pooledRow ? ' row--pooled' : ''}`}
        onClick={clickable ? () => onSelect(r) : undefined}
        data-testid={pooledRow ? 'agreement-pooled' : 'agreement-row'}
        data-key={r.key}
        data-disagreed={r.row.counts.disagreed}
      >
        <th scope="row">
          {clickable ? (
            <button type="button" className="row-button" onClick={() => onSelect(r)} title="Show the passages where the coders differ">
              {r.label}
            </button>
          ) : (
            <span>{r.label}</span>
          )}
          {r.sub ? (
            <span className="row-sub" title={r.subTitle}>
              {r.sub}
            </span>
          ) : null}
        </th>
        <td className="num">{r.row.counts.units.toLocaleString()}</td>
        <td className="num">{r.row.counts.disagreed ? r.row.counts.disagreed.toLocaleString() : <span className="muted">0</span>}</td>
        {r.row.counts.codedBy.map((n, i) => (
          <td key={i} className="num muted">
            {n.toLocaleString()}
          </td>
        ))}
        {report.statistics.map((s) => (
          <StatCell key={s} row={r.row} statistic={s} />
        ))}
      </tr>
    );
  };
  return (
    <div className="team-table-wrap">
      <table className="team-table" data-testid="agreement-table">
        <thead>
          <tr>
            <th scope="col">{by === 'document' ? 'Document' : by === 'code' ? 'Code' : 'Code · document'}</th>
            <th scope="col" className="num" title={`Units compared: ${noun}`}>
              {noun[0]!.toUpperCase() + noun.slice(1)}
            </th>
            <th scope="col" className="num" title={`${noun} some coders coded and others did not`}>
              Differ
            </th>
            {report.coders.map((c) => (
              <th key={c.guid} scope="col" className="num" title={`${noun} ${c.name} coded`}>
                {c.name}
              </th>
            ))}
            {report.statistics.map((s) => (
              <th key={s} scope="col" className="num" title={STATISTIC_HINTS[s]}>
                {STATISTIC_TITLES[s]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {line(pooled, true)}
          {rows.map((r) => line(r))}
        </tbody>
      </table>
      {rows.length === 0 ? <p className="muted team-empty-row">Nothing to compare: none of these coders coded the compared documents.</p> : null}
    </div>
  );
}

function PooledSummary({ report, coders }: { report: AgreementReport; coders: readonly AgreementCoder[] }) {
  const c = report.pooled.counts;
  const noun = UNIT_NOUNS[report.unit];
  return (
    <div className="pooled" data-testid="agreement-summary">
      {report.pooled.statistics.map((s) => (
        <div key={s.statistic} className="pooled-figure" title={s.note ?? STATISTIC_HINTS[s.statistic]}>
          <span className="pooled-value">{formatStatistic(s)}</span>
          <span className="pooled-label">{STATISTIC_TITLES[s.statistic]}</span>
          {strengthOf(s) ? <span className="pooled-strength">{strengthOf(s)}</span> : null}
        </div>
      ))}
      <div className="pooled-counts muted">
        {c.units.toLocaleString()} {noun} compared; {c.disagreed.toLocaleString()} differ.
        <br />
        {coders.map((x) => `${x.name}: ${x.codings.toLocaleString()} codings`).join(' · ')}
      </div>
    </div>
  );
}

export function AgreementPanel({ coders, comparison, onComparison, onOpenPassage, me }: ComparisonPanelProps) {
  const [chosen, setChosen] = useState<Partial<Record<Comparison['unit'], StatisticName[]>>>({});
  const statistics = chosen[comparison.unit] ?? [...DEFAULT_AGREEMENT_STATISTICS[comparison.unit]];
  const [by, setBy] = useState<Breakdown>('code');
  const [drill, setDrill] = useState<TableRow | null>(null);
  const [exporting, setExporting] = useState(false);
  const ready = comparison.coders.length >= 2 && statistics.length > 0;
  const input = { coders: comparison.coders, unit: comparison.unit, threshold: comparison.threshold, statistics };
  const report = useOp('team.agreement', input, { enabled: ready });

  const toggleStatistic = (s: StatisticName, on: boolean) => {
    const next = on ? STATISTICS.filter((x) => x === s || statistics.includes(x)) : statistics.filter((x) => x !== s);
    setChosen((prev) => ({ ...prev, [comparison.unit]: next }));
  };

  const exportAs = async (format: 'csv' | 'xlsx') => {
    setExporting(true);
    try {
      const result = await call('export.agreement', { ...input, format });
      if (downloadExport(result)) showToast('notice', `Exported “${result.fileName}”`);
    } catch (e) {
      showError(e);
    } finally {
      setExporting(false);
    }
  };

  const data = report.data;
  // A drill-down stays open while its row is still in the report (same comparison).
  const drillShown = drill && data && rowsOf(data, by).some((r) => r.key === drill.key) ? drill : null;

  return (
    <div className={`team-report${drillShown ? ' team-report--drill' : ''}`}>
      {/* While passages are read, the table gets the room; closing them brings the settings back. */}
      <aside className="team-settings" aria-label="What to compare" hidden={drillShown !== null}>
        <ComparisonControls coders={coders} value={comparison} onChange={(c) => (onComparison(c), setDrill(null))} />
        <fieldset className="team-fieldset">
          <legend>Statistics</legend>
          {STATISTICS.map((s) => (
            <label key={s} className="team-check" title={STATISTIC_HINTS[s]}>
              <input type="checkbox" checked={statistics.includes(s)} onChange={(e) => toggleStatistic(s, e.target.checked)} data-testid={`statistic-${s}`} />
              {STATISTIC_TITLES[s]}
              {comparison.unit === 'segment' && MARGIN_STATISTICS.includes(s) ? <span className="muted">(not meaningful here)</span> : null}
            </label>
          ))}
        </fieldset>
        <div className="team-export">
          <span className="team-export-label">Export the report</span>
          <button type="button" className="button button--small" disabled={!ready || exporting} onClick={() => void exportAs('csv')} data-testid="agreement-export-csv">
            CSV
          </button>
          <button type="button" className="button button--small" disabled={!ready || exporting} onClick={() => void exportAs('xlsx')} data-testid="agreement-export-xlsx">
            Excel (XLSX)
          </button>
        </div>
      </aside>

      <section className="team-results" aria-label="Agreement report" data-testid="agreement-report">
        {!ready ? (
          <p className="empty">Choose at least two coders and one statistic.</p>
        ) : report.error ? (
          <p className="banner banner--error">{report.error.message}</p>
        ) : !data ? (
          <p className="muted team-loading">Comparing the coders…</p>
        ) : (
          <>
            {data.notes.length > 0 ? (
              <ul className="banner team-notes" data-testid="agreement-notes">
                {data.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            ) : null}
            <PooledSummary report={data} coders={data.coders} />
            <div className="tabs team-subtabs" role="tablist">
              {(
                [
                  ['code', 'Per code', data.perCode.length],
                  ['document', 'Per document', data.perDocument.length],
                  ['codeDocument', 'Per code and document', data.perCodeDocument.length],
                ] as const
              ).map(([key, label, count]) => (
                <button
                  key={key}
                  type="button"
                  role="tab"
                  aria-selected={by === key}
                  className={`tab${by === key ? ' tab--active' : ''}`}
                  onClick={() => (setBy(key), setDrill(null))}
                  data-testid={`breakdown-${key}`}
                >
                  {label} <span className="tab-count">{count}</span>
                </button>
              ))}
            </div>
            <p className="muted team-table-hint">
              {by === 'document' ? 'Every compared code in each document.' : 'Click a row with differences to read the passages side by side.'}
            </p>
            <ReportTable report={data} by={by} selected={drillShown?.key ?? null} onSelect={setDrill} />
          </>
        )}
      </section>

      {drillShown?.target ? (
        <aside className="team-drill" aria-label="Passages where the coders differ" data-testid="agreement-drill">
          <header className="team-drill-header">
            <div>
              <h3>{drillShown.target.code.name}</h3>
              <span className="muted">{drillShown.target.document ? drillShown.target.document.name : 'All compared documents'}</span>
            </div>
            <button type="button" className="icon-button" aria-label="Close" title="Close" onClick={() => setDrill(null)}>
              ×
            </button>
          </header>
          <DisagreementList comparison={comparison} target={drillShown.target} consensus={false} me={me} onOpenPassage={onOpenPassage} />
        </aside>
      ) : null}
    </div>
  );
}
