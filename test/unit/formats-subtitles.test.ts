import { describe, expect, it } from 'vitest';
import { ChorusError, ErrorCode } from '../../shared/errors.js';
import { parseSource, type ParsedSource } from '../../electron/core/documents/formats/index.js';
import { decodeEntities } from '../../electron/core/documents/formats/subtitles.js';
import { violation } from '../fixtures/transcripts/helpers.js';

const enc = (s: string) => new TextEncoder().encode(s);
const said = (p: ParsedSource) => p.turns.map((t) => [t.speaker, p.text.slice(t.start, t.end), t.timeStart, t.timeEnd] as const);

async function parse(text: string, name = 'meeting.vtt', detectSpeakers = true): Promise<ParsedSource> {
  const p = await parseSource(enc(text), name, { detectSpeakers });
  expect(violation(p)).toBeNull();
  return p;
}

describe('WebVTT', () => {
  it('merges consecutive cues of one speaker: the first start, the last end', async () => {
    const p = await parse(
      'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>One</v>\n\n00:00:02.000 --> 00:00:03.500\n<v Ann>two.</v>\n\n00:00:04.000 --> 00:00:05.000\n<v Bo>Three.</v>\n\n00:00:05.000 --> 00:00:06.000\n<v Ann>Four.</v>\n',
    );
    expect(p.text).toBe('[00:00:01] Ann: One two.\n\n[00:00:04] Bo: Three.\n\n[00:00:05] Ann: Four.');
    expect(said(p)).toEqual([
      ['Ann', 'One two.', 1, 3.5],
      ['Bo', 'Three.', 4, 5],
      ['Ann', 'Four.', 5, 6],
    ]);
  });

  it('splits a cue with two voices into two turns', async () => {
    const p = await parse('WEBVTT\n\n00:01.000 --> 00:03.000\n<v Ann>Yes?</v> <v Bo>No.</v>\n');
    expect(said(p)).toEqual([
      ['Ann', 'Yes?', 1, 3],
      ['Bo', 'No.', 1, 3],
    ]);
  });

  it('keeps cues without a speaker apart, one paragraph each', async () => {
    const p = await parse('WEBVTT\n\n00:01.000 --> 00:02.000\nHello there.\n\n00:02.000 --> 00:03.000\nGeneral noise.\n');
    expect(p.speakers).toEqual([]);
    expect(said(p)).toEqual([
      [null, 'Hello there.', 1, 2],
      [null, 'General noise.', 2, 3],
    ]);
  });

  it('does not take a one-off "Note:" in speakerless captions for a speaker', async () => {
    const p = await parse(
      'WEBVTT\n\n00:01.000 --> 00:02.000\nWelcome back.\n\n00:02.000 --> 00:03.000\nRemember: bring the forms.\n\n00:03.000 --> 00:04.000\nThanks all.\n',
    );
    expect(p.speakers).toEqual([]);
  });

  it('strips tags and cue settings, decodes references', async () => {
    const p = await parse(
      'WEBVTT\n\n00:00:01.000 --> 00:00:04.000 line:0 position:20% align:start\n<v.first.loud Dr &amp; Co>A <b>bold</b> <c.red>claim</c><00:00:02.500> &lt;really&gt; &#233;&#x1F600; &nbsp;done &unknown;</v>\n',
    );
    expect(said(p)).toEqual([['Dr & Co', 'A bold claim <really> é😀 done &unknown;', 1, 4]]);
  });

  it('skips NOTE, STYLE and REGION blocks and the header metadata', async () => {
    const p = await parse(
      'WEBVTT - Teams\nKind: captions\n\nREGION\nid:fred\nwidth:40%\n\nSTYLE\n::cue { color: red }\n\nNOTE written by\nsomeone\n\nid-1\n00:00:01.000 --> 00:00:02.000\n<v A>Hi.</v>\n\nNOTE\nmore notes --> with an arrow\n\n00:00:03.000 --> 00:00:04.000\n<v B>Yo.</v>\n',
    );
    expect(p.text).toBe('[00:00:01] A: Hi.\n\n[00:00:03] B: Yo.');
  });

  it('keeps the text of a broken file: a blank line inside a cue, a missing blank line between cues', async () => {
    const p = await parse(
      'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v A>First part\n\nsecond part</v>\n\n00:00:03.000 --> 00:00:04.000\n<v B>Next.</v>\n00:00:04.500 --> 00:00:05.000\n<v B>No blank line before me.</v>\n\n00:00:05.000 --> garbage\n<v B>Lost timing.</v>\n',
    );
    expect(said(p)).toEqual([
      ['A', 'First part second part', 1, 2],
      ['B', 'Next. No blank line before me. Lost timing.', 3, 5],
    ]);
  });

  it('is recognised by its WEBVTT header in a .txt file, and reports the encoding', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...enc('WEBVTT\r\n\r\n00:00:01.000 --> 00:00:02.000\r\n<v A>Hi.</v>\r\n')]);
    const p = await parseSource(bytes, 'export.txt');
    expect(p).toMatchObject({ format: 'vtt', encoding: 'utf-8-bom', speakers: ['A'] });
  });

  it('takes a .vtt without its header when it has cue timings', async () => {
    const p = await parse('00:00:01.000 --> 00:00:02.000\nAnn: Hi.\n\n00:00:02.000 --> 00:00:03.000\nAnn: There.\n', 'noheader.vtt');
    expect(p.format).toBe('vtt');
    expect(said(p)).toEqual([['Ann', 'Hi. There.', 1, 3]]);
  });

  it('without speaker detection: the same text, speakerless turns that include the names', async () => {
    const text = 'WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ann>Hi.</v>\n\n00:02.000 --> 00:03.000\n<v Ann>Again.</v>\n';
    const p = await parse(text, 'a.vtt', false);
    expect(p.text).toBe('[00:00:01] Ann: Hi. Again.');
    expect(said(p)).toEqual([[null, 'Ann: Hi. Again.', 1, 3]]);
  });

  it('refuses a WebVTT file without captions as INVALID_INPUT', async () => {
    await expect(parseSource(enc('WEBVTT\n\nNOTE nothing here\n'), 'empty.vtt')).rejects.toMatchObject({
      code: ErrorCode.INVALID_INPUT,
    });
  });

  it('refuses a .vtt with no cue timings at all as CORRUPT_FILE', async () => {
    const e = await parseSource(enc('just some words'), 'notes.vtt').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ChorusError);
    expect((e as ChorusError).code).toBe(ErrorCode.CORRUPT_FILE);
    expect((e as ChorusError).message).toContain('notes.vtt');
  });
});

describe('SRT', () => {
  it('reads numbered cues with comma milliseconds, Zoom-style names and formatting tags', async () => {
    const p = await parse(
      '1\n00:00:01,000 --> 00:00:02,500\nAnn: <i>Hello</i>.\n\n2\n00:00:02,500 --> 00:00:04,000\nAnn: Again.\n\n3\n00:00:05,000 --> 00:00:06,000\nBo: Bye.\n',
      'captions.srt',
    );
    expect(p.format).toBe('srt');
    expect(said(p)).toEqual([
      ['Ann', 'Hello. Again.', 1, 4],
      ['Bo', 'Bye.', 5, 6],
    ]);
  });

  it('is recognised by content in a .txt', async () => {
    const p = await parse('1\n00:00:01,000 --> 00:00:02,000\nHello.\n', 'captions.txt');
    expect(p.format).toBe('srt');
  });
});

describe('decodeEntities', () => {
  it.each([
    ['&amp;&lt;&gt;&quot;&apos;', '&<>"\''],
    ['&#0; &#xD800; &#x110000;', '\uFFFD \uFFFD \uFFFD'],
    ['&#128512;', '😀'],
    ['&bogus; & alone', '&bogus; & alone'],
  ])('%s', (input, output) => {
    expect(decodeEntities(input)).toBe(output);
  });
});
