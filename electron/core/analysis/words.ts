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
import { people, type People } from './context.js';
import { scopeText, type Piece } from './scope.js';
import { Tokenizer, type Token } from './tokens.js';
import { eachWord, wordsOf } from './word-index.js';

interface KeyCount {
  count: number;
  forms: Map<string, number>;
  /** Documents and people (attribution keys) using the key. */
  documents: number;
  speakers: number;
}

/**
 * Every counted word of some pieces of text, by key. Words come from the word index (found once
 * per document); each distinct word as written is filtered and stemmed once per call, and the
 * counting runs over numbers.
 */
function tally(project: Project, pieces: readonly Piece[], tokenizer: Tokenizer, who: People): { tokens: number; keys: Map<string, KeyCount> } {
  const words = wordsOf(project, tokenizer.kind);
  const table = words.table;
  const keyIds = new Map<string, number>();
  const keyNames: string[] = [];
  const formIds = new Map<string, number>();
  const formNames: string[] = [];
  const formKeys: number[] = [];
  const formOf = (t: Token): number => {
    let f = formIds.get(t.form);
    if (f === undefined) {
      f = formNames.length;
      formNames.push(t.form);
      formIds.set(t.form, f);
      let k = keyIds.get(t.key);
      if (k === undefined) {
        k = keyNames.length;
        keyNames.push(t.key);
        keyIds.set(t.key, k);
      }
      formKeys.push(k);
    }
    return f;
  };
  // The form of each word as written (-1: not counted), decided once.
  const byWritten: number[] = [];
  let stream = new Int32Array(1 << 16);
  let n = 0;
  const push = (f: number) => {
    if (n === stream.length) {
      const bigger = new Int32Array(stream.length * 2);
      bigger.set(stream);
      stream = bigger;
    }
    stream[n++] = f;
  };
  // Pieces by document (stable), so that a key's documents are counted as the document changes.
  const order = pieces.map((_, i) => i).sort((x, y) => pieces[x]!.documentId - pieces[y]!.documentId || x - y);
  const begin = new Int32Array(pieces.length);
  const end = new Int32Array(pieces.length);
  for (const i of order) {
    const p = pieces[i]!;
    begin[i] = n;
    eachWord(
      words(p.documentId),
      table,
      p.start,
      p.end,
      (id) => {
        let f = byWritten[id];
        if (f === undefined) {
          const t = tokenizer.word(table.written[id]!);
          byWritten[id] = f = t === null ? -1 : formOf(t);
        }
        if (f >= 0) push(f);
      },
      (cut) => {
        for (const t of tokenizer.tokens(cut)) push(formOf(t));
      },
    );
    end[i] = n;
  }

  const keyOfForm = Int32Array.from(formKeys);
  const formCount = new Int32Array(formNames.length);
  const keyCount = new Int32Array(keyNames.length);
  const documents = new Int32Array(keyNames.length);
  const lastDocument = new Int32Array(keyNames.length).fill(-1);
  for (const i of order) {
    const d = pieces[i]!.documentId;
    for (let j = begin[i]!; j < end[i]!; j++) {
      const f = stream[j]!;
      const k = keyOfForm[f]!;
      formCount[f]!++;
      keyCount[k]!++;
      if (lastDocument[k] !== d) {
        lastDocument[k] = d;
        documents[k]!++;
      }
    }
  }
  // People: the pieces of one person at a time, a key counted once per person.
  const byPerson = new Map<string, number[]>();
  pieces.forEach((p, i) => {
    const person = who.speakers.get(p.speakerId)?.person ?? `s${p.speakerId}`;
    const list = byPerson.get(person);
    if (list) list.push(i);
    else byPerson.set(person, [i]);
  });
  const speakers = new Int32Array(keyNames.length);
  const lastPerson = new Int32Array(keyNames.length).fill(-1);
  let personIndex = 0;
  for (const list of byPerson.values()) {
    for (const i of list) {
      for (let j = begin[i]!; j < end[i]!; j++) {
        const k = keyOfForm[stream[j]!]!;
        if (lastPerson[k] !== personIndex) {
          lastPerson[k] = personIndex;
          speakers[k]!++;
        }
      }
    }
    personIndex++;
  }

  const keys = new Map<string, KeyCount>();
  keyNames.forEach((key, k) =>
    keys.set(key, { count: keyCount[k]!, forms: new Map(), documents: documents[k]!, speakers: speakers[k]! }),
  );
  formNames.forEach((form, f) => keys.get(keyNames[keyOfForm[f]!]!)!.forms.set(form, formCount[f]!));
  return { tokens: n, keys };
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
      documents: k.documents,
      speakers: k.speakers,
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
