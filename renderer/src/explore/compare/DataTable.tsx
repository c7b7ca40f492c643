/**
 * A result table whose columns sort on a click (text A→Z first, numbers largest first), with
 * `aria-sort` on the sorted header; rows may open what lies behind them.
 */
import { useState, type ReactNode } from 'react';
import { nextSort, sortRows, type SortState } from './compare-model';

export interface Column<R> {
  key: string;
  label: string;
  /** The value sorted on; a number right-aligns the column. */
  value: (row: R) => string | number;
  render?: (row: R) => ReactNode;
  title?: string;
}

export function DataTable<R>({
  columns,
  rows,
  rowKey,
  initialSort,
  onRowClick,
  selected,
  testId,
  caption,
}: {
  columns: readonly Column<R>[];
  rows: readonly R[];
  rowKey: (row: R) => string;
  initialSort?: SortState<string>;
  onRowClick?: (row: R) => void;
  selected?: string | null;
  testId: string;
  caption?: string;
}) {
  const [sort, setSort] = useState<SortState<string> | null>(initialSort ?? null);
  const textKeys = columns.filter((c) => rows.length > 0 && typeof c.value(rows[0]!) === 'string').map((c) => c.key);
  const byKey = new Map(columns.map((c) => [c.key, c]));
  const sorted = sort ? sortRows(rows, sort, (row, key) => byKey.get(key)?.value(row) ?? '') : rows;
  const numeric = (c: Column<R>) => rows.length > 0 && typeof c.value(rows[0]!) === 'number';
  return (
    <table className="compare-table" data-testid={testId}>
      {caption ? <caption className="compare-sr-only">{caption}</caption> : null}
      <thead>
        <tr>
          {columns.map((c) => (
            <th
              key={c.key}
              scope="col"
              className={numeric(c) ? 'num' : undefined}
              aria-sort={sort?.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
              title={c.title}
            >
              <button type="button" className="compare-sort" onClick={() => setSort((s) => nextSort(s ?? { key: '', dir: 'desc' }, c.key, textKeys))}>
                {c.label}
                <span className="compare-sort-mark" aria-hidden="true">
                  {sort?.key === c.key ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
                </span>
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {sorted.map((row) => {
          const key = rowKey(row);
          return (
            <tr
              key={key}
              className={[onRowClick ? 'compare-row--clickable' : '', selected === key ? 'compare-row--selected' : ''].join(' ').trim() || undefined}
              onClick={onRowClick ? () => onRowClick(row) : undefined}
              onKeyDown={onRowClick ? (e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), onRowClick(row)) : undefined}
              tabIndex={onRowClick ? 0 : undefined}
              aria-selected={onRowClick ? selected === key : undefined}
              data-testid={`${testId}-row`}
            >
              {columns.map((c) => (
                <td key={c.key} className={numeric(c) ? 'num' : undefined}>
                  {c.render ? c.render(row) : c.value(row)}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
