/**
 * Word frequencies of a scope, and the words that set a group apart from the rest (log-likelihood).
 */
import type {
  DistinctiveRow,
  DistinctiveWords,
  WordForm,
  WordFrequencies,
  WordRow,
} from '../../../shared/analysis-compare.js';
import type { OpParsed } from '../../../shared/api.js';
import type { Project } from '../project.js';
import { people, textsById, type People } from './context.js';
import { scopeText, type Piece } from './scope.js';
import { Tokenizer } from './tokens.js';

interface KeyCount {
  count: number;
  forms: Map<string, number>;
  documents: Set<number>;
  speakers: Set<string>;
}

/** Every counted word of some pieces of text, by key. */
function tally(project: Project, pieces: readonly Piece[], tokenizer: Tokenizer, who: People): { tokens: number; keys: Map<string, KeyCount> } {
  const textOf = textsById(project);
  const keys = new Map<string, KeyCount>();
  let tokens = 0;
  for (const p of pieces) {
    const person = who.speakers.get(p.speakerId)?.person ?? `s${p.speakerId}`;
    for (const t of tokenizer.tokens(textOf(p.documentId).slice(p.start, p.end))) {
      tokens++;
      let k = keys.get(t.key);
      if (!k) {
        k = { count: 0, forms: new Map(), documents: new Set(), speakers: new Set() };
        keys.set(t.key, k);
      }
      k.count++;
      k.forms.set(t.form, (k.forms.get(t.form) ?? 0) + 1);
      k.documents.add(p.documentId);
      k.speakers.add(person);
    }
  }
  return { tokens, keys };
}

function formsOf(forms: Map<string, number>): WordForm[] {
  return [...forms.entries()].map(([form, count]) => ({ form, count })).sort((a, b) => b.count - a.count || (a.form < b.form ? -1 : 1));
}

const byCountThenWord = (a: { count: number; word: string }, b: { count: number; word: string }) =>
  b.count - a.count || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0);

export function wordFrequencies(project: Project, input: OpParsed<'analysis.words'>): WordFrequencies {
  const who = people(project);
  const scoped = scopeText(project, input.scope, who);
  const { tokens, keys } = tally(project, scoped.pieces, new Tokenizer(input.options), who);
  const rows: WordRow[] = [...keys.entries()].map(([key, k]) => {
    const forms = formsOf(k.forms);
    return {
      key,
      word: forms[0]!.form,
      forms,
      count: k.count,
      share: tokens === 0 ? 0 : k.count / tokens,
      documents: k.documents.size,
      speakers: k.speakers.size,
    };
  });
  rows.sort(byCountThenWord);
  return { scope: scoped.label, tokens, types: keys.size, words: rows.slice(0, input.limit) };
}

/**
 * Log-likelihood G² of a word's frequency in two corpora (Rayson & Garside 2000): `a` of `c`
 * words in the one, `b` of `d` in the other.
 */
export function logLikelihood(a: number, b: number, c: number, d: number): number {
  const e1 = (c * (a + b)) / (c + d);
  const e2 = (d * (a + b)) / (c + d);
  return 2 * ((a > 0 ? a * Math.log(a / e1) : 0) + (b > 0 ? b * Math.log(b / e2) : 0));
}

/** Hardie's log ratio: the binary log of the ratio of relative frequencies, 0.5 for a zero count. */
export function logRatio(a: number, b: number, c: number, d: number): number {
  return Math.log2(((a || 0.5) / c) / ((b || 0.5) / d));
}

export function distinctiveWords(project: Project, input: OpParsed<'analysis.distinctive'>): DistinctiveWords {
  const who = people(project);
  const tokenizer = new Tokenizer(input.options);
  const group = scopeText(project, input.scope, who);
  const target = tally(project, group.pieces, tokenizer, who);
  let reference: ReturnType<typeof tally>;
  let against: string;
  if (input.against) {
    const other = scopeText(project, input.against, who);
    reference = tally(project, other.pieces, tokenizer, who);
    against = other.label;
  } else {
    // The rest of the project: everything said, less the group (a subset of it).
    reference = tally(project, scopeText(project, { kind: 'project' }, who).pieces, tokenizer, who);
    reference.tokens -= target.tokens;
    for (const [key, k] of target.keys) {
      const r = reference.keys.get(key)!;
      r.count -= k.count;
      for (const [form, n] of k.forms) r.forms.set(form, r.forms.get(form)! - n);
    }
    against = 'the rest of the project';
  }
  const c = target.tokens;
  const d = reference.tokens;
  const rows: DistinctiveRow[] = [];
  for (const key of new Set([...target.keys.keys(), ...reference.keys.keys()])) {
    const t = target.keys.get(key);
    const r = reference.keys.get(key);
    const a = t?.count ?? 0;
    const b = r?.count ?? 0;
    if (a + b < input.minCount || c === 0 || d === 0) continue;
    const direction = a / c > b / d ? 'over' : 'under';
    if (direction === 'under' && input.direction === 'over') continue;
    const forms = new Map(t?.forms ?? []);
    for (const [form, n] of r?.forms ?? []) forms.set(form, (forms.get(form) ?? 0) + n);
    const all = formsOf(forms).filter((f) => f.count > 0);
    rows.push({
      key,
      word: all[0]?.form ?? key,
      forms: all,
      count: a,
      referenceCount: b,
      rate: (1000 * a) / c,
      referenceRate: (1000 * b) / d,
      logLikelihood: logLikelihood(a, b, c, d),
      logRatio: logRatio(a, b, c, d),
      direction,
    });
  }
  rows.sort((x, y) => y.logLikelihood - x.logLikelihood || (x.word < y.word ? -1 : 1));
  return { scope: group.label, against, tokens: c, referenceTokens: d, words: rows.slice(0, input.limit) };
}
