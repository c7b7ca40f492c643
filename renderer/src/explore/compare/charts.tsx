/**
 * The comparing charts as plain SVG: horizontal bars and 100% stacked bars. Fonts and colours are
 * attributes, not CSS, so that the element's markup is a complete SVG file (see
 * `compare-chart-image.ts`). Calm on purpose: one hue, light grid lines, numbers printed at the bars.
 */
import type { ReactNode, Ref } from 'react';
import { clip, contrastRatio, INK, PAPER, percent, ticks } from './chart-scale';

export const CHART_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Helvetica Neue', Arial, sans-serif";
const MUTED = '#5f6673';
const GRID = '#e3e7ed';
const BAR = '#34577f';
const WIDTH = 680;

/** Room for labels at 11.5 px: about 7 px per character (more in bold), within bounds. */
function labelWidth(labels: readonly string[], min: number, max: number, perChar = 7): number {
  const longest = labels.reduce((m, l) => Math.max(m, l.length), 0);
  return Math.min(max, Math.max(min, Math.ceil(longest * perChar) + 14));
}

function ChartTitle({ title, subtitle }: { title: string; subtitle?: string }) {
  return (
    <>
      <text x={16} y={22} fontSize={14} fontWeight={600} fill={INK}>
        {title}
      </text>
      {subtitle ? (
        <text x={16} y={40} fontSize={11.5} fill={MUTED}>
          {subtitle}
        </text>
      ) : null}
    </>
  );
}

export interface Bar {
  key: string;
  label: string;
  value: number;
  /** What is printed at the bar's end; the value when absent. */
  valueLabel?: string;
}

/** The frame every chart shares: the SVG element, its accessible name, a paper background, the title. */
function ChartFrame({
  width,
  height,
  title,
  subtitle,
  testId,
  ref,
  children,
}: {
  width: number;
  height: number;
  title: string;
  subtitle?: string | undefined;
  testId?: string | undefined;
  ref?: Ref<SVGSVGElement> | undefined;
  children: ReactNode;
}) {
  return (
    <svg
      ref={ref}
      className="compare-chart"
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      fontFamily={CHART_FONT}
      role="img"
      aria-label={title}
      data-testid={testId}
    >
      <title>{title}</title>
      <rect width={width} height={height} fill={PAPER} />
      <ChartTitle title={title} subtitle={subtitle} />
      {children}
    </svg>
  );
}

/** Horizontal bars, largest first as given, with a value axis from 0. */
export function BarChart({
  title,
  subtitle,
  bars,
  axisLabel,
  ref,
  testId,
}: {
  title: string;
  subtitle?: string;
  bars: readonly Bar[];
  axisLabel: string;
  ref?: Ref<SVGSVGElement>;
  testId?: string;
}) {
  const top = subtitle ? 56 : 40;
  const rowH = 20;
  const left = labelWidth(
    bars.map((b) => clip(b.label, 32)),
    64,
    220,
  );
  const right = 56;
  const plotW = WIDTH - left - right;
  const max = Math.max(0, ...bars.map((b) => b.value));
  const axis = ticks(max, 4);
  const axisMax = axis[axis.length - 1] ?? 1;
  const x = (v: number) => left + (plotW * v) / axisMax;
  const plotH = Math.max(rowH, bars.length * rowH);
  const height = top + plotH + 44;
  return (
    <ChartFrame width={WIDTH} height={height} title={title} subtitle={subtitle} testId={testId} ref={ref}>
      {axis.map((t) => (
        <g key={t}>
          <line x1={x(t)} x2={x(t)} y1={top - 4} y2={top + plotH} stroke={GRID} strokeWidth={1} />
          <text x={x(t)} y={top + plotH + 14} fontSize={10.5} fill={MUTED} textAnchor="middle">
            {Number.isInteger(t) ? t.toLocaleString('en') : t.toFixed(1)}
          </text>
        </g>
      ))}
      <text x={left + plotW / 2} y={top + plotH + 32} fontSize={11} fill={MUTED} textAnchor="middle">
        {axisLabel}
      </text>
      {bars.map((b, i) => {
        const y = top + i * rowH;
        return (
          <g key={b.key}>
            <title>{`${b.label}: ${b.valueLabel ?? b.value}`}</title>
            <text x={left - 8} y={y + rowH / 2 + 4} fontSize={11.5} fill={INK} textAnchor="end">
              {clip(b.label, 32)}
            </text>
            <rect x={left} y={y + 3} width={Math.max(0, x(b.value) - left)} height={rowH - 6} fill={BAR} rx={1.5} />
            <text x={x(b.value) + 5} y={y + rowH / 2 + 4} fontSize={11} fill={INK}>
              {b.valueLabel ?? b.value.toLocaleString('en')}
            </text>
          </g>
        );
      })}
      <line x1={left} x2={left} y1={top - 4} y2={top + plotH} stroke="#9aa3af" strokeWidth={1} />
    </ChartFrame>
  );
}

export interface StackPart {
  key: string;
  label: string;
  /** Share of the bar (0–1). */
  share: number;
  fill: string;
  /** Shown in the tooltip after the share ("113 words"). */
  detail?: string;
}

export interface StackRow {
  key: string;
  label: string;
  depth?: number;
  parts: readonly StackPart[];
  /** Printed after the bar ("Kwame 62% – one voice"), in the flag colour when `flagged`. */
  note?: string;
  flagged?: boolean;
}

/**
 * 100% stacked bars, one per row: each part labelled inside when it is wide enough, every part
 * named in its tooltip, a note after the bar.
 */
export function StackedBarChart({
  title,
  subtitle,
  rows,
  legend,
  flagColour,
  ref,
  testId,
}: {
  title: string;
  subtitle?: string;
  rows: readonly StackRow[];
  legend?: readonly { label: string; fill: string }[];
  flagColour: string;
  ref?: Ref<SVGSVGElement>;
  testId?: string;
}) {
  const top = (subtitle ? 56 : 40) + (legend && legend.length > 0 ? 22 : 0);
  const rowH = 22;
  const left = labelWidth(
    rows.map((r) => '  '.repeat(r.depth ?? 0) + clip(r.label, 34)),
    80,
    270,
    7.5,
  );
  const width = WIDTH + 200;
  const right = 220;
  const plotW = width - left - right;
  const plotH = Math.max(rowH, rows.length * rowH);
  const height = top + plotH + 34;
  return (
    <ChartFrame width={width} height={height} title={title} subtitle={subtitle} testId={testId} ref={ref}>
      {legend && legend.length > 0 ? (
        <g transform={`translate(16 ${top - 16})`}>
          {legend.reduce<{ x: number; items: ReactNode[] }>(
            (acc, item) => {
              acc.items.push(
                <g key={item.label} transform={`translate(${acc.x} 0)`}>
                  <rect width={10} height={10} y={-9} fill={item.fill} rx={1.5} />
                  <text x={14} fontSize={11} fill={MUTED}>
                    {item.label}
                  </text>
                </g>,
              );
              acc.x += 24 + item.label.length * 6;
              return acc;
            },
            { x: 0, items: [] },
          ).items}
        </g>
      ) : null}
      {[0, 0.25, 0.5, 0.75, 1].map((t) => (
        <g key={t}>
          <line x1={left + plotW * t} x2={left + plotW * t} y1={top - 4} y2={top + plotH} stroke={GRID} strokeWidth={1} />
          <text x={left + plotW * t} y={top + plotH + 14} fontSize={10.5} fill={MUTED} textAnchor="middle">
            {`${t * 100}%`}
          </text>
        </g>
      ))}
      {rows.map((r, i) => {
        const y = top + i * rowH;
        let at = left;
        return (
          <g key={r.key} data-testid={testId ? `${testId}-row` : undefined}>
            <text x={left - 8} y={y + rowH / 2 + 4} fontSize={11.5} fill={INK} textAnchor="end" fontWeight={(r.depth ?? 0) === 0 ? 600 : 400}>
              {clip(r.label, 34 - 2 * (r.depth ?? 0))}
            </text>
            {r.parts.map((p) => {
              const w = plotW * p.share;
              const x0 = at;
              at += w;
              if (w <= 0) return null;
              const text = contrastRatio(p.fill, INK) >= contrastRatio(p.fill, PAPER) ? INK : PAPER;
              const name = clip(p.label, Math.floor((w - 6) / 6.2));
              return (
                <g key={p.key}>
                  <title>{`${r.label} – ${p.label}: ${percent(p.share)}${p.detail ? ` (${p.detail})` : ''}`}</title>
                  <rect x={x0} y={y + 3} width={w} height={rowH - 6} fill={p.fill} stroke={PAPER} strokeWidth={1} />
                  {w >= 34 && name.length >= 3 ? (
                    <text x={x0 + 4} y={y + rowH / 2 + 3.5} fontSize={10} fill={text}>
                      {name}
                    </text>
                  ) : null}
                </g>
              );
            })}
            {r.note ? (
              <text x={left + plotW + 8} y={y + rowH / 2 + 4} fontSize={11} fill={r.flagged ? flagColour : MUTED} fontWeight={r.flagged ? 600 : 400}>
                {r.note}
              </text>
            ) : null}
          </g>
        );
      })}
    </ChartFrame>
  );
}
