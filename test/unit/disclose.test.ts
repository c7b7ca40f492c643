/**
 * The transformer every export's text goes through (shared/disclose.ts): examples, then
 * properties over generated texts, name lists and redactions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  disclose,
  disclosedSlice,
  mapEnd,
  mapStart,
  NameMatcher,
  phrasePattern,
  phraseSpans,
  REDACTION_MARK,
  type NameRule,
} from '../../shared/disclose.js';

const names = (rules: NameRule[]) => new NameMatcher(rules);

/** An independent check: does `name` occur in `text` as a whole word, any case? */
function contains(text: string, name: string): boolean {
  const words = name.trim().split(/\s+/u).map((w) => w.replace(/[.*+?^${}()|[\]\\/-]/gu, '\\$&').replace(/['’]/gu, "['’]"));
  return new RegExp(`(?<![\\p{L}\\p{N}\\p{M}])${words.join('\\s+')}(?![\\p{L}\\p{N}\\p{M}])`, 'iu').test(text.normalize('NFC'));
}

describe('disclose', () => {
  const rules: NameRule[] = [
    { realName: 'Maria', pseudonym: 'Participant 3' },
    { realName: 'Maria Lopez', pseudonym: 'Participant 3' },
    { realName: 'José', pseudonym: 'Participant 4' },
    { realName: 'Renée', pseudonym: 'Participant 5' },
    { realName: "St. Mary's Hospital", pseudonym: '[Hospital A]' },
    { realName: 'Ann', pseudonym: 'Participant 6' },
  ];

  it('replaces whole words, any case, longest first, with possessives', () => {
    const text = "Maria Lopez said Maria's idea was good; MARIA agreed with josé and Renée at St. Mary’s Hospital. Annual Anna Ann.";
    expect(disclose(text, { names: names(rules) }).text).toBe(
      "Participant 3 said Participant 3's idea was good; Participant 3 agreed with Participant 4 and Participant 5 at [Hospital A]. Annual Anna Participant 6.",
    );
  });

  it('treats accented letters as part of a word', () => {
    const m = names([{ realName: 'Jos', pseudonym: 'X' }, { realName: 'Rene', pseudonym: 'Y' }]);
    expect(disclose('José and Renée and Jos', { names: m }).text).toBe('José and Renée and X');
  });

  it('matches a name broken across lines', () => {
    expect(disclose('Maria\nLopez came', { names: names(rules) }).text).toBe('Participant 3 came');
  });

  it('blacks out redactions whatever their length, merging overlaps', () => {
    const text = 'I work at the clinic on Elm Road with Maria.';
    const d = disclose(text, { names: names(rules), redactions: [{ start: 24, end: 28 }, { start: 26, end: 32 }] });
    expect(d.text).toBe(`I work at the clinic on ${REDACTION_MARK} with Participant 3.`);
  });

  it('maps offsets: a span cutting a name or a redaction grows to hold all of it', () => {
    const text = 'Hello Maria Lopez, welcome.';
    const d = disclose(text, { names: names(rules) });
    expect(d.text).toBe('Hello Participant 3, welcome.');
    expect(disclosedSlice(d, 0, 5)).toBe('Hello');
    expect(disclosedSlice(d, 8, 20)).toBe('Participant 3, w');
    expect(disclosedSlice(d, 19, 27)).toBe('welcome.');
    expect(mapStart(d, text.length)).toBe(d.text.length);
    expect(mapEnd(d, 0)).toBe(0);
  });

  it('never writes a listed name, even when a pseudonym next to a word would spell one', () => {
    const m = names([
      { realName: 'Lopez', pseudonym: 'Smith' },
      { realName: 'Smith Jones', pseudonym: 'P1' },
    ]);
    const d = disclose('Lopez Jones came.', { names: m });
    expect(contains(d.text, 'Smith Jones')).toBe(false);
    expect(d.text.endsWith(' came.')).toBe(true);
  });

  it('finds verbatim copies of redacted passages in free text', () => {
    const re = phrasePattern('the night shift at Elm Road')!;
    expect(phraseSpans('We said: the  night shift at Elm Road, again.', [re])).toEqual([{ start: 9, end: 37 }]);
    expect(phrasePattern('at')).toBeNull();
  });
});

// Small alphabets, so names, texts and their collisions are common.
const letter = fc.constantFrom('a', 'b', 'é', 'A', 'B', 'É', 'o');
const word = fc.array(letter, { minLength: 1, maxLength: 3 }).map((cs) => cs.join(''));
const name = fc.array(word, { minLength: 1, maxLength: 2 }).map((ws) => ws.join(' '));
const text = fc
  .array(fc.oneof(word, fc.constantFrom(' ', '  ', '\n', "'s", ', ', '. ', 'é', '1')), { maxLength: 40 })
  .map((parts) => parts.join(''));
const rulesArb = fc.array(fc.record({ realName: name, pseudonym: fc.oneof(name, fc.constantFrom('P1', '[X A]', 'Participant 2')) }), {
  maxLength: 5,
});
const withSpans = text.chain((t) =>
  fc.tuple(
    fc.constant(t),
    fc.array(
      fc.tuple(fc.nat({ max: t.length }), fc.nat({ max: t.length })).map(([a, b]) => ({ start: Math.min(a, b), end: Math.max(a, b) })),
      { maxLength: 3 },
    ),
  ),
);

describe('disclose, properties', () => {
  it('no listed real name survives, whatever the list, the text and the redactions', () => {
    fc.assert(
      fc.property(rulesArb, withSpans, (rules, [t, spans]) => {
        const d = disclose(t, { names: new NameMatcher(rules), redactions: spans });
        for (const r of rules) expect(contains(d.text, r.realName), `${r.realName} in ${JSON.stringify(d.text)}`).toBe(false);
      }),
      { numRuns: 600 },
    );
  });

  it('text outside names and redactions is copied unchanged, and redactions are gone', () => {
    fc.assert(
      fc.property(rulesArb, withSpans, (rules, [t, spans]) => {
        const d = disclose(t, { names: new NameMatcher(rules), redactions: spans });
        let at = 0;
        d.pieces.forEach((p, i) => {
          expect(p.from).toBe(at);
          expect(p.to).toBeGreaterThan(p.from);
          expect(d.text.slice(d.outStarts[i], d.outStarts[i]! + p.text.length)).toBe(p.text);
          if (!p.changed) expect(p.text).toBe(t.slice(p.from, p.to));
          else expect([REDACTION_MARK, ...rules.map((r) => r.pseudonym)]).toContain(p.text);
          at = p.to;
        });
        expect(at).toBe(t.length);
        // Every redacted character lies in a changed piece.
        for (const s of spans) {
          for (let k = s.start; k < s.end; k++) expect(d.pieces.find((p) => p.from <= k && k < p.to)!.changed).toBe(true);
        }
      }),
      { numRuns: 600 },
    );
  });

  it('without names or redactions the text is the same, and the offset map is monotone', () => {
    fc.assert(
      fc.property(rulesArb, withSpans, (rules, [t, spans]) => {
        expect(disclose(t, {}).text).toBe(t);
        const d = disclose(t, { names: new NameMatcher(rules), redactions: spans });
        for (let i = 1; i <= t.length; i++) {
          expect(mapStart(d, i)).toBeGreaterThanOrEqual(mapStart(d, i - 1));
          expect(mapEnd(d, i)).toBeGreaterThanOrEqual(mapEnd(d, i - 1));
          expect(mapEnd(d, i)).toBeGreaterThanOrEqual(mapStart(d, i - 1));
        }
      }),
      { numRuns: 500 },
    );
  });
});
