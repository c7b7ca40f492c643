/**
 * Which unit a tool's text selections count in, and the text Chorus stores for a source.
 *
 * The spec says code points over the file as written; NVivo counts UTF-16 code units (CRLF is
 * two), ATLAS.ti counts a CRLF as one (FORMAT.md §5). The tool's rule (by `origin`) is tried
 * first and verified: every selection must lie inside the text and on character boundaries, and
 * where the tool wrote the selected text as the selection's name, the text must match. When
 * another rule fits clearly better, it is used instead.
 */
import { normalizeText } from '../../documents/decode.js';
import type { RefiSelection } from './model.js';

/** What mapping reads of a selection. */
type Placed = Pick<RefiSelection, 'name' | 'start' | 'end'>;
import { SourceTextMap, type OffsetUnit } from './positions.js';

export interface OffsetRule {
  unit: OffsetUnit;
  /** CRLF counts as one character (the text is read with `\n` line ends). */
  crlfAsOne: boolean;
}

const RULES: OffsetRule[] = [
  { unit: 'codepoint', crlfAsOne: false },
  { unit: 'utf16', crlfAsOne: false },
  { unit: 'codepoint', crlfAsOne: true },
  { unit: 'utf16', crlfAsOne: true },
];

export function ruleForOrigin(origin: string): OffsetRule {
  if (/nvivo/iu.test(origin)) return { unit: 'utf16', crlfAsOne: false };
  if (/atlas/iu.test(origin)) return { unit: 'codepoint', crlfAsOne: true };
  return { unit: 'codepoint', crlfAsOne: false };
}

function mapFor(raw: string, rule: OffsetRule): SourceTextMap {
  return new SourceTextMap(rule.crlfAsOne ? raw.replace(/\r\n/gu, '\n') : raw, rule.unit);
}

/** How well a rule explains the selections: those that fit, and those whose name is their text. */
function score(map: SourceTextMap, selections: readonly Placed[]): { fit: number; named: number } {
  let fit = 0;
  let named = 0;
  for (const s of selections) {
    if (s.start > s.end || !map.isBoundary(s.start) || !map.isBoundary(s.end)) continue;
    fit++;
    if (s.name.length > 1 && map.text.slice(map.start(s.start), map.end(s.end)) === normalizeText(s.name)) named++;
  }
  return { fit, named };
}

export interface MappedSource {
  map: SourceTextMap;
  rule: OffsetRule;
  /** Selections that fall outside the text under the rule used. */
  misfits: number;
}

export function mapSourceText(raw: string, origin: string, selections: readonly Placed[]): MappedSource {
  const preferred = ruleForOrigin(origin);
  const first = mapFor(raw, preferred);
  const best = { map: first, rule: preferred, ...score(first, selections) };
  const hasCr = raw.includes('\r');
  const hasAstral = /[\uD800-\uDBFF]/u.test(raw);
  if (best.fit < selections.length || best.named < selections.filter((s) => s.name.length > 1).length) {
    for (const rule of RULES) {
      if (rule.unit === preferred.unit && rule.crlfAsOne === preferred.crlfAsOne) continue;
      // Rules that read this text the same way as one already tried cannot do better.
      if (!hasCr && rule.crlfAsOne !== preferred.crlfAsOne && rule.unit === preferred.unit) continue;
      if (!hasAstral && rule.unit !== preferred.unit && rule.crlfAsOne === preferred.crlfAsOne) continue;
      const map = mapFor(raw, rule);
      const s = score(map, selections);
      if (s.fit > best.fit || (s.fit === best.fit && s.named > best.named)) Object.assign(best, { map, rule, ...s });
    }
  }
  return { map: best.map, rule: best.rule, misfits: selections.length - best.fit };
}
