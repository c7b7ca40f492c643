/**
 * Table-driven: every test/fixtures/transcripts/<name>.expected.json names the speakers, the turn
 * count and, for some turns, the exact text and times its sibling file must yield. A
 * `<name>.document.xml` is zipped into `<name>.docx` first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../electron/core/documents/formats/index.js';
import { buildDocx, violation } from '../fixtures/transcripts/helpers.js';

const DIR = path.join(import.meta.dirname, '../fixtures/transcripts');

interface Expected {
  format: string;
  encoding: string;
  speakers: string[];
  turnCount: number;
  /** The whole generated text, for formats where Chorus writes it. */
  text?: string;
  turns: { index: number; speaker: string | null; text: string; timeStart?: number | null; timeEnd?: number | null }[];
}

const cases = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.expected.json'))
  .map((f) => {
    const base = f.slice(0, -'.expected.json'.length);
    const source = fs.readdirSync(DIR).find((g) => g.startsWith(`${base}.`) && g !== f && !g.endsWith('.json'));
    if (!source) throw new Error(`${f} has no source file beside it`);
    return { base, source };
  });

async function load(source: string): Promise<{ bytes: Uint8Array; name: string }> {
  const bytes = new Uint8Array(fs.readFileSync(path.join(DIR, source)));
  if (source.endsWith('.document.xml')) {
    return { bytes: await buildDocx(new TextDecoder().decode(bytes)), name: source.replace('.document.xml', '.docx') };
  }
  return { bytes, name: source };
}

describe('transcript fixtures: each convention gives its speakers and turns', () => {
  it('has a fixture for every format and encoding', () => {
    const expected = cases.map((c) => (JSON.parse(fs.readFileSync(path.join(DIR, `${c.base}.expected.json`), 'utf8')) as Expected));
    expect(new Set(expected.map((e) => e.format))).toEqual(new Set(['txt', 'md', 'docx', 'vtt', 'srt']));
    expect(new Set(expected.map((e) => e.encoding))).toEqual(
      new Set(['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252', 'docx']),
    );
  });

  it.each(cases)('$source', async ({ base, source }) => {
    const expected = JSON.parse(fs.readFileSync(path.join(DIR, `${base}.expected.json`), 'utf8')) as Expected;
    const { bytes, name } = await load(source);
    const parsed = await parseSource(bytes, name);
    expect(violation(parsed)).toBeNull();
    expect(parsed.format).toBe(expected.format);
    expect(parsed.encoding).toBe(expected.encoding);
    expect(parsed.speakers).toEqual(expected.speakers);
    expect(parsed.turns).toHaveLength(expected.turnCount);
    if (expected.text !== undefined) expect(parsed.text).toBe(expected.text);
    for (const want of expected.turns) {
      const turn = parsed.turns[want.index];
      expect(turn, `turn ${want.index}`).toBeDefined();
      expect({ speaker: turn!.speaker, text: parsed.text.slice(turn!.start, turn!.end) }).toEqual({
        speaker: want.speaker,
        text: want.text,
      });
      if (want.timeStart !== undefined) expect(turn!.timeStart).toBe(want.timeStart);
      if (want.timeEnd !== undefined) expect(turn!.timeEnd).toBe(want.timeEnd);
    }
  });

  it.each(cases)('$source without speaker detection gives speakerless paragraphs', async ({ source }) => {
    const { bytes, name } = await load(source);
    const parsed = await parseSource(bytes, name, { detectSpeakers: false });
    expect(violation(parsed)).toBeNull();
    expect(parsed.speakers).toEqual([]);
    expect(parsed.turns.length).toBeGreaterThan(0);
    expect(parsed.turns.every((t) => t.speaker === null)).toBe(true);
    // The same text as with detection: only the turns differ.
    const detected = await parseSource(bytes, name);
    expect(parsed.text).toBe(detected.text);
  });
});
