/**
 * "Find passages like these": turns (or sentences) that resemble a code's segments, by cosine
 * similarity of TF-IDF vectors over word stems (stop words left out). Passages the code already
 * covers, and those the researcher rejected, are never suggested. Nothing is coded here: the
 * researcher accepts a suggestion with an ordinary `codings.apply`.
 */
import type { SimilarSuggestion } from '../../../shared/analysis-compare.js';
import { WordOptions } from '../../../shared/analysis-compare.js';
import type { OpParsed } from '../../../shared/api.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { Project } from '../project.js';
import * as store from '../store/analysis-compare.js';
import { codeWithSubtree, people } from './context.js';
import { Tokenizer } from './tokens.js';
import { eachWord, wordsOf } from './word-index.js';

const OPTIONS = WordOptions.parse({ minLength: 2 });
/** A passage with fewer distinct words than this (after stop words) is too short to suggest: "That was Dev." */
const MIN_TERMS = 3;

interface Passage {
  documentId: number;
  speakerId: number;
  start: number;
  end: number;
}

type Vector = Map<string, number>;

// A sentence ends at . ! or ? followed by a space or the end; the space stays out of it.
const SENTENCE = /[^.!?]*(?:[.!?]+(?=\s|$)|$)/gu;

function sentencesOf(text: string, offset: number, base: Omit<Passage, 'start' | 'end'>): Passage[] {
  const out: Passage[] = [];
  SENTENCE.lastIndex = 0;
  for (let m = SENTENCE.exec(text); m && m[0].length > 0; m = SENTENCE.exec(text)) {
    const lead = m[0].length - m[0].trimStart().length;
    const body = m[0].trim();
    if (body.length > 0) out.push({ ...base, start: offset + m.index + lead, end: offset + m.index + lead + body.length });
  }
  return out;
}

/**
 * Term counts of stretches of text, in the order the terms first appear, from the word index:
 * each distinct word as written is filtered and stemmed once.
 */
function termCounter(project: Project, tokenizer: Tokenizer): (documentId: number, start: number, end: number) => Map<string, number> {
  const words = wordsOf(project, tokenizer.kind);
  const keyOf: (string | null)[] = [];
  return (documentId, start, end) => {
    const tf = new Map<string, number>();
    const add = (key: string) => tf.set(key, (tf.get(key) ?? 0) + 1);
    eachWord(
      words(documentId),
      words.table,
      start,
      end,
      (id) => {
        let key = keyOf[id];
        if (key === undefined) keyOf[id] = key = tokenizer.word(words.table.written[id]!)?.key ?? null;
        if (key !== null) add(key);
      },
      (cut) => {
        for (const t of tokenizer.tokens(cut)) add(t.key);
      },
    );
    return tf;
  };
}

/** TF-IDF weights (log-scaled term frequency), scaled to length 1. */
function weigh(tf: Map<string, number>, idf: (term: string) => number): Vector {
  const v: Vector = new Map();
  let norm = 0;
  for (const [term, n] of tf) {
    const w = (1 + Math.log(n)) * idf(term);
    v.set(term, w);
    norm += w * w;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [term, w] of v) v.set(term, w / norm);
  return v;
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

export function similarPassages(project: Project, input: OpParsed<'analysis.similar'>): SimilarSuggestion[] {
  const { db } = project;
  const code = codeWithSubtree(project, input.code);
  const docs = store.documentRows(db);
  const docById = new Map(docs.map((d) => [d.id, d]));
  const docByGuid = new Map(docs.map((d) => [d.guid, d]));
  if (input.document !== undefined && !docByGuid.has(input.document)) {
    throw new ChorusError(ErrorCode.NOT_FOUND, 'That document is not in this project.');
  }
  const textOf = (id: number) => project.textOf(docById.get(id)!.guid)!;
  const segments = store.codingRows(db, code.subtree);
  if (segments.length === 0) {
    throw new ChorusError(ErrorCode.INVALID_INPUT, `"${code.name}" has no coded passages to compare with yet.`);
  }

  // Every passage of the project makes the document frequencies, so a score does not depend on
  // what is already coded or rejected.
  const tokenizer = new Tokenizer(OPTIONS);
  const passages: Passage[] = [];
  for (const t of store.speechTurns(db)) {
    const base = { documentId: t.documentId, speakerId: t.speakerId };
    if (input.unit === 'turn') passages.push({ ...base, start: t.start, end: t.end });
    else passages.push(...sentencesOf(textOf(t.documentId).slice(t.start, t.end), t.start, base));
  }
  const termCounts = termCounter(project, tokenizer);
  const counts = passages.map((p) => termCounts(p.documentId, p.start, p.end));
  const df = new Map<string, number>();
  for (const tf of counts) for (const term of tf.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const n = passages.length;
  const idf = (term: string) => Math.log((1 + n) / (1 + (df.get(term) ?? 0))) + 1;

  // The code's segments as vectors, indexed by term.
  const segmentVectors = segments.map((s) => weigh(termCounts(s.documentId, s.start, s.end), idf));
  const postings = new Map<string, { segment: number; weight: number }[]>();
  segmentVectors.forEach((v, segment) => {
    for (const [term, weight] of v) {
      const list = postings.get(term) ?? [];
      list.push({ segment, weight });
      postings.set(term, list);
    }
  });

  const coded = new Map<number, store.CodingRow[]>();
  for (const s of segments) coded.set(s.documentId, [...(coded.get(s.documentId) ?? []), s]);
  const rejected = new Map<number, { start: number; end: number }[]>();
  for (const r of input.exclude) {
    const d = docByGuid.get(r.document);
    if (d) rejected.set(d.id, [...(rejected.get(d.id) ?? []), r]);
  }
  const onlyDocument = input.document === undefined ? null : docByGuid.get(input.document)!.id;

  const scored: { passage: Passage; score: number; nearest: number }[] = [];
  const dots = new Float64Array(segments.length);
  passages.forEach((p, i) => {
    if (onlyDocument !== null && p.documentId !== onlyDocument) return;
    if (coded.get(p.documentId)?.some((s) => overlaps(s, p))) return;
    if (rejected.get(p.documentId)?.some((r) => overlaps(r, p))) return;
    if (counts[i]!.size < MIN_TERMS) return;
    const touched: number[] = [];
    for (const [term, w] of weigh(counts[i]!, idf)) {
      for (const { segment, weight } of postings.get(term) ?? []) {
        if (dots[segment] === 0) touched.push(segment);
        dots[segment]! += w * weight;
      }
    }
    let best = -1;
    let score = 0;
    for (const s of touched) {
      if (dots[s]! > score) {
        score = dots[s]!;
        best = s;
      }
      dots[s] = 0;
    }
    if (best >= 0 && score >= input.minScore) scored.push({ passage: p, score: Math.min(1, score), nearest: best });
  });
  scored.sort((a, b) => b.score - a.score || a.passage.documentId - b.passage.documentId || a.passage.start - b.passage.start);

  const who = people(project);
  return scored.slice(0, input.limit).map(({ passage: p, score, nearest }) => {
    const doc = docById.get(p.documentId)!;
    const s = segments[nearest]!;
    const sDoc = docById.get(s.documentId)!;
    return {
      document: doc.guid,
      documentName: doc.name,
      start: p.start,
      end: p.end,
      text: textOf(p.documentId).slice(p.start, p.end),
      speaker: who.speakers.get(p.speakerId)?.label ?? null,
      score,
      nearest: { coding: s.guid, document: sDoc.guid, documentName: sDoc.name, text: textOf(s.documentId).slice(s.start, s.end) },
    };
  });
}
