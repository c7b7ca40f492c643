/**
 * Property-based: generated transcripts (realistic speaker labels, multi-paragraph turns with
 * emoji, combining marks and annotations, optional timestamps, several encodings and line ends)
 * are rendered to a file and parsed back: the same speakers, the same turns in the same order,
 * the same text (NFC), the same times.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSource, type ParsedSource } from '../../electron/core/documents/formats/index.js';
import { buildDocx, paragraphsXml, violation } from '../fixtures/transcripts/helpers.js';

// --- generators ----------------------------------------------------------------------------------

const FIRST_NAMES = ['Maya', 'Jonah', 'Zoë', 'Siobhán', 'José', 'Łukasz', 'Amara', 'Kwame', 'Nguyễn', 'Ana-María', 'Zoe\u0308'];
const FAMILY_NAMES = ['Lee', 'O’Neil', 'Okafor', 'Smith', 'Müller', 'de la Cruz'];

/** Labels of the shapes transcripts use; `id` marks the ones that may also be written in brackets. */
const label: fc.Arbitrary<{ name: string; bracketable: boolean }> = fc.oneof(
  fc.constantFrom('Moderator', 'Facilitator', 'Interviewer', 'Respondent', 'Observer').map((name) => ({ name, bracketable: true })),
  fc.integer({ min: 1, max: 40 }).map((n) => ({ name: `P${n}`, bracketable: true })),
  fc.integer({ min: 1, max: 12 }).map((n) => ({ name: `id${n}`, bracketable: true })),
  fc.integer({ min: 1, max: 12 }).map((n) => ({ name: `Participant ${n}`, bracketable: true })),
  fc.integer({ min: 1, max: 9 }).map((n) => ({ name: `Speaker ${n}`, bracketable: true })),
  fc.constantFrom(...FIRST_NAMES).map((name) => ({ name, bracketable: true })),
  fc.tuple(fc.constantFrom('Dr.', 'Dr', 'Prof.', 'Ms'), fc.constantFrom(...FAMILY_NAMES)).map(([t, n]) => ({ name: `${t} ${n}`, bracketable: false })),
  fc.tuple(fc.constantFrom(...FIRST_NAMES), fc.constantFrom(...FAMILY_NAMES)).map(([f, n]) => ({ name: `${f} ${n}`, bracketable: false })),
  fc.constantFrom('JOHN SMITH', 'KWAME', 'ZOË O’NEIL').map((name) => ({ name, bracketable: false })),
  fc.constantFrom('Moderator (Dr Kim)', 'Participant 3 (F, 34)').map((name) => ({ name, bracketable: false })),
);

const WORD = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('we', 'the', 'night', 'shift', 'was', 'long', 'and', 'nobody', 'asked', 'I', 'think', 'so', 'really', 'handover', 'ward', 'okay', 'yeah', 'it’s', 'don’t', 'well,', 'right.', 'why?', 'no!', 'co-workers', '2019', '10:30', 'e.g.', '—', '&', '<3', '"quoted"') },
  { weight: 3, arbitrary: fc.constantFrom('🙂', '👩🏽‍⚕️', '😀', '🇬🇧', 'ok👍') },
  { weight: 3, arbitrary: fc.constantFrom('café', 'Cafe\u0301', 'naïve', 'Zoe\u0308', 'a\u0301\u0323', 'Ωμέγα', '日本語', 'عربى') },
  { weight: 2, arbitrary: fc.constantFrom('[laughter]', '[crosstalk]', '[pause]', '[laughs]', '[inaudible]', '(inaudible 00:12:01)') },
);

/**
 * A line of 1–10 words. Lines a reader could not tell from a label either are left out: starting
 * with a number, or ending with a clock time (`Maya 10:30` alone on a line is an Otter speaker line).
 */
const line = fc
  .array(WORD, { minLength: 1, maxLength: 10 })
  .map((ws) => ws.join(' '))
  .filter((l) => !/^\d/.test(l) && !/\d:\d\d$/.test(l));
const paragraph = fc.array(line, { minLength: 1, maxLength: 3 }).map((ls) => ls.join('\n'));
const speech = fc.array(paragraph, { minLength: 1, maxLength: 3 }).map((ps) => ps.join('\n\n'));

type Style = 'plain' | 'bold' | 'bracket' | 'stamp-before' | 'stamp-after' | 'stamp-parens' | 'otter';

interface Transcript {
  frontMatter: string | null;
  style: Style;
  turns: { speaker: string; text: string; time: number | null }[];
  betweenTurns: '\n' | '\n\n';
}

const transcript: fc.Arbitrary<Transcript> = fc
  .record({
    speakers: fc.uniqueArray(label, { minLength: 1, maxLength: 6, selector: (l) => l.name.normalize('NFC') }),
    order: fc.array(fc.nat(), { minLength: 1, maxLength: 14 }),
    texts: fc.array(speech, { minLength: 20, maxLength: 20 }),
    gaps: fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 20, maxLength: 20 }),
    style: fc.constantFrom<Style>('plain', 'bold', 'bracket', 'stamp-before', 'stamp-after', 'stamp-parens', 'otter'),
    frontMatter: fc.option(fc.constantFrom('Focus group 3 — Site B', 'Transcript\n12 May 2025', 'Night shift study (pilot)'), { nil: null }),
    betweenTurns: fc.constantFrom<'\n' | '\n\n'>('\n', '\n\n'),
  })
  .map(({ speakers, order, texts, gaps, style, frontMatter, betweenTurns }) => {
    const pool = style === 'bracket' ? speakers.filter((s) => s.bracketable) : speakers;
    const names = (pool.length > 0 ? pool : [{ name: 'P1', bracketable: true }]).map((s) => s.name);
    // Every speaker speaks at least twice, as real ones do: a label seen once is taken for prose.
    const sequence = [...names, ...order.map((i) => names[i % names.length]!), ...names];
    let clock = 0;
    const timed = style.startsWith('stamp') || style === 'otter';
    return {
      frontMatter,
      style,
      betweenTurns: style === 'otter' ? ('\n\n' as const) : betweenTurns,
      turns: sequence.map((speaker, i) => {
        clock += gaps[i % gaps.length]!;
        return { speaker, text: texts[i % texts.length]!, time: timed ? clock : null };
      }),
    };
  });

const hms = (s: number) =>
  [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60].map((n) => String(n).padStart(2, '0')).join(':');

function render(t: Transcript): string {
  const turns = t.turns.map(({ speaker, text, time }) => {
    switch (t.style) {
      case 'plain':
        return `${speaker}: ${text}`;
      case 'bold':
        return `**${speaker}:** ${text}`;
      case 'bracket':
        return `[${speaker}] ${text}`;
      case 'stamp-before':
        return `[${hms(time!)}] ${speaker}: ${text}`;
      case 'stamp-after':
        return `${speaker} [${hms(time!)}]: ${text}`;
      case 'stamp-parens':
        return `${speaker} (${hms(time!)}):\n${text}`;
      case 'otter':
        return `${speaker}  ${Math.floor(time! / 60)}:${String(time! % 60).padStart(2, '0')}\n${text}`;
    }
  });
  return [...(t.frontMatter ? [t.frontMatter, ''] : []), turns.join(t.betweenTurns)].join('\n');
}

function expected(t: Transcript) {
  const turns = [
    ...(t.frontMatter ? t.frontMatter.split('\n\n').map((p) => ({ speaker: null as string | null, text: p, time: null as number | null })) : []),
    ...t.turns,
  ];
  return {
    speakers: [...new Set(t.turns.map((x) => x.speaker.normalize('NFC')))],
    turns: turns.map((x) => [x.speaker?.normalize('NFC') ?? null, x.text.normalize('NFC'), x.time]),
  };
}

const actual = (p: ParsedSource) => ({
  speakers: p.speakers,
  turns: p.turns.map((x) => [x.speaker, p.text.slice(x.start, x.end), x.timeStart]),
});

type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'crlf' | 'cr';

function encode(text: string, encoding: Encoding): Uint8Array {
  switch (encoding) {
    case 'utf-8':
      return new Uint8Array(Buffer.from(text, 'utf8'));
    case 'utf-8-bom':
      return new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
    case 'crlf':
      return new Uint8Array(Buffer.from(text.replace(/\n/g, '\r\n'), 'utf8'));
    case 'cr':
      return new Uint8Array(Buffer.from(text.replace(/\n/g, '\r'), 'utf8'));
    case 'utf-16le':
      return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    case 'utf-16be': {
      const le = Buffer.from(text, 'utf16le');
      for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
      return new Uint8Array(Buffer.concat([Buffer.from([0xfe, 0xff]), le]));
    }
  }
}

// --- properties ----------------------------------------------------------------------------------

describe('property: text transcripts round-trip', () => {
  it('rendering a transcript and parsing it gives back its speakers, turns, text and times', async () => {
    await fc.assert(
      fc.asyncProperty(
        transcript,
        fc.constantFrom<Encoding>('utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'crlf', 'cr'),
        async (t, encoding) => {
          const name = t.style === 'bold' ? 'fg.md' : 'fg.txt';
          const parsed = await parseSource(encode(render(t), encoding), name);
          expect(violation(parsed)).toBeNull();
          expect(parsed.text).toBe(render(t).normalize('NFC'));
          expect(actual(parsed)).toEqual(expected(t));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('the same transcripts as Word paragraphs give the same speakers and turns', async () => {
    await fc.assert(
      fc.asyncProperty(
        transcript.filter((t) => t.style !== 'bold' && t.betweenTurns === '\n\n'),
        async (t) => {
          // One Word paragraph per paragraph of the rendering; line breaks inside stay line breaks.
          const parsed = await parseSource(await buildDocx(paragraphsXml(render(t).split('\n\n'))), 'fg.docx');
          expect(violation(parsed)).toBeNull();
          expect(actual(parsed)).toEqual(expected(t));
        },
      ),
      { numRuns: 40 },
    );
  });
});

// --- subtitles -------------------------------------------------------------------------------------

const VOICE_NAMES = ['Maya', 'Speaker, First (Student)', 'Interviewer, First', 'O’Brien, Siobhán (Guest)', 'Dr. Lee', 'Zoë', 'P3', 'Jo & Sam'];
const cueText = fc.array(WORD, { minLength: 1, maxLength: 12 }).map((ws) => ws.join(' '));

interface Cue {
  speaker: string | null;
  text: string;
  start: number;
  end: number;
}

const cues = (withSpeakerless: boolean): fc.Arbitrary<Cue[]> =>
  fc
    .array(
      fc.record({
        speaker: withSpeakerless
          ? fc.option(fc.constantFrom(...VOICE_NAMES), { nil: null, freq: 5 })
          : fc.constantFrom(...VOICE_NAMES.filter((n) => !n.includes('&'))),
        text: cueText,
        gap: fc.integer({ min: 0, max: 5000 }),
        length: fc.integer({ min: 1, max: 9000 }),
      }),
      { minLength: 1, maxLength: 25 },
    )
    .map((raw) => {
      let clock = 0;
      return raw.map(({ speaker, text, gap, length }) => {
        clock += gap;
        const cue = { speaker, text, start: clock, end: clock + length };
        clock += length;
        return cue;
      });
    });

const vttTime = (ms: number, comma = false) =>
  `${hms(Math.floor(ms / 1000))}${comma ? ',' : '.'}${String(ms % 1000).padStart(3, '0')}`;
const escapeVtt = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function expectedCues(list: Cue[]) {
  const turns: { speaker: string | null; texts: string[]; start: number; end: number }[] = [];
  for (const c of list) {
    const prev = turns[turns.length - 1];
    if (c.speaker !== null && prev?.speaker === c.speaker) {
      prev.texts.push(c.text);
      prev.end = c.end;
    } else turns.push({ speaker: c.speaker, texts: [c.text], start: c.start, end: c.end });
  }
  return {
    speakers: [...new Set(list.flatMap((c) => (c.speaker === null ? [] : [c.speaker.normalize('NFC')])))],
    turns: turns.map((t) => [t.speaker?.normalize('NFC') ?? null, t.texts.join(' ').normalize('NFC'), t.start / 1000, t.end / 1000]),
  };
}

const actualCues = (p: ParsedSource) => ({
  speakers: p.speakers,
  turns: p.turns.map((x) => [x.speaker, p.text.slice(x.start, x.end), x.timeStart, x.timeEnd]),
});

describe('property: subtitles round-trip', () => {
  it('Teams WebVTT (voice spans, GUID ids, NOTE blocks, wrapped lines)', async () => {
    await fc.assert(
      fc.asyncProperty(cues(true), fc.boolean(), async (list, crlf) => {
        const blocks = list.map((c, i) => {
          // Teams wraps long cue text over two lines.
          const words = escapeVtt(c.text).split(' ');
          const half = Math.ceil(words.length / 2);
          const body = words.length > 4 ? `${words.slice(0, half).join(' ')}\n${words.slice(half).join(' ')}` : words.join(' ');
          const payload = c.speaker === null ? body : `<v ${escapeVtt(c.speaker)}>${body}</v>`;
          return `${i % 3 === 0 ? 'NOTE cue follows\n\n' : ''}3e0b7a52-6a43-4c1a-9d2c-8f3f5b8a1e77/${i}-0\n${vttTime(c.start)} --> ${vttTime(c.end)}\n${payload}`;
        });
        const file = `WEBVTT\n\n${blocks.join('\n\n')}\n`;
        const parsed = await parseSource(encode(file, crlf ? 'crlf' : 'utf-8'), 'teams.vtt');
        expect(violation(parsed)).toBeNull();
        expect(actualCues(parsed)).toEqual(expectedCues(list));
      }),
      { numRuns: 250 },
    );
  });

  it('Zoom WebVTT and SRT (`Name: text` in every cue)', async () => {
    await fc.assert(
      fc.asyncProperty(cues(false), fc.boolean(), async (list, srt) => {
        const blocks = list.map(
          (c, i) => `${i + 1}\n${vttTime(c.start, srt)} --> ${vttTime(c.end, srt)}\n${srt ? c.speaker! : escapeVtt(c.speaker!)}: ${srt ? c.text : escapeVtt(c.text)}`,
        );
        const file = `${srt ? '' : 'WEBVTT\n\n'}${blocks.join('\n\n')}\n`;
        const parsed = await parseSource(encode(file, 'utf-8'), srt ? 'zoom.srt' : 'zoom.vtt');
        expect(violation(parsed)).toBeNull();
        expect(actualCues(parsed)).toEqual(expectedCues(list));
      }),
      { numRuns: 250 },
    );
  });
});
