/**
 * Voice and talk time as stacked-bar rows: who carries each code's words (the largest share
 * darkest, a flag colour when one person carries most of it), and how each focus group's words
 * split between moderators and participants.
 */
import type { CodeVoice, GroupTalk } from '../../../../shared/analysis-compare';
import { FLAG_COLOUR, MODERATOR_COLOUR, percent, rankColour } from './chart-scale';
import type { StackRow } from './charts';

export function voiceRows(codes: readonly CodeVoice[]): StackRow[] {
  return codes.map((c) => {
    const top = c.shares[0];
    const flagged = c.dominant !== null;
    return {
      key: c.key,
      label: c.name,
      depth: c.depth,
      flagged,
      note: !top ? 'no participant words' : `${flagged ? '⚑ ' : ''}${top.label} ${percent(top.share, 0)} of ${c.words} words`,
      parts: c.shares.map((s, rank) => ({
        key: s.key,
        label: s.label,
        share: s.share,
        fill: flagged && rank === 0 ? FLAG_COLOUR : rankColour(rank),
        detail: `${s.words} words`,
      })),
    };
  });
}

/** Moderators first (grey), then participants by words (blue, darkest first), then observers. */
export function talkRows(groups: readonly GroupTalk[]): StackRow[] {
  return groups.map((g) => {
    const order = { moderator: 0, participant: 1, observer: 2 } as const;
    const speakers = [...g.speakers].sort((a, b) => order[a.role] - order[b.role] || b.words - a.words);
    let rank = 0;
    return {
      key: g.document,
      label: g.name,
      note: `moderators ${percent(g.moderatorShare, 0)} · ${g.words.toLocaleString('en')} words`,
      parts: speakers.map((s) => ({
        key: s.speaker,
        label: s.label,
        share: s.share,
        fill: s.role === 'moderator' ? MODERATOR_COLOUR : s.role === 'observer' ? '#e4e7eb' : rankColour(rank++),
        detail: `${s.words} words, ${s.turns} turns`,
      })),
    };
  });
}

/** 3129 → "52:09"; 4000 → "1:06:40"; null → "–". */
export function duration(seconds: number | null): string {
  if (seconds === null) return '–';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}
