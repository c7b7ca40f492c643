/**
 * Co-occurrence: which codes meet (overlapping passages, the same turn, or within N turns), as a
 * table of pairs and as a network. A pair opens the segments where the two meet.
 */
import { useState } from 'react';
import type { CooccurrenceInput, CooccurrenceMode, CooccurrencePair, MatrixRows } from '../../../../shared/analysis-compare';
import { useOp } from '../../api';
import type { Passage } from '../../passage';
import { TableExportButtons } from '../shared/compare-ExportButtons';
import { CompareSegmentList } from '../shared/compare-SegmentList';
import { CooccurrenceNetwork } from './CooccurrenceNetwork';
import { DataTable, type Column } from './DataTable';

const MODES: Record<CooccurrenceMode, string> = {
  overlap: 'Overlapping passages',
  turn: 'In the same turn',
  window: 'Within N turns',
};

const PAIR_COLUMNS: Column<CooccurrencePair>[] = [
  { key: 'aName', label: 'Code', value: (p) => p.aName },
  { key: 'bName', label: 'meets', value: (p) => p.bName },
  { key: 'count', label: 'Times', value: (p) => p.count },
  {
    key: 'jaccard',
    label: 'Jaccard',
    value: (p) => p.jaccard,
    render: (p) => p.jaccard.toFixed(2),
    title: 'How much the two coincide: 1 when they always come together, 0 when never',
  },
];

export function CooccurrenceTab({ onOpenPassage }: { onOpenPassage: (passage: Passage) => void }) {
  const [mode, setMode] = useState<CooccurrenceMode>('turn');
  const [window, setWindow] = useState(1);
  const [rows, setRows] = useState<MatrixRows>('codes');
  const [minCount, setMinCount] = useState(1);
  const [view, setView] = useState<'table' | 'network'>('table');
  const [pair, setPair] = useState<{ a: string; b: string } | null>(null);

  const input: CooccurrenceInput = { mode, window, rows, minCount };
  const co = useOp('analysis.cooccurrence', input);
  const segments = useOp('analysis.cooccurrenceCell', { ...input, a: pair?.a ?? '', b: pair?.b ?? '' }, { enabled: pair !== null });
  const selectedPair = pair && co.data?.pairs.find((p) => p.a === pair.a && p.b === pair.b);
  const unitLabel = mode === 'overlap' ? 'codings' : 'turns coded';
  const change = (f: () => void) => {
    f();
    setPair(null);
  };

  return (
    <div className="compare-tab" data-testid="explore-cooccurrence">
      <div className="compare-controls">
        <label className="compare-field">
          <span>Codes meet</span>
          <select value={mode} onChange={(e) => change(() => setMode(e.target.value as CooccurrenceMode))} data-testid="co-mode">
            {Object.entries(MODES).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {mode === 'window' ? (
          <label className="compare-field compare-field--narrow">
            <span>N turns</span>
            <input
              type="number"
              min={0}
              max={50}
              value={window}
              onChange={(e) => change(() => setWindow(Math.max(0, Math.min(50, Math.round(Number(e.target.value) || 0)))))}
              data-testid="co-window"
            />
          </label>
        ) : null}
        <label className="compare-field">
          <span>Of</span>
          <select value={rows} onChange={(e) => change(() => setRows(e.target.value as MatrixRows))} data-testid="co-rows">
            <option value="codes">Codes</option>
            <option value="themes">Themes (with everything below)</option>
            <option value="all">Codes and themes</option>
          </select>
        </label>
        <label className="compare-field compare-field--narrow">
          <span>At least</span>
          <input
            type="number"
            min={1}
            max={1000}
            value={minCount}
            onChange={(e) => change(() => setMinCount(Math.max(1, Math.round(Number(e.target.value) || 1))))}
            data-testid="co-min"
          />
        </label>
        <div className="compare-segmented" role="radiogroup" aria-label="View">
          <button type="button" role="radio" aria-checked={view === 'table'} onClick={() => setView('table')} data-testid="co-view-table">
            Table
          </button>
          <button type="button" role="radio" aria-checked={view === 'network'} onClick={() => setView('network')} data-testid="co-view-network">
            Network
          </button>
        </div>
      </div>

      <section className="compare-section">
        <header className="compare-section-header">
          <h2>Codes that meet: {MODES[mode].toLowerCase().replace('n turns', `${window} turn${window === 1 ? '' : 's'}`)}</h2>
          {co.data ? (
            <p className="muted" data-testid="co-summary">
              {co.data.pairs.length} pairs; click one for the passages where they meet
            </p>
          ) : null}
          <TableExportButtons analysis={{ kind: 'cooccurrence', params: input }} testId="co-table-export" />
        </header>
        {co.isError ? <p className="compare-error">{co.error.message}</p> : null}
        {!co.data ? (
          <p className="muted">{co.isPending ? 'Counting…' : ''}</p>
        ) : co.data.pairs.length === 0 ? (
          <p className="muted">
            No two codes meet at this setting.{mode === 'overlap' ? ' Codings in focus groups rarely overlap: try “In the same turn”.' : ''}
          </p>
        ) : (
          <div className="compare-with-side">
            <div className="compare-scroll">
              {view === 'table' ? (
                <DataTable
                  columns={PAIR_COLUMNS}
                  rows={co.data.pairs}
                  rowKey={(p) => `${p.a}|${p.b}`}
                  onRowClick={(p) => setPair({ a: p.a, b: p.b })}
                  selected={pair ? `${pair.a}|${pair.b}` : null}
                  testId="co-table"
                  caption="Pairs of codes"
                />
              ) : (
                <CooccurrenceNetwork
                  data={co.data}
                  selected={pair ? `${pair.a}|${pair.b}` : null}
                  onPair={(a, b) => setPair({ a, b })}
                  title={`Co-occurring codes – ${MODES[mode]}`}
                  unitLabel={unitLabel}
                />
              )}
            </div>
            {pair ? (
              <CompareSegmentList
                title={selectedPair ? `${selectedPair.aName} + ${selectedPair.bName}` : 'Segments'}
                subtitle={selectedPair ? `${selectedPair.count} times · Jaccard ${selectedPair.jaccard.toFixed(2)}` : undefined}
                segments={segments.data}
                loading={segments.isPending}
                onOpenPassage={onOpenPassage}
                onClose={() => setPair(null)}
              />
            ) : null}
          </div>
        )}
      </section>
    </div>
  );
}
