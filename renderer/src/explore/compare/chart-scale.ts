/**
 * The arithmetic behind the comparing charts, kept out of the components: axis ticks, the heat
 * map's shades (with a text colour that stays readable on each), the ranks' colours of a stacked
 * bar, and a circle layout for the co-occurrence network. Pure, so it is tested on its own.
 */

/** A round upper bound for an axis (1, 2, 2.5, 5 × 10^n) at or above `max`. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= max - 1e-9) return step * power;
  }
  return 10 * power;
}

/** Round ticks from 0 up to the first tick at or above `max`, about `count` steps of 1, 2, 2.5 or 5 × 10^n. */
export function ticks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((s) => s * power).find((s) => s >= raw - 1e-9) ?? 10 * power;
  const steps = Math.ceil(max / step - 1e-9);
  return Array.from({ length: steps + 1 }, (_, i) => Math.round(i * step * 1e6) / 1e6);
}

type Rgb = readonly [number, number, number];

function hexToRgb(hex: string): Rgb {
  const h = hex.replace('#', '');
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as unknown as Rgb;
}

function rgbToHex(rgb: Rgb): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** WCAG 2 relative luminance of an sRGB colour. */
export function luminance(hex: string): number {
  const [r, g, b] = hexToRgb(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as unknown as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two colours (1–21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export const INK = '#1d2330';
export const PAPER = '#ffffff';

/** The heat map's ramp: a pale blue-grey to the app's deep accent blue (one hue, prints in grey). */
const HEAT_STOPS: readonly string[] = ['#f3f6fa', '#cfdcec', '#8fb0d3', '#4f7fae', '#2b5583', '#183556'];

function ramp(t: number): string {
  const x = t * (HEAT_STOPS.length - 1);
  const i = Math.min(HEAT_STOPS.length - 2, Math.floor(x));
  const a = hexToRgb(HEAT_STOPS[i]!);
  const b = hexToRgb(HEAT_STOPS[i + 1]!);
  const f = x - i;
  return rgbToHex([0, 1, 2].map((k) => a[k]! + (b[k]! - a[k]!) * f) as unknown as Rgb);
}

/** The first t at which the ramp is as dark as `target` luminance (the ramp darkens steadily). */
function rampAt(target: number): number {
  let lo = 0;
  let hi = 1;
  for (let k = 0; k < 40; k++) {
    const mid = (lo + hi) / 2;
    if (luminance(ramp(mid)) > target) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * Mid-tones whose luminance lies between these two give neither ink nor white text 4.5:1 (WCAG
 * AA); the ramp steps over that band instead of passing through it.
 */
const INK_FLOOR = 0.26;
const PAPER_CEILING = 0.175;
let band: { from: number; to: number } | null = null;

/**
 * The shade of a heat-map cell for `t` in 0–1 (0: empty, 1: the largest value shown), and the
 * text colour (ink or white) with the higher contrast on it, so every number stays readable.
 */
export function heatColor(t: number): { fill: string; text: string } {
  band ??= { from: rampAt(INK_FLOOR), to: rampAt(PAPER_CEILING) };
  let x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  if (x > band.from && x < band.to) x = x < (band.from + band.to) / 2 ? band.from - 1e-6 : band.to;
  const fill = ramp(x);
  const text = contrastRatio(fill, INK) >= contrastRatio(fill, PAPER) ? INK : PAPER;
  return { fill, text };
}

/**
 * Colours for the parts of a stacked bar by rank (largest first): the accent blue, then lighter
 * blue-greys. Parts are told apart by white gaps and order, not by a rainbow that would imply
 * categories and fail in print.
 */
const RANK_COLOURS: readonly string[] = ['#2b5583', '#5d84ad', '#8ba8c7', '#b3c6da', '#d3dde8'];
export const FLAG_COLOUR = '#b5561b';
export const MODERATOR_COLOUR = '#a7adb6';

export function rankColour(rank: number): string {
  return RANK_COLOURS[Math.min(rank, RANK_COLOURS.length - 1)]!;
}

/** Points on a circle, the first at the top, going clockwise; one point sits in the middle. */
export function circleLayout(count: number, radius: number): { x: number; y: number }[] {
  if (count === 1) return [{ x: 0, y: 0 }];
  return Array.from({ length: count }, (_, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / count;
    return { x: Math.round(radius * Math.cos(angle) * 100) / 100, y: Math.round(radius * Math.sin(angle) * 100) / 100 };
  });
}

/**
 * Points on the left and right arcs of a circle (within `spread` radians of the horizontal), the
 * first at the top right, going clockwise. Leaving the top and bottom empty lets every label run
 * sideways, away from the centre, without running into its neighbour's.
 */
export function arcLayout(count: number, radius: number, spread = Math.PI / 3): { x: number; y: number }[] {
  if (count === 1) return [{ x: 0, y: 0 }];
  const right = Math.ceil(count / 2);
  const left = count - right;
  const angles = (k: number) => (k === 1 ? [0] : Array.from({ length: k }, (_, i) => -spread + (2 * spread * i) / (k - 1)));
  const round = (v: number) => Math.round(v * 100) / 100 || 0;
  return [
    ...angles(right).map((a) => ({ x: round(radius * Math.cos(a)), y: round(radius * Math.sin(a)) })),
    ...angles(left)
      .reverse()
      .map((a) => ({ x: round(-radius * Math.cos(a)), y: round(radius * Math.sin(a)) })),
  ];
}

/** The radius at which neighbours among `count` points of `arcLayout` lie `gap` apart. */
export function arcRadius(count: number, gap: number, spread = Math.PI / 3): number {
  const perSide = Math.ceil(count / 2);
  if (perSide <= 1) return gap;
  const step = (2 * spread) / (perSide - 1);
  return gap / (2 * Math.sin(step / 2));
}

/** Linear scaling of `value` from [0, max] to [min, maxOut]: a node's size or an edge's width. */
export function scaleTo(value: number, max: number, minOut: number, maxOut: number): number {
  if (!(max > 0)) return minOut;
  return minOut + (maxOut - minOut) * Math.min(1, Math.max(0, value / max));
}

/** 0.1234 → "12.3%"; null → "–". */
export function percent(share: number | null, digits = 1): string {
  return share === null || !Number.isFinite(share) ? '–' : `${(share * 100).toFixed(digits)}%`;
}

/** Shortens a label for a chart axis, keeping its start (the full name stays in the title). */
export function clip(label: string, max: number): string {
  return label.length <= max ? label : `${label.slice(0, Math.max(1, max - 1)).trimEnd()}…`;
}
