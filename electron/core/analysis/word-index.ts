/**
 * Where the words of each document are, found once per open project rather than on every
 * comparison. A document's text never changes after import and a guid is never given to another
 * document (project.ts), so positions found in a document stay true while the project is open;
 * entries are keyed by guid and dropped when their document has left the project (an import undone,
 * a document removed), so no write has to tell this cache anything.
 *
 * A stretch of text [start, end) holds the words lying wholly inside it, plus whatever the
 * tokenizer finds in the pieces of words cut by its edges: the same words, in the same order, as
 * tokenizing `text.slice(start, end)` would give (a word never reaches past the characters that
 * end it, so the words after a cut are those of the whole text).
 */
import type { WordOptions } from '../../../shared/analysis-compare.js';
import type { Project } from '../project.js';
import * as store from '../store/analysis-compare.js';
import { splitWords } from './tokens.js';
import { partitionPoint } from '../../../shared/partition-point.js';

type Kind = WordOptions['tokenizer'];

/** The words of one document, in text order. */
export interface DocumentWords {
  text: string;
  /** Where each word starts (UTF-16 offset). */
  starts: Int32Array;
  /** Each word as written, as an index into the table's `written`; its length gives its end. */
  written: Int32Array;
}

/** Words as written (case and apostrophes kept), shared by every document of a project. */
export class WordTable {
  readonly written: string[] = [];
  private readonly ids = new Map<string, number>();
  readonly documents = new Map<string, DocumentWords>();

  constructor(readonly kind: Kind) {}

  intern(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.written.length;
      this.written.push(word);
      this.ids.set(word, id);
    }
    return id;
  }
}

const tables = new WeakMap<Project, Map<Kind, WordTable>>();

/** A document's words by document id, for one comparison (ids are looked up once). */
export interface WordsOf {
  table: WordTable;
  (documentId: number): DocumentWords;
}

export function wordsOf(project: Project, kind: Kind): WordsOf {
  let byKind = tables.get(project);
  if (!byKind) tables.set(project, (byKind = new Map()));
  let table = byKind.get(kind);
  if (!table) byKind.set(kind, (table = new WordTable(kind)));
  const docs = store.documentRows(project.db);
  const live = new Set(docs.map((d) => d.guid));
  for (const guid of table.documents.keys()) if (!live.has(guid)) table.documents.delete(guid);
  const guidOf = new Map(docs.map((d) => [d.id, d.guid]));
  const t = table;
  const lookup = (documentId: number): DocumentWords => {
    const guid = guidOf.get(documentId)!;
    let words = t.documents.get(guid);
    if (!words) {
      words = indexText(t, project.textOf(guid) ?? '');
      t.documents.set(guid, words);
    }
    return words;
  };
  return Object.assign(lookup, { table: t });
}

function indexText(table: WordTable, text: string): DocumentWords {
  const starts: number[] = [];
  const written: number[] = [];
  splitWords(table.kind, text, (start, word) => {
    starts.push(start);
    written.push(table.intern(word));
  });
  return { text, starts: Int32Array.from(starts), written: Int32Array.from(written) };
}

/**
 * Visits the words of [start, end) of a document: `whole` with the written id of each word lying
 * wholly inside, `cut` with the text of a word cut by an edge (to be tokenized as it stands).
 */
export function eachWord(
  words: DocumentWords,
  table: WordTable,
  start: number,
  end: number,
  whole: (written: number) => void,
  cut: (text: string) => void,
): void {
  const { starts, written, text } = words;
  const w = table.written;
  // The first word ending after `start` (words do not overlap, so their ends are in order too).
  const lo = partitionPoint(starts.length, (i) => starts[i]! + w[written[i]!]!.length <= start);
  for (let i = lo; i < starts.length && starts[i]! < end; i++) {
    const s = starts[i]!;
    const id = written[i]!;
    const e = s + w[id]!.length;
    if (s >= start && e <= end) whole(id);
    else cut(text.slice(Math.max(s, start), Math.min(e, end)));
  }
}

/** Words in [start, end) of a document, as `countWords` counts them in that stretch. */
export function wordCount(words: DocumentWords, table: WordTable, start: number, end: number): number {
  let n = 0;
  eachWord(
    words,
    table,
    start,
    end,
    () => n++,
    (piece) => (n += splitWordsCount(table.kind, piece)),
  );
  return n;
}

function splitWordsCount(kind: Kind, text: string): number {
  let n = 0;
  splitWords(kind, text, () => n++);
  return n;
}
