/**
 * The word index behind comparing (analysis/word-index.ts): the words it gives for any stretch are
 * those of tokenizing the stretch, and what it keeps per document never outlives the document
 * (an import, its undo and redo, a row id given again, speakers merged).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WordOptions } from '../../shared/analysis-compare.js';
import { countWords, Tokenizer, type Token } from '../../electron/core/analysis/tokens.js';
import { eachWord, wordCount, wordsOf } from '../../electron/core/analysis/word-index.js';
import { call, createHarness, dbOf, importTranscript, type Harness } from './helpers.js';

let h: Harness;
beforeEach(async () => {
  h = createHarness();
  await call(h.session, 'project.create', { path: h.file('index.chorus'), title: 'Index' });
});
afterEach(() => h.cleanup());

const TRICKY = [
  '[00:00:00] Moderator: Don’t co-residents’ café-talk help? Łódź, 東京 and q̇uick 😅 ones—yes.',
  '',
  "[00:00:09] P1: It's the resident's rota; we'll re-re-check 24/7 at 3.5 o'clock -- 'quoted' words-.",
  '',
].join('\n');

describe('word index', () => {
  it('gives every stretch the words that tokenizing the stretch gives', async () => {
    const doc = await importTranscript(h, 'tricky.txt', TRICKY);
    const { id } = dbOf(h.session).prepare(`SELECT id FROM documents WHERE guid = ?`).get(doc) as { id: number };
    const project = h.session.project!;
    for (const kind of ['words', 'letters'] as const) {
      const tokenizer = new Tokenizer(WordOptions.parse({ tokenizer: kind, stem: true, numbers: true }));
      const words = wordsOf(project, kind);
      const indexed = words(id);
      const text = indexed.text;
      for (let start = 0; start < text.length; start++) {
        for (let end = start; end <= text.length; end++) {
          const got: (Token | null)[] = [];
          eachWord(indexed, words.table, start, end, (w) => got.push(tokenizer.word(words.table.written[w]!)), (cut) => got.push(...tokenizer.tokens(cut)));
          expect(got.filter((t) => t !== null)).toEqual(tokenizer.tokens(text.slice(start, end)));
          if (kind === 'words') expect(wordCount(indexed, words.table, start, end)).toBe(countWords(text.slice(start, end)));
        }
      }
    }
  });

  it('follows imports, their undo and redo, and a row id given to another document', async () => {
    const first = 'Pilot\n\n[00:00:00] P1: Apples and pears.\n';
    const second = 'Second\n\n[00:00:00] P1: Bananas, bananas, bananas.\n';
    const third = 'Third\n\n[00:00:00] P1: Cherries only.\n';
    const words = async () => (await call(h.session, 'analysis.words', { options: { stem: false } })).words.map((w) => [w.word, w.count]);
    await importTranscript(h, 'first.txt', first);
    expect(await words()).toEqual([['apples', 1], ['pears', 1]]);
    await importTranscript(h, 'second.txt', second);
    expect(await words()).toEqual([['bananas', 3], ['apples', 1], ['pears', 1]]);
    await call(h.session, 'history.undo', {});
    expect(await words()).toEqual([['apples', 1], ['pears', 1]]);
    await call(h.session, 'history.redo', {});
    expect(await words()).toEqual([['bananas', 3], ['apples', 1], ['pears', 1]]);
    await call(h.session, 'history.undo', {});
    // The next document may be given the row id of the undone one: it must not inherit its words.
    await importTranscript(h, 'third.txt', third);
    expect(await words()).toEqual([['apples', 1], ['cherries', 1], ['pears', 1]]);
    const talk = await call(h.session, 'analysis.talkTime', {});
    expect(talk.map((g) => g.words)).toEqual([3, 2]);
  });

  it('counts a merged speaker’s turns for the speaker they were merged into', async () => {
    const doc = await importTranscript(h, 'merge.txt', 'Merge\n\n[00:00:00] P1: Apples here.\n\n[00:00:05] Pone: Pears there.\n');
    const speakers = dbOf(h.session).prepare(`SELECT guid, label FROM speakers ORDER BY id`).all() as { guid: string; label: string }[];
    const p1 = speakers.find((s) => s.label === 'P1')!.guid;
    const pone = speakers.find((s) => s.label === 'Pone')!.guid;
    const said = async () =>
      (await call(h.session, 'analysis.words', { scope: { kind: 'speaker', speaker: p1 }, options: { stem: false } })).words.map((w) => w.word);
    expect(await said()).toEqual(['apples']);
    await call(h.session, 'speakers.merge', { from: pone, into: p1 });
    expect(await said()).toEqual(['apples', 'pears']);
    const talk = await call(h.session, 'analysis.talkTime', { document: doc });
    expect(talk[0]!.speakers.map((s) => [s.label, s.words])).toEqual([['P1', 4]]);
  });
});
