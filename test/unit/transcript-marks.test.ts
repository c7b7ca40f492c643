/**
 * The targeted mark updates against a headless Lexical editor: after any sequence of added and
 * removed codings, every character of every turn must carry exactly the codings that cover it —
 * the same as a view built from scratch — with the text untouched and marks never nested.
 */
import { $isMarkNode, MarkNode } from '@lexical/mark';
import { $getRoot, createEditor, type LexicalEditor } from 'lexical';
import { describe, expect, it } from 'vitest';
import { $applyCodingChanges, $buildTranscript, $materialiseTurns, $releaseTurns, markIdLists, type CodingSpan } from '../../renderer/src/transcript/marks';
import { $isSpeakerTurnNode, SpeakerTurnNode, type TurnData } from '../../renderer/src/transcript/SpeakerTurnNode';

const TEXT = 'Front matter\nline two\n\nA: Hello there 👋 how are you\nfine\n\nB: Café — naïve, yes.\nAnd more.';
const turnAt = (said: string, speaker: string | null, index: number): TurnData => {
  const start = TEXT.indexOf(said);
  return { guid: `t${index}`, index, start, end: start + said.length, speaker: speaker ? { label: speaker, role: 'participant' } : null, time: null };
};
const TURNS: TurnData[] = [
  turnAt('Front matter\nline two', null, 0),
  turnAt('Hello there 👋 how are you\nfine', 'A', 1),
  turnAt('Café — naïve, yes.\nAnd more.', 'B', 2),
];

function editorWith(codings: CodingSpan[], live?: (index: number) => boolean): LexicalEditor {
  const editor = createEditor({ nodes: [SpeakerTurnNode, MarkNode], onError: (e) => { throw e; } });
  editor.update(() => $buildTranscript(TEXT, TURNS, codings, live), { discrete: true });
  return editor;
}

const turnNode = (i: number) => {
  const node = $getRoot().getChildAtIndex(i);
  return $isSpeakerTurnNode(node) ? node : null;
};

/** Per turn: its text, and for each character the sorted ids of the mark it is in. */
function snapshot(editor: LexicalEditor): { text: string; ids: string[] }[] {
  return editor.read(() =>
    $getRoot()
      .getChildren()
      .map((turn) => {
        if (!$isSpeakerTurnNode(turn)) throw new Error('a root child is not a turn');
        const ids: string[] = [];
        let prevIds: string | null = null;
        for (const child of turn.getChildren()) {
          const own = $isMarkNode(child) ? [...child.getIDs()].sort().join(',') : '';
          if ($isMarkNode(child)) {
            expect(child.getChildren().some($isMarkNode), 'marks never nest').toBe(false);
            expect(child.getChildrenSize(), 'no empty marks').toBeGreaterThan(0);
            expect(own, 'neighbouring marks with the same codings are joined').not.toBe(prevIds);
          }
          prevIds = $isMarkNode(child) ? own : null;
          for (let i = 0; i < child.getTextContentSize(); i++) ids.push(own);
        }
        return { text: turn.getTextContent(), ids };
      }),
  );
}

function expected(codings: CodingSpan[]): { text: string; ids: string[] }[] {
  return TURNS.map((t) => {
    const text = TEXT.slice(t.start, t.end);
    const ids = [...text].flatMap((_, i, chars) => {
      // [...text] splits by code point; count UTF-16 units to stay in the text's unit.
      const at = chars.slice(0, i).join('').length + t.start;
      const covering = codings
        .filter((c) => c.start <= at && c.end > at)
        .map((c) => c.guid)
        .sort()
        .join(',');
      return chars[i]!.length === 2 ? [covering, covering] : [covering];
    });
    return { text, ids };
  });
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

describe('targeted coding marks', () => {
  it('builds marks for overlapping codings across turns', () => {
    const codings = [
      { guid: 'a', start: TEXT.indexOf('there'), end: TEXT.indexOf('fine') + 2 },
      { guid: 'b', start: TEXT.indexOf('👋'), end: TEXT.indexOf('naïve') },
    ];
    const editor = editorWith(codings);
    expect(snapshot(editor)).toEqual(expected(codings));
  });

  it('adds and removes codings one by one to the same result as a rebuild', () => {
    const next = random(42);
    const editor = editorWith([]);
    const shown = new Map<string, CodingSpan>();
    for (let step = 0; step < 300; step++) {
      let change: { added: CodingSpan[]; removed: CodingSpan[] };
      if (shown.size > 0 && next() < 0.4) {
        const victim = [...shown.values()][Math.floor(next() * shown.size)]!;
        change = { added: [], removed: [victim] };
        shown.delete(victim.guid);
      } else {
        let start = Math.floor(next() * TEXT.length);
        let end = Math.min(TEXT.length, start + 1 + Math.floor(next() * 40));
        // Never split the emoji's surrogate pair (the core refuses such spans).
        const wave = TEXT.indexOf('👋');
        if (start === wave + 1) start--;
        if (end === wave + 1) end++;
        const coding = { guid: `c${step}`, start, end };
        change = { added: [coding], removed: [] };
        shown.set(coding.guid, coding);
      }
      editor.update(
        () =>
          $applyCodingChanges(TURNS, (i) => {
            const node = $getRoot().getChildAtIndex(i);
            return $isSpeakerTurnNode(node) ? node : null;
          }, change),
        { discrete: true },
      );
      expect(snapshot(editor), `after step ${step}`).toEqual(expected([...shown.values()]));
    }
  });

  it('builds placeholders empty and materialises them with the marks of the codings shown then', () => {
    const first = { guid: 'a', start: TEXT.indexOf('there'), end: TEXT.indexOf('fine') + 2 };
    const later = { guid: 'b', start: TEXT.indexOf('👋'), end: TEXT.indexOf('naïve') };
    // Only turn 0 is live; turns 1 and 2 are placeholders.
    const editor = editorWith([first], (i) => i === 0);
    expect(editor.read(() => $getRoot().getChildren().map((t) => [t.getTextContent(), $isSpeakerTurnNode(t) && t.isLive()]))).toEqual([
      [TEXT.slice(TURNS[0]!.start, TURNS[0]!.end), true],
      ['', false],
      ['', false],
    ]);
    // A coding added while turns are placeholders touches only the live ones...
    editor.update(() => $applyCodingChanges(TURNS, turnNode, { added: [later], removed: [] }), { discrete: true });
    // ...and materialising builds them from the codings shown now: the same as a view built whole.
    editor.update(() => $materialiseTurns(TEXT, TURNS, [1, 2], turnNode, [first, later]), { discrete: true });
    expect(snapshot(editor)).toEqual(expected([first, later]));

    // Released, a turn is empty again and its coding changes wait; materialised, it is whole again.
    editor.update(() => $releaseTurns([1], turnNode), { discrete: true });
    expect(editor.read(() => turnNode(1)!.getChildrenSize())).toBe(0);
    editor.update(() => $applyCodingChanges(TURNS, turnNode, { added: [], removed: [first] }), { discrete: true });
    editor.update(() => $materialiseTurns(TEXT, TURNS, [0, 1], turnNode, [later]), { discrete: true });
    expect(snapshot(editor)).toEqual(expected([later]));
  });

  it('lists the colour combinations (mark id lists) of the whole transcript, each once', () => {
    const codings = [
      { guid: 'a', start: TEXT.indexOf('there'), end: TEXT.indexOf('fine') + 2 },
      { guid: 'b', start: TEXT.indexOf('👋'), end: TEXT.indexOf('naïve') },
    ];
    const lists = markIdLists(TURNS, codings).map((ids) => ids.join(' '));
    expect(new Set(lists).size).toBe(lists.length);
    const editor = editorWith(codings);
    const shown = editor.read(() => {
      const out = new Set<string>();
      for (const turn of $getRoot().getChildren()) {
        if ($isSpeakerTurnNode(turn)) for (const child of turn.getChildren()) if ($isMarkNode(child)) out.add(child.getIDs().join(' '));
      }
      return out;
    });
    expect(new Set(lists)).toEqual(shown);
  });
});
