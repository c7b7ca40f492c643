/**
 * Reliability statistics for any coding table (`team.reliability`): pasted or read from a CSV,
 * rows = units, columns = coders, empty cells = missing. For coding done outside Chorus, or
 * categories that are not codes (a rating, a theme per excerpt).
 */
import { useState } from 'react';
import { LEVELS, STATISTICS, type Level, type StatisticName } from '../../../shared/agreement';
import { STATISTIC_TITLES } from '../../../shared/agreement-report';
import { useOpsKeyed } from '../api';
import { showError } from '../components/toasts';
import { STATISTIC_HINTS, formatStatistic } from './agreement-view';

const EXAMPLE = `unit,Ann,Ben,Cleo
1,stigma,stigma,stigma
2,hierarchy,stigma,hierarchy
3,none,none,
4,stigma,stigma,stigma
5,hierarchy,hierarchy,none`;

const LEVEL_HINTS: Readonly<Record<Level, string>> = {
  nominal: 'categories without order (codes)',
  ordinal: 'ranks (low, medium, high)',
  interval: 'numbers with equal steps (a 1–7 scale)',
  ratio: 'numbers with a true zero (counts)',
};

const fixed = (v: number | null, digits = 3) => (v === null ? '—' : v.toFixed(digits));

export function ReliabilityCalculator() {
  const [table, setTable] = useState('');
  const [statistics, setStatistics] = useState<StatisticName[]>([...STATISTICS]);
  const [level, setLevel] = useState<Level>('nominal');
  const [run, setRun] = useState<{ key: number; table: string; statistics: StatisticName[]; level: Level } | null>(null);
  const [result] = useOpsKeyed('team.reliability', run ? [{ key: run.key, input: { table: run.table, statistics: run.statistics, level: run.level } }] : [], {
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      setTable(await file.text());
    } catch (e) {
      showError(e);
    }
  };

  const data = result?.data;
  return (
    <div className="reliability" data-testid="reliability">
      <div className="reliability-input">
        <p className="muted">
          A coding table as CSV: a header row of coder names, then one row per unit with each coder’s category; an empty cell is a
          missing rating. An optional first column headed <code>unit</code> or <code>id</code> names the rows.
        </p>
        <textarea
          className="reliability-table"
          rows={12}
          value={table}
          onChange={(e) => setTable(e.target.value)}
          placeholder={EXAMPLE}
          spellCheck={false}
          aria-label="Coding table (CSV)"
          data-testid="reliability-table"
        />
        <div className="reliability-row">
          <label className="button button--small reliability-upload">
            Open a CSV file…
            <input type="file" accept=".csv,.txt,text/csv" hidden onChange={(e) => void readFile(e.currentTarget.files?.[0])} data-testid="reliability-file" />
          </label>
          <button type="button" className="button button--small button--quiet" onClick={() => setTable(EXAMPLE)}>
            Use the example
          </button>
        </div>
        <fieldset className="team-fieldset">
          <legend>Statistics</legend>
          <div className="reliability-statistics">
            {STATISTICS.map((s) => (
              <label key={s} className="team-check" title={STATISTIC_HINTS[s]}>
                <input
                  type="checkbox"
                  checked={statistics.includes(s)}
                  onChange={(e) => setStatistics(e.target.checked ? STATISTICS.filter((x) => x === s || statistics.includes(x)) : statistics.filter((x) => x !== s))}
                />
                {STATISTIC_TITLES[s]}
              </label>
            ))}
          </div>
        </fieldset>
        <label className="team-inline-field">
          Level of the ratings
          <select value={level} onChange={(e) => setLevel(e.target.value as Level)} data-testid="reliability-level">
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {l} — {LEVEL_HINTS[l]}
              </option>
            ))}
          </select>
        </label>
        <p className="field-hint">The level matters to Krippendorff’s alpha only; the other statistics treat categories as nominal.</p>
        <div>
          <button
            type="button"
            className="button button--primary"
            disabled={!table.trim() || statistics.length === 0}
            onClick={() => setRun({ key: Date.now(), table, statistics, level })}
            data-testid="reliability-compute"
          >
            Compute
          </button>
        </div>
      </div>
      <div className="reliability-results" aria-live="polite">
        {!run ? (
          <p className="empty">Paste or open a table, then Compute.</p>
        ) : result?.error ? (
          <p className="banner banner--error" role="alert">
            {result.error.message}
          </p>
        ) : !data ? (
          <p className="muted team-loading">Computing…</p>
        ) : (
          <>
            <p className="muted">
              {data.units.toLocaleString()} units rated by {data.coders.length} coders: {data.coders.join(', ')}.
            </p>
            <table className="team-table" data-testid="reliability-results">
              <thead>
                <tr>
                  <th scope="col">Statistic</th>
                  <th scope="col" className="num">
                    Value
                  </th>
                  <th scope="col" className="num" title="Observed agreement (for Krippendorff: observed disagreement)">
                    Observed
                  </th>
                  <th scope="col" className="num" title="Agreement expected by chance (for Krippendorff: expected disagreement)">
                    Expected
                  </th>
                  <th scope="col" className="num">
                    Units used
                  </th>
                  <th scope="col">Note</th>
                </tr>
              </thead>
              <tbody>
                {data.results.map((r) => (
                  <tr key={r.statistic} data-testid="reliability-row">
                    <th scope="row" title={STATISTIC_HINTS[r.statistic]}>
                      {STATISTIC_TITLES[r.statistic]}
                      {r.level && r.level !== 'nominal' ? <span className="row-sub">{r.level}</span> : null}
                    </th>
                    <td className="num stat">{formatStatistic(r)}</td>
                    <td className="num muted">{fixed(r.observed)}</td>
                    <td className="num muted">{fixed(r.expected)}</td>
                    <td className="num muted">
                      {r.units.toLocaleString()}
                      {r.excluded ? ` (${r.excluded.toLocaleString()} left out)` : ''}
                    </td>
                    <td className="muted reliability-note">{r.note ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </div>
    </div>
  );
}
