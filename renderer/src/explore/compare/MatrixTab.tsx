/**
 * Matrix: codes or themes against focus groups, speakers, roles or an attribute's values, counting
 * codings, participants or words; as counts, row % or column %; as a heat map or a plain table.
 * A cell opens its segments beside the matrix.
 */
import { useRef, useState } from 'react';
import type { Matrix, MatrixColumns, MatrixInput, MatrixMeasure, MatrixRows } from '../../../../shared/analysis-compare';
import { useOp } from '../../api';
import type { Passage } from '../../passage';
import { ChartExportButtons, TableExportButtons } from '../shared/compare-ExportButtons';
import { CompareSegmentList } from '../shared/compare-SegmentList';
import { cellDisplay, type MatrixShow } from './compare-model';
import { MatrixHeatmap, type CellRef } from './MatrixHeatmap';

const MEASURES: Record<MatrixMeasure, string> = { codings: 'Codings', participants: 'Participants', words: 'Words' };
const SHOWS: Record<MatrixShow, string> = { counts: 'Counts', row: 'Row %', col: 'Column %' };

function columnsValue(c: MatrixColumns): string {
  return c.kind === 'attribute' ? `attribute:${c.attribute}` : c.kind;
}

function columnsNoun(c: MatrixColumns, attributeName: string | undefined): string {
  if (c.kind === 'documents') return 'focus group';
  if (c.kind === 'speakers') return 'participant';
  if (c.kind === 'roles') return 'role';
  return attributeName ?? 'attribute';
}

function titleOf(input: Required<Pick<MatrixInput, 'rows' | 'measure'>> & { columns: MatrixColumns }, attributeName?: string): string {
  const rows = input.rows === 'themes' ? 'theme' : input.rows === 'all' ? 'code and theme' : 'code';
  return `${MEASURES[input.measure]} by ${rows} and ${columnsNoun(input.columns, attributeName)}`;
}

const SHOW_NOTE: Record<MatrixShow, string> = {
  counts: 'Counts; shade by value',
  row: 'Row percentages: each row’s spread across the columns',
  col: 'Column percentages: each column’s share of the row',
};

export function MatrixTab({ onOpenPassage }: { onOpenPassage: (passage: Passage) => void }) {
  const [rows, setRows] = useState<MatrixRows>('codes');
  const [columns, setColumns] = useState<MatrixColumns>({ kind: 'documents' });
  const [measure, setMeasure] = useState<MatrixMeasure>('codings');
  const [show, setShow] = useState<MatrixShow>('counts');
  const [view, setView] = useState<'heat' | 'table'>('heat');
  const [selected, setSelected] = useState<CellRef | null>(null);
  const chart = useRef<SVGSVGElement>(null);
  const pAttributes = useOp('attributes.list', { scope: 'participant' });
  const dAttributes = useOp('attributes.list', { scope: 'document' });
  const attributes = [...(pAttributes.data ?? []), ...(dAttributes.data ?? [])];

  const input = { rows, columns, measure };
  const matrix = useOp('analysis.matrix', input);
  const m = matrix.data;
  const row = m && selected ? m.rows[selected.row] : undefined;
  const col = m && selected ? m.columns[selected.col] : undefined;
  const cell = useOp('analysis.matrixCell', { ...input, row: row?.key ?? '', column: col?.key ?? '' }, { enabled: Boolean(row && col) });

  const attributeName = columns.kind === 'attribute' ? attributes.find((a) => a.guid === columns.attribute)?.name : undefined;
  const title = titleOf(input, attributeName);
  const change = (f: () => void) => {
    f();
    setSelected(null);
  };

  return (
    <div className="compare-tab" data-testid="explore-matrix">
      <div className="compare-controls">
        <label className="compare-field">
          <span>Rows</span>
          <select value={rows} onChange={(e) => change(() => setRows(e.target.value as MatrixRows))} data-testid="matrix-rows">
            <option value="codes">Codes</option>
            <option value="themes">Themes (with everything below)</option>
            <option value="all">Codes and themes</option>
          </select>
        </label>
        <label className="compare-field">
          <span>Columns</span>
          <select
            value={columnsValue(columns)}
            onChange={(e) =>
              change(() => {
                const v = e.target.value;
                setColumns(v.startsWith('attribute:') ? { kind: 'attribute', attribute: v.slice('attribute:'.length) } : { kind: v as 'documents' });
              })
            }
            data-testid="matrix-columns"
          >
            <option value="documents">Focus groups</option>
            <option value="speakers">Participants</option>
            <option value="roles">Roles</option>
            {attributes.map((a) => (
              <option key={a.guid} value={`attribute:${a.guid}`}>
                {a.scope === 'participant' ? 'Participant' : 'Focus group'} attribute: {a.name}
              </option>
            ))}
          </select>
        </label>
        <label className="compare-field">
          <span>Count</span>
          <select value={measure} onChange={(e) => change(() => setMeasure(e.target.value as MatrixMeasure))} data-testid="matrix-measure">
            {Object.entries(MEASURES).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <div className="compare-segmented" role="radiogroup" aria-label="Show">
          {(Object.keys(SHOWS) as MatrixShow[]).map((k) => (
            <button key={k} type="button" role="radio" aria-checked={show === k} onClick={() => setShow(k)} data-testid={`matrix-show-${k}`}>
              {SHOWS[k]}
            </button>
          ))}
        </div>
        <div className="compare-segmented" role="radiogroup" aria-label="View">
          <button type="button" role="radio" aria-checked={view === 'heat'} onClick={() => setView('heat')} data-testid="matrix-view-heat">
            Heat map
          </button>
          <button type="button" role="radio" aria-checked={view === 'table'} onClick={() => setView('table')} data-testid="matrix-view-table">
            Table
          </button>
        </div>
      </div>

      <section className="compare-section">
        <header className="compare-section-header">
          <h2>{title}</h2>
          <p className="muted">Click a cell for its segments.</p>
          <TableExportButtons analysis={{ kind: 'matrix', params: input }} testId="matrix-table-export" />
          {view === 'heat' ? <ChartExportButtons chart={chart} title={`${title} – ${SHOWS[show]}`} testId="matrix-chart-export" /> : null}
        </header>
        {matrix.isError ? <p className="compare-error">{matrix.error.message}</p> : null}
        {!m ? (
          <p className="muted">{matrix.isPending ? 'Counting…' : ''}</p>
        ) : m.rows.length === 0 || m.columns.length === 0 ? (
          <p className="muted">Nothing to count yet: code some passages first.</p>
        ) : (
          <div className="compare-with-side">
            <div className="compare-scroll">
              {view === 'heat' ? (
                <MatrixHeatmap
                  ref={chart}
                  matrix={m}
                  show={show}
                  title={title}
                  subtitle={SHOW_NOTE[show]}
                  selected={selected}
                  onCell={setSelected}
                />
              ) : (
                <MatrixTable matrix={m} show={show} selected={selected} onCell={setSelected} />
              )}
            </div>
            {row && col ? (
              <CompareSegmentList
                title={row.name}
                subtitle={`${col.document ? `${col.label} (${col.document})` : col.label} · ${row.cells[selected!.col]!.value} ${MEASURES[measure].toLowerCase()}`}
                segments={cell.data}
                loading={cell.isPending}
                onOpenPassage={onOpenPassage}
                onClose={() => setSelected(null)}
              />
            ) : null}
          </div>
        )}
      </section>
    </div>
  );
}

function MatrixTable({ matrix, show, selected, onCell }: { matrix: Matrix; show: MatrixShow; selected: CellRef | null; onCell: (c: CellRef) => void }) {
  return (
    <table className="compare-table compare-matrix-table" data-testid="matrix-table">
      <thead>
        <tr>
          <th scope="col" />
          {matrix.columns.map((c) => (
            <th key={c.key} scope="col" className="num">
              {c.document ? `${c.label} (${c.document})` : c.label}
            </th>
          ))}
          <th scope="col" className="num">
            Total
          </th>
        </tr>
      </thead>
      <tbody>
        {matrix.rows.map((r, i) => (
          <tr key={r.key}>
            <th scope="row" className={r.kind === 'theme' ? 'compare-theme-name' : undefined} style={{ paddingLeft: 8 + 14 * r.depth }}>
              {r.name}
            </th>
            {r.cells.map((cell, j) => (
              <td key={matrix.columns[j]!.key} className="num">
                <button
                  type="button"
                  className={selected?.row === i && selected.col === j ? 'compare-cell compare-cell--selected' : 'compare-cell'}
                  onClick={() => onCell({ row: i, col: j })}
                  data-testid={`matrix-tcell-${i}-${j}`}
                >
                  {cellDisplay(cell, show, 1).label}
                </button>
              </td>
            ))}
            <td className="num muted">{r.total}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total</th>
          {matrix.columns.map((c) => (
            <td key={c.key} className="num muted">
              {c.total}
            </td>
          ))}
          <td className="num">{matrix.total}</td>
        </tr>
      </tfoot>
    </table>
  );
}
