/**
 * Conformance with transcripts written by other tools (../shared/fixtures/transcripts, see its
 * README): Teams WebVTT, a Teams2NVivo ground truth, QualCoder's examples.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSource, type ParsedSource } from '../../electron/core/documents/formats/index.js';
import { violation } from '../fixtures/transcripts/helpers.js';

const DIR = path.resolve(import.meta.dirname, '../../../shared/fixtures/transcripts');
const present = fs.existsSync(DIR);
if (!present) console.warn(`Skipping transcript conformance tests: ${DIR} is not there.`);

async function parseFixture(name: string): Promise<ParsedSource> {
  const parsed = await parseSource(new Uint8Array(fs.readFileSync(path.join(DIR, name))), name);
  expect(violation(parsed)).toBeNull();
  return parsed;
}

const said = (p: ParsedSource) => p.turns.map((t) => [t.speaker, p.text.slice(t.start, t.end)]);

describe.skipIf(!present)('conformance: transcripts from other tools', () => {
  it('02 Teams Premium: voice tags, GUID cue ids, one turn per run of cues of a speaker', async () => {
    const p = await parseFixture('02_teams_premium_voice-tags_guid-cues.vtt');
    expect(p.format).toBe('vtt');
    expect(p.speakers).toEqual(['Charles', 'Janaki']);
    // 17 cues; consecutive cues of one speaker merged, in file order.
    expect(p.turns.map((t) => t.speaker)).toEqual([
      'Charles', 'Janaki', 'Charles', 'Janaki', 'Charles', 'Janaki', 'Charles', 'Janaki', 'Charles', 'Janaki',
    ]);
    expect(said(p)[3]).toEqual(['Janaki', 'Good afternoon, good afternoon. And so are you in Sunny Lake districts, Sunny Lancashire or?']);
    expect(p.turns[3]).toMatchObject({ timeStart: 433.68, timeEnd: 441.16 });
    // 187-1 … 187-4: one utterance over four cues.
    expect(said(p)[7]).toEqual([
      'Janaki',
      "raining, but about 8:00 o'clock this morning it was brilliantly sunny and I've got a spot set up that gets the morning sun. So I had my coffee out there and it was lovely. And then I had to scurry inside because the wind got out there.",
    ]);
    expect(p.turns[7]).toMatchObject({ timeStart: 450.529, timeEnd: 465.16 });
    expect(p.turns[0]!.timeStart).toBe(6.62);
    // No cue id, timing line or tag leaks into the text.
    expect(p.text).not.toMatch(/fbbdef90|-->|<\/?v/);
    expect(p.text.split('\n\n')[0]).toBe("[00:00:06] Charles: I'm 10123. Hi I'm heading off. OK. Lovely. See you later.");
  });

  it('05 Teams: names with commas and parentheses match the Teams2NVivo ground truth', async () => {
    const p = await parseFixture('05_teams_synthetic_names-with-commas-parens.vtt');
    const rows = fs
      .readFileSync(path.join(DIR, '05_teams_synthetic_names-with-commas-parens.EXPECTED_nvivo.tsv'), 'utf8')
      .split(/\r?\n/)
      .slice(1)
      .filter(Boolean)
      .map((line) => {
        const [time, speaker, content] = line.split('\t') as [string, string, string];
        return {
          time: time.split(':').map(Number).reduce((a, b) => a * 60 + b, 0),
          speaker,
          // The converter joins merged cues with `---`; Chorus joins them with a space.
          text: content.split('---').map((s) => s.trim()).join(' '),
        };
      });
    expect(p.speakers).toEqual(['Speaker, First (Student)', 'Interviewer, First']);
    expect(p.turns).toHaveLength(rows.length);
    p.turns.forEach((t, i) => {
      const row = rows[i]!;
      expect(t.speaker).toBe(row.speaker);
      expect(p.text.slice(t.start, t.end)).toBe(row.text);
      // The converter writes whole seconds (and 00:00:08.5 for the cue at 00:00:08.260).
      expect(Math.floor(t.timeStart!)).toBe(Math.floor(row.time));
    });
  });

  it('06 QualCoder: [id1] bracketed ids are the speakers', async () => {
    const p = await parseFixture('06_qualcoder_group-discussion_bracket-id-labels.txt');
    expect(p.format).toBe('txt');
    expect(p.speakers).toEqual(['id1', 'id2', 'id3']);
    expect(p.turns.map((t) => t.speaker)).toEqual(['id1', 'id2', 'id3', 'id1', 'id3', 'id1', 'id2']);
    expect(said(p)[0]![1]).toMatch(/^hello, I like the course\./);
    expect(said(p)[6]).toEqual(['id2', 'Hmm, I will ask the tutor for more help as I am really struggling.']);
  });

  it('07 QualCoder: a .docx without speakers gives its paragraphs as turns', async () => {
    const p = await parseFixture('07_qualcoder_ID1_single-respondent.docx');
    expect(p).toMatchObject({ format: 'docx', encoding: 'docx', speakers: [] });
    expect(p.turns).toHaveLength(3);
    expect(p.turns.every((t) => t.speaker === null && t.timeStart === null)).toBe(true);
    expect(said(p).map(([, s]) => s!.slice(0, 40))).toEqual([
      'I really like learning new things. I thi',
      'I guess some less computer-savvy people ',
      'I also like the other students in the co',
    ]);
    // Runs with different formatting join without losing or adding characters.
    expect(p.text).toContain("I'm happy to pay €200.");
    expect(p.text.split('\n\n')).toHaveLength(3);
  });
});
