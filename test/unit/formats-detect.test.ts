import { describe, expect, it } from 'vitest';
import { ChorusError, ErrorCode } from '../../shared/errors.js';
import { parseSource } from '../../electron/core/documents/formats/index.js';
import { violation } from '../fixtures/transcripts/helpers.js';

const enc = (s: string) => new TextEncoder().encode(s);

async function refusal(bytes: Uint8Array, name: string): Promise<ChorusError> {
  try {
    await parseSource(bytes, name);
  } catch (e) {
    expect(e).toBeInstanceOf(ChorusError);
    expect((e as ChorusError).message).toContain(name);
    return e as ChorusError;
  }
  throw new Error(`${name} should have been refused`);
}

describe('parseSource: format by content, then by name', () => {
  it.each([
    ['notes.txt', 'Moderator: Hi.\nP1: Yo.', 'txt'],
    ['notes', 'Moderator: Hi.\nP1: Yo.', 'txt'],
    ['notes.md', 'Moderator: Hi.\nP1: Yo.', 'md'],
    ['notes.markdown', 'Moderator: Hi.\nP1: Yo.', 'md'],
    ['notes.rtf.txt', 'Moderator: Hi.', 'txt'],
    ['export.txt', 'WEBVTT\n\n00:01.000 --> 00:02.000\nHi.', 'vtt'],
    ['export.md', 'WEBVTT\n\n00:01.000 --> 00:02.000\nHi.', 'vtt'],
    ['export.txt', '1\n00:00:01,000 --> 00:00:02,000\nHi.', 'srt'],
    ['export.srt', 'WEBVTT\n\n00:01.000 --> 00:02.000\nHi.', 'vtt'],
    ['export.vtt', '1\n00:00:01,000 --> 00:00:02,000\nHi.', 'vtt'],
    ['C:\\Users\\kim\\FG 1.SRT', '1\n00:00:01,000 --> 00:00:02,000\nHi.', 'srt'],
  ])('%s holding %j is %s', async (name, text, format) => {
    const p = await parseSource(enc(text), name);
    expect(p.format).toBe(format);
    expect(violation(p)).toBeNull();
  });
});

describe('parseSource: bad input is refused with a clear error naming the file', () => {
  it.each([
    ['empty.txt', new Uint8Array(0), ErrorCode.INVALID_INPUT],
    ['blank.txt', enc('  \n\n\t\r\n'), ErrorCode.INVALID_INPUT],
    ['blank.md', new Uint8Array([0xef, 0xbb, 0xbf, 0x0a]), ErrorCode.INVALID_INPUT],
    ['random.txt', new Uint8Array(Array.from({ length: 512 }, (_, i) => (i * 7919 + 13) % 256)), ErrorCode.UNSUPPORTED_FORMAT],
    ['nul.txt', enc('Moderator: hi\u0000there'), ErrorCode.UNSUPPORTED_FORMAT],
    ['old.doc', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), ErrorCode.UNSUPPORTED_FORMAT],
    ['paper.pdf', enc('%PDF-1.7\n%âãÏÓ\n1 0 obj'), ErrorCode.UNSUPPORTED_FORMAT],
    ['notes.rtf', enc('{\\rtf1\\ansi Moderator: hi}'), ErrorCode.UNSUPPORTED_FORMAT],
    ['fg1.mp3', new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0]), ErrorCode.UNSUPPORTED_FORMAT],
    ['fg1.m4a', new Uint8Array([0, 0, 0, 0x20, 0x66, 0x74, 0x79, 0x70, 0x4d, 0x34, 0x41, 0x20]), ErrorCode.UNSUPPORTED_FORMAT],
    ['fg1.wav', new Uint8Array([...enc('RIFF'), 0, 0, 0, 0, ...enc('WAVEfmt ')]), ErrorCode.UNSUPPORTED_FORMAT],
    ['photo.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ErrorCode.UNSUPPORTED_FORMAT],
    ['study.chorus', enc('SQLite format 3\u0000rest'), ErrorCode.UNSUPPORTED_FORMAT],
    ['utf32.txt', new Uint8Array([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0]), ErrorCode.UNSUPPORTED_FORMAT],
    ['fake.docx', enc('Moderator: not a zip'), ErrorCode.CORRUPT_FILE],
    ['broken.vtt', enc('no cues in here'), ErrorCode.CORRUPT_FILE],
    ['nocues.vtt', enc('WEBVTT\n\n'), ErrorCode.INVALID_INPUT],
  ])('%s → %s', async (name, bytes, code) => {
    expect((await refusal(bytes, name)).code).toBe(code);
  });

  it('refuses something that is not bytes as INVALID_INPUT', async () => {
    expect((await refusal('Moderator: hi' as unknown as Uint8Array, 'x.txt')).code).toBe(ErrorCode.INVALID_INPUT);
  });

  it('accepts a Node Buffer', async () => {
    const p = await parseSource(Buffer.from('Moderator: hi\nP1: yo'), 'x.txt');
    expect(p.speakers).toEqual(['Moderator', 'P1']);
  });
});
