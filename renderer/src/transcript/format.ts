/** Small pure helpers for how the transcript looks. */
import type { SpeakerRole } from '../../../shared/types';

/** Seconds from the start of the recording as h:mm:ss (0:04:51). */
export function formatTime(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(r).padStart(2, '0')}`;
}

/** FNV-1a: a stable hash, so a speaker keeps their colour across sessions and machines. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A speaker's colour, derived from their label alone. OKLCH keeps the perceived lightness equal
 * across hues (an HSL yellow is far lighter than an HSL blue), so every label reads on white
 * with a contrast of about 6:1; the hue is spread by the golden angle so P1 and P2 differ.
 */
export function speakerColor(label: string): string {
  const hue = Math.round((hash(label.trim().toLowerCase()) * 137.508) % 360);
  return `oklch(48% 0.13 ${hue})`;
}

export const ROLE_LABEL: Record<SpeakerRole, string> = {
  moderator: 'Moderator',
  participant: 'Participant',
  observer: 'Observer',
};

/** Hex colour with an alpha channel (#RRGGBBAA) from #RRGGBB and an opacity in [0, 1]. */
export function withAlpha(hex: string, alpha: number): string {
  const a = Math.round(Math.max(0, Math.min(1, alpha)) * 255)
    .toString(16)
    .padStart(2, '0');
  return `${hex.slice(0, 7)}${a}`;
}

/**
 * The inline style of a highlight covering the codings of `colors` (one per coding, in order).
 * One coding: a tint with a solid underline. Several: the tints stacked as horizontal bands and
 * one underline per coding stacked below each other, so an overlap never looks like one code.
 */
export function markStyle(colors: readonly string[]): { background: string; boxShadow: string } {
  if (colors.length === 0) return { background: '', boxShadow: '' };
  const shown = colors.slice(0, 4);
  const underline = (c: string, i: number) => `inset 0 -${2 * (i + 1)}px 0 color-mix(in srgb, ${c} 78%, #000)`;
  // Earlier shadows paint on top, so each deeper band peeks out 2px above the previous one.
  const boxShadow = shown.map(underline).join(', ');
  if (shown.length === 1) return { background: withAlpha(shown[0]!, 0.38), boxShadow };
  const step = 100 / shown.length;
  const stops = shown
    .map((c, i) => `${withAlpha(c, 0.42)} ${(i * step).toFixed(2)}% ${((i + 1) * step).toFixed(2)}%`)
    .join(', ');
  return { background: `linear-gradient(to bottom, ${stops})`, boxShadow };
}
