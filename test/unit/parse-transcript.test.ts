import { describe, expect, it } from 'vitest';
import {
  guessRole,
  parseTimestamp,
  parseTranscript,
  type ParsedTranscript,
} from '../../electron/core/documents/parse-transcript.js';

/** Each turn as [speaker, the exact text of its span]. */
function spoken(text: string, parsed: ParsedTranscript): [string | null, string][] {
  return parsed.turns.map((t) => [t.speaker, text.slice(t.start, t.end)]);
}

/** Invariants of every parse: spans in order, inside the text, not overlapping. */
function expectWellFormed(text: string, parsed: ParsedTranscript): void {
  let previousEnd = 0;
  for (const t of parsed.turns) {
    expect(t.start).toBeGreaterThanOrEqual(previousEnd);
    expect(t.end).toBeGreaterThanOrEqual(t.start);
    expect(t.end).toBeLessThanOrEqual(text.length);
    previousEnd = t.end;
  }
}

describe('parseTranscript: speaker label conventions', () => {
  it.each([
    ['Moderator: Welcome to the group.', 'Moderator', 'Welcome to the group.'],
    ['P3: I agree with that.', 'P3', 'I agree with that.'],
    ['Dr. Lee: Tell me more about that night.', 'Dr. Lee', 'Tell me more about that night.'],
    ['Participant 3: It was a long shift.', 'Participant 3', 'It was a long shift.'],
    ['NAME: Nobody asked how I was.', 'NAME', 'Nobody asked how I was.'],
    ['JOHN SMITH: Nobody asked how I was.', 'JOHN SMITH', 'Nobody asked how I was.'],
    ['ZOË O’NEIL: Same here.', 'ZOË O’NEIL', 'Same here.'],
  ])('%s', (line, label, speech) => {
    // Each label occurs once: it must be recognised by its form alone.
    const parsed = parseTranscript(line);
    expect(parsed.speakers).toEqual([label]);
    expect(spoken(line, parsed)).toEqual([[label, speech]]);
    expect(parsed.turns[0]!.timeStart).toBeNull();
  });

  it('[00:01:23] Name: takes the timestamp and the name', () => {
    const text = '[00:01:23] Name: Hello there.';
    const parsed = parseTranscript(text);
    expect(parsed.speakers).toEqual(['Name']);
    expect(spoken(text, parsed)).toEqual([['Name', 'Hello there.']]);
    expect(parsed.turns[0]!.timeStart).toBe(83);
  });

  it('recognises an ordinary name that recurs, and lists speakers in order of first appearance', () => {
    const text = ['Maya: First.', 'Jonah: Second.', 'Maya: Third.', 'Jonah: Fourth.'].join('\n');
    const parsed = parseTranscript(text);
    expect(parsed.speakers).toEqual(['Maya', 'Jonah']);
    expect(spoken(text, parsed)).toEqual([
      ['Maya', 'First.'],
      ['Jonah', 'Second.'],
      ['Maya', 'Third.'],
      ['Jonah', 'Fourth.'],
    ]);
    expectWellFormed(text, parsed);
  });

  it('mixes conventions in one transcript', () => {
    const text = [
      '[00:00:05] Moderator: Welcome.',
      'P1: Hi.',
      'Dr. Lee: Hello.',
      'Participant 3: Morning.',
      'KWAME: Hey.',
      'Facilitator (Dr Kim): Shall we begin?',
      'Facilitator (Dr Kim): Good.',
    ].join('\n');
    const parsed = parseTranscript(text);
    expect(parsed.speakers).toEqual(['Moderator', 'P1', 'Dr. Lee', 'Participant 3', 'KWAME', 'Facilitator (Dr Kim)']);
    expect(spoken(text, parsed).map(([, s]) => s)).toEqual([
      'Welcome.',
      'Hi.',
      'Hello.',
      'Morning.',
      'Hey.',
      'Shall we begin?',
      'Good.',
    ]);
  });
});

describe('parseTranscript: turns and spans', () => {
  it('continues a turn over several paragraphs; the span is exactly the spoken text', () => {
    const text = [
      'Moderator: What happened next?',
      '',
      'P1: We went back to work.',
      '',
      'Nobody said anything for the rest of the shift.',
      'I kept thinking about it.',
      '',
      '',
      'Moderator: Thank you.',
      '',
    ].join('\n');
    const parsed = parseTranscript(text);
    expect(spoken(text, parsed)).toEqual([
      ['Moderator', 'What happened next?'],
      ['P1', 'We went back to work.\n\nNobody said anything for the rest of the shift.\nI kept thinking about it.'],
      ['Moderator', 'Thank you.'],
    ]);
    expectWellFormed(text, parsed);
  });

  it('takes speech that starts on the line after a bare label', () => {
    const text = 'Moderator:\nWelcome, everyone.\nP1:   \n  Thanks.';
    const parsed = parseTranscript(text);
    expect(spoken(text, parsed)).toEqual([
      ['Moderator', 'Welcome, everyone.'],
      ['P1', 'Thanks.'],
    ]);
  });

  it('keeps front matter before the first turn as a turn without a speaker', () => {
    const text = ['Focus group 1 — Site A', '14 March 2026', '', 'Moderator: Welcome.', 'P1: Thanks.'].join('\n');
    const parsed = parseTranscript(text);
    expect(spoken(text, parsed)).toEqual([
      [null, 'Focus group 1 — Site A\n14 March 2026'],
      ['Moderator', 'Welcome.'],
      ['P1', 'Thanks.'],
    ]);
    expect(parsed.speakers).toEqual(['Moderator', 'P1']);
  });

  it('adds no empty speakerless turn when the text starts with a label (even after blank lines)', () => {
    const text = '\n\n  \nModerator: Welcome.\nP1: Thanks.';
    const parsed = parseTranscript(text);
    expect(parsed.turns.map((t) => t.speaker)).toEqual(['Moderator', 'P1']);
  });

  it('does not take a one-off prose line such as "For example: …" for a speaker', () => {
    const text = [
      'Moderator: Can you give an example?',
      'P1: Sure.',
      'For example: we did a debrief after the arrest.',
      'Note: it was not planned.',
      'Moderator: Thanks.',
    ].join('\n');
    const parsed = parseTranscript(text);
    expect(parsed.speakers).toEqual(['Moderator', 'P1']);
    expect(spoken(text, parsed)).toEqual([
      ['Moderator', 'Can you give an example?'],
      ['P1', 'Sure.\nFor example: we did a debrief after the arrest.\nNote: it was not planned.'],
      ['Moderator', 'Thanks.'],
    ]);
  });

  it('does not take sentences with a colon for labels', () => {
    const text = [
      'Moderator: Go on.',
      'P2: So I said to him, listen: this is not okay.',
      'We met at 10:30 and talked it through.',
      'Moderator: Right.',
    ].join('\n');
    const parsed = parseTranscript(text);
    expect(parsed.speakers).toEqual(['Moderator', 'P2']);
    expect(parsed.turns).toHaveLength(3);
    expect(text.slice(parsed.turns[1]!.start, parsed.turns[1]!.end)).toBe(
      'So I said to him, listen: this is not okay.\nWe met at 10:30 and talked it through.',
    );
  });

  it('gives paragraph turns without speakers when the file has no labels', () => {
    const text = 'First paragraph, line one\nline two.\n\nSecond paragraph.\n\n\n   \nThird paragraph.\n';
    const parsed = parseTranscript(text);
    expect(parsed.speakers).toEqual([]);
    expect(spoken(text, parsed)).toEqual([
      [null, 'First paragraph, line one\nline two.'],
      [null, 'Second paragraph.'],
      [null, 'Third paragraph.'],
    ]);
    expect(parsed.turns.every((t) => t.timeStart === null)).toBe(true);
    expectWellFormed(text, parsed);
  });

  it('gives no turns for an empty text', () => {
    expect(parseTranscript('')).toEqual({ turns: [], speakers: [] });
  });
});

describe('parseTranscript: timestamps', () => {
  it.each([
    ['00:01:23', 83],
    ['1:02:03', 3723],
    ['12:34', 754],
    ['00:00:01.5', 1.5],
    ['00:00:01,250', 1.25],
  ])('parseTimestamp(%s) = %d seconds', (stamp, seconds) => {
    expect(parseTimestamp(stamp)).toBeCloseTo(seconds, 9);
  });

  it('gives each turn the seconds of its timestamp, and null where the line has none', () => {
    const text = [
      '[00:00:04] Dr. Okafor: Okay, we are recording.',
      '[00:00:51] Maya: Yes.',
      'Dr. Okafor: And you?',
      '[01:02:03] Maya: Still yes.',
    ].join('\n');
    const parsed = parseTranscript(text);
    expect(parsed.turns.map((t) => t.timeStart)).toEqual([4, 51, null, 3723]);
    expect(spoken(text, parsed).map(([, s]) => s)).toEqual([
      'Okay, we are recording.',
      'Yes.',
      'And you?',
      'Still yes.',
    ]);
  });
});

describe('parseTranscript: positions are UTF-16 code units', () => {
  it('counts an emoji outside the BMP as two units', () => {
    const text = 'Moderator: Hi 👋🏽 all.\nP1: Hello 🙂 there.\nModerator: 😀';
    const parsed = parseTranscript(text);
    expect(spoken(text, parsed)).toEqual([
      ['Moderator', 'Hi 👋🏽 all.'],
      ['P1', 'Hello 🙂 there.'],
      ['Moderator', '😀'],
    ]);
    const p1 = parsed.turns[1]!;
    // "Moderator: Hi 👋🏽 all.\n" is 11 + 3 + 4 (two surrogate pairs) + 6 = 24 units; "P1: " is 4 more.
    expect(p1.start).toBe(28);
    expect(p1.end - p1.start).toBe('Hello 🙂 there.'.length);
    expect('Hello 🙂 there.'.length).toBe(15);
    const last = parsed.turns[2]!;
    expect(last.end).toBe(text.length);
    expect(last.end - last.start).toBe(2);
  });

  it('counts combining marks as their own units, and keeps them in labels', () => {
    // Not normalised here: the parser sees the text as stored and never changes it.
    const zoe = 'Zoe\u0308';
    const text = `${zoe}: Cafe\u0301 after nights.\nP1: Me too.\n${zoe}: Always.`;
    const parsed = parseTranscript(text);
    expect(parsed.speakers).toEqual([zoe, 'P1']);
    const first = parsed.turns[0]!;
    expect(first.start).toBe(zoe.length + 2);
    expect(first.start).toBe(6);
    expect(text.slice(first.start, first.end)).toBe('Cafe\u0301 after nights.');
    expect(first.end - first.start).toBe(19);
  });
});

describe('guessRole', () => {
  it.each([
    ['Moderator', 'moderator'],
    ['Facilitator (Dr Kim)', 'moderator'],
    ['Interviewer', 'moderator'],
    ['P1', 'participant'],
    ['Maya', 'participant'],
  ] as const)('%s → %s', (label, role) => {
    expect(guessRole(label)).toBe(role);
  });
});
