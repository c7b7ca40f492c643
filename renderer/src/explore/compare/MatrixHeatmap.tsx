/**
 * The matrix as a heat map in SVG: each cell shaded by its value on one blue ramp, its number
 * printed in ink or white (whichever contrasts more with the shade), totals in grey at the edges.
 * Every cell is a button: it opens the segments behind it.
 */
import type { Ref } from 'react';
import type { Matrix } from '../../../../shared/analysis-compare';
import { clip, heatColor, INK, PAPER } from './chart-scale';
import { CHART_FONT } from './charts';
import { cellDisplay, matrixMax, type MatrixShow } from './compare-model';

const MUTED = '#5f6673';
const ROW_H = 26;

export interface CellRef {
  row: number;
  col: number;
}

function columnLabel(c: Matrix['columns'][number]): string {
  return c.document ? `${c.label} (${c.document})` : c.label;
}

/** Splits a short label over two lines at a space near its middle. */
function twoLines(label: string, max: number): [string, string?] {
  if (label.length <= max) return [label];
  const spaces = [...label.matchAll(/ /g)].map((m) => m.index);
  const cut = spaces.sort((a, b) => Math.abs(a - label.length / 2) - Math.abs(b - label.length / 2))[0];
  if (cut === undefined) return [clip(label, max)];
  return [clip(label.slice(0, cut), max), clip(label.slice(cut + 1), max)];
}

export function MatrixHeatmap({
  matrix,
  show,
  title,
  subtitle,
  selected,
  onCell,
  ref,
}: {
  matrix: Matrix;
  show: MatrixShow;
  title: string;
  subtitle: string;
  selected: CellRef | null;
  onCell: (cell: CellRef) => void;
  ref?: Ref<SVGSVGElement>;
}) {
  const cols = matrix.columns;
  const rotated = cols.length > 6;
  const colW = rotated ? 46 : 108;
  const longestRow = matrix.rows.reduce((m, r) => Math.max(m, clip(r.name, 40).length + 2 * r.depth), 0);
  const left = Math.min(290, Math.max(120, longestRow * 6.3 + 24));
  const longestCol = cols.reduce((m, c) => Math.max(m, Math.min(28, columnLabel(c).length)), 0);
  const head = rotated ? Math.ceil(longestCol * 6 * 0.77) + 18 : 42;
  const top = 58 + head;
  const totalW = 60;
  const width = Math.ceil(left + cols.length * colW + totalW + 16);
  const height = top + (matrix.rows.length + 1) * ROW_H + 16;
  const max = matrixMax(matrix, show);
  return (
    <svg
      ref={ref}
      className="compare-chart compare-heatmap"
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      fontFamily={CHART_FONT}
      role="group"
      aria-label={title}
      data-testid="matrix-heatmap"
    >
      <title>{title}</title>
      <rect width={width} height={height} fill={PAPER} />
      <text x={16} y={22} fontSize={14} fontWeight={600} fill={INK}>
        {title}
      </text>
      <text x={16} y={40} fontSize={11.5} fill={MUTED}>
        {subtitle}
      </text>
      {cols.map((c, j) => {
        const cx = left + j * colW + colW / 2;
        const label = columnLabel(c);
        if (rotated) {
          return (
            <text key={c.key} transform={`translate(${cx + 4} ${top - 8}) rotate(-50)`} fontSize={11} fill={INK}>
              <title>{label}</title>
              {clip(label, 28)}
            </text>
          );
        }
        const [a, b] = twoLines(label, 17);
        return (
          <text key={c.key} x={cx} y={top - (b ? 24 : 10)} fontSize={11} fill={INK} textAnchor="middle">
            <title>{label}</title>
            <tspan x={cx}>{a}</tspan>
            {b ? (
              <tspan x={cx} dy={14}>
                {b}
              </tspan>
            ) : null}
          </text>
        );
      })}
      <text x={left + cols.length * colW + totalW / 2} y={top - 10} fontSize={11} fill={MUTED} textAnchor="middle">
        Total
      </text>
      {matrix.rows.map((r, i) => {
        const y = top + i * ROW_H;
        return (
          <g key={r.key}>
            <text
              x={left - 10}
              y={y + ROW_H / 2 + 4}
              fontSize={11.5}
              fill={INK}
              textAnchor="end"
              fontWeight={r.kind === 'theme' ? 600 : 400}
            >
              <title>{r.name}</title>
              {'\u2002'.repeat(r.depth)}
              {clip(r.name, 40)}
            </text>
            {r.cells.map((cell, j) => {
              const { label, t } = cellDisplay(cell, show, max);
              const { fill, text: ink } = heatColor(t);
              // Empty cells recede: their zero is grey, still readable on the palest shade.
              const text = label === '0' || label === '–' ? MUTED : ink;
              const isSelected = selected?.row === i && selected.col === j;
              const x = left + j * colW;
              const col = cols[j]!;
              return (
                <g
                  key={col.key}
                  role="button"
                  tabIndex={0}
                  aria-label={`${r.name}, ${columnLabel(col)}: ${label}${show === 'counts' ? '' : '%'}`}
                  aria-pressed={isSelected}
                  className="compare-heat-cell"
                  onClick={() => onCell({ row: i, col: j })}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      onCell({ row: i, col: j });
                    }
                  }}
                  data-testid={`matrix-cell-${i}-${j}`}
                >
                  <rect x={x + 1} y={y + 1} width={colW - 2} height={ROW_H - 2} fill={fill} rx={2} />
                  {isSelected ? <rect x={x + 1.5} y={y + 1.5} width={colW - 3} height={ROW_H - 3} fill="none" stroke="#b5561b" strokeWidth={2.5} rx={2} data-screen-only="" /> : null}
                  <text x={x + colW / 2} y={y + ROW_H / 2 + 4} fontSize={11.5} fill={text} textAnchor="middle" style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {label}
                  </text>
                </g>
              );
            })}
            <text x={left + cols.length * colW + totalW / 2} y={y + ROW_H / 2 + 4} fontSize={11.5} fill={MUTED} textAnchor="middle">
              {r.total}
            </text>
          </g>
        );
      })}
      <g>
        <line
          x1={16}
          x2={left + cols.length * colW + totalW}
          y1={top + matrix.rows.length * ROW_H + 2}
          y2={top + matrix.rows.length * ROW_H + 2}
          stroke="#cfd4dc"
        />
        <text x={left - 10} y={top + matrix.rows.length * ROW_H + ROW_H / 2 + 6} fontSize={11.5} fill={MUTED} textAnchor="end">
          Total
        </text>
        {cols.map((c, j) => (
          <text
            key={c.key}
            x={left + j * colW + colW / 2}
            y={top + matrix.rows.length * ROW_H + ROW_H / 2 + 6}
            fontSize={11.5}
            fill={MUTED}
            textAnchor="middle"
          >
            {c.total}
          </text>
        ))}
        <text
          x={left + cols.length * colW + totalW / 2}
          y={top + matrix.rows.length * ROW_H + ROW_H / 2 + 6}
          fontSize={11.5}
          fill={MUTED}
          fontWeight={600}
          textAnchor="middle"
        >
          {matrix.total}
        </text>
      </g>
    </svg>
  );
}
