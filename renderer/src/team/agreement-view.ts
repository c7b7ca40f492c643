/**
 * How the Team view words agreement: each unit and statistic explained in a sentence, figures
 * formatted, the view it opens on (consensus in reflexive thematic analysis), and consensus
 * decisions as journal entries that can be found again for the passage they settle.
 */
import type { AgreementUnit, Disagreement } from '../../../shared/agreement-report';
import type { StatisticName, StatisticResult } from '../../../shared/agreement';
import type { Memo } from '../../../shared/types';

export const UNIT_CHOICES: readonly { unit: AgreementUnit; title: string; origin: string; explanation: string }[] = [
  {
    unit: 'character',
    title: 'Characters',
    origin: 'as NVivo counts',
    explanation:
      'Every character of a transcript is coded or not by each coder. Long passages weigh more than short ones, and text nobody coded counts as agreement, so figures run high where codes are rare.',
  },
  {
    unit: 'segment',
    title: 'Segments',
    origin: 'as MAXQDA counts',
    explanation:
      'Every coded segment is a unit: the other coder agrees when they coded the same code on a segment that overlaps it by at least the threshold. Uncoded text does not count, so chance-corrected statistics other than Brennan-Prediger do not apply.',
  },
  {
    unit: 'turn',
    title: 'Speaker turns',
    origin: 'for focus groups',
    explanation:
      'Every speaker turn is coded or not by each coder (any part of it counts). Agreement on what a participant said, whatever the exact boundaries: the natural unit of a focus-group transcript.',
  },
];

export const STATISTIC_HINTS: Readonly<Record<StatisticName, string>> = {
  percent: 'Share of units the coders rated alike. Easy to read, but not corrected for chance.',
  cohen: "Agreement beyond chance, chance from each coder's own rates (Light's mean over pairs for more coders).",
  scott: 'Like Cohen, with chance from the coders’ pooled rates.',
  fleiss: 'Scott’s pi for any number of coders.',
  'brennan-prediger': 'Chance fixed at one in two (coded or not): stable when a code is rare.',
  'gwet-ac1': 'Chance-corrected, and less affected by rare codes than kappa.',
  krippendorff: 'Disagreement observed against disagreement expected; handles missing ratings.',
};

/** Statistics that estimate chance from the data, meaningless at the segment unit (no uncoded units). */
export const MARGIN_STATISTICS: readonly StatisticName[] = ['cohen', 'scott', 'fleiss', 'gwet-ac1', 'krippendorff'];

/** A statistic's value for a table cell: percentages as "87.5 %", coefficients as "0.72". */
export function formatStatistic(result: StatisticResult | undefined): string {
  if (!result || result.value === null) return '—';
  if (result.statistic === 'percent') return `${(result.value * 100).toFixed(1)} %`;
  return result.value.toFixed(2);
}

/**
 * Landis and Koch's words for a kappa-like value, as a hint on the cell; they are conventions, not
 * thresholds of quality, and are given as such.
 */
export function strengthOf(result: StatisticResult | undefined): string | null {
  if (!result || result.value === null || result.statistic === 'percent') return null;
  const v = result.value;
  if (v < 0) return 'less than chance';
  if (v <= 0.2) return 'slight';
  if (v <= 0.4) return 'fair';
  if (v <= 0.6) return 'moderate';
  if (v <= 0.8) return 'substantial';
  return 'almost perfect';
}

export type TeamTab = 'coders' | 'consensus' | 'agreement' | 'reliability';

/**
 * The tab the Team view opens on when the researcher has not chosen: Chorus is built for reflexive
 * thematic analysis, whose six phases the project is always in, and there a second coder is for
 * discussion, not measurement; with a single coder there is nothing to compare yet.
 */
export function defaultTab(coders: number): TeamTab {
  return coders < 2 ? 'coders' : 'consensus';
}

// ---- consensus decisions in the reflexive journal ----

/** The line of a decision entry that ties it to its passage (and lets the view find it again). */
export function passageReference(d: Pick<Disagreement, 'start' | 'end' | 'document'>): string {
  return `Passage: characters ${d.start}–${d.end} of ${d.document.name}.`;
}

export function decisionTitle(codeName: string, documentName: string): string {
  return `Consensus on “${codeName}” in ${documentName}`;
}

/** The entry's plain text: the decision, the passage, and what each coder had coded. */
export function decisionText(decision: string, d: Disagreement, adopted: string | null): string {
  const sides = d.sides.map((s) => `${s.name}: ${s.spans.length === 0 ? 'not coded' : s.spans.map((x) => `“${x.text}”`).join(' … ')}`);
  const parts = [decision.trim(), passageReference(d), sides.join('\n')];
  if (adopted) parts.push(`Adopted ${adopted}'s coding as mine.`);
  return parts.join('\n\n');
}

/** A journal entry that records a decision about this passage: linked to the code and document, naming the span. */
export function decisionFor(entries: readonly Memo[], code: string, d: Disagreement): Memo | undefined {
  const ref = passageReference(d);
  return entries.find((m) => m.links.includes(code) && m.links.includes(d.document.guid) && m.text.includes(ref));
}

/** The decision itself: the entry's text up to the passage line. */
export function decisionSummary(entry: Memo): string {
  const at = entry.text.indexOf('\n\nPassage: characters ');
  return (at >= 0 ? entry.text.slice(0, at) : entry.text).trim();
}

/** The text of a span, shortened in the middle when long, so both ends stay readable. */
export function clip(text: string, max = 420): string {
  if (text.length <= max) return text;
  const half = Math.floor((max - 3) / 2);
  return `${text.slice(0, half).trimEnd()} … ${text.slice(text.length - half).trimStart()}`;
}

export { lexicalFromText } from '../../../shared/lexical-text';
