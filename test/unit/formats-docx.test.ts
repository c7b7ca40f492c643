import { describe, expect, it } from 'vitest';
import { ChorusError, ErrorCode } from '../../shared/errors.js';
import { parseSource, type ParsedSource } from '../../electron/core/documents/formats/index.js';
import { DOCX_LIMITS, parseDocx } from '../../electron/core/documents/formats/docx.js';
import { W_NS, buildDocx, paragraphsXml, tableXml, violation } from '../fixtures/transcripts/helpers.js';

const said = (p: { text: string; turns: ParsedSource['turns'] }) =>
  p.turns.map((t) => [t.speaker, p.text.slice(t.start, t.end), t.timeStart] as const);

async function refusal(promise: Promise<unknown>): Promise<ChorusError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(ChorusError);
    return e as ChorusError;
  }
  throw new Error('expected a ChorusError');
}

/** Rewrites the sizes an entry's headers declare (central directory and local header). */
function patchSizes(zip: Uint8Array, name: string, uncompressed: number): Uint8Array {
  const out = new Uint8Array(zip);
  const view = new DataView(out.buffer);
  const wanted = new TextEncoder().encode(name);
  const matches = (at: number, len: number) => len === wanted.length && wanted.every((b, i) => out[at + i] === b);
  for (let i = 0; i + 46 < out.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x02014b50 && matches(i + 46, view.getUint16(i + 28, true))) view.setUint32(i + 24, uncompressed, true);
    if (sig === 0x04034b50 && matches(i + 30, view.getUint16(i + 26, true))) view.setUint32(i + 22, uncompressed, true);
  }
  return out;
}

describe('docx: paragraphs', () => {
  it('makes each Word paragraph a line with a blank line between, then finds the speakers', async () => {
    const bytes = await buildDocx(
      paragraphsXml(['Pilot group', 'Moderator: Hello.', 'P1: Hi.\nSecond line.', 'More from P1.', 'Moderator: Bye.']),
    );
    const p = await parseSource(bytes, 'pilot.docx');
    expect(violation(p)).toBeNull();
    expect(p.text).toBe('Pilot group\n\nModerator: Hello.\n\nP1: Hi.\nSecond line.\n\nMore from P1.\n\nModerator: Bye.');
    expect(said(p)).toEqual([
      [null, 'Pilot group', null],
      ['Moderator', 'Hello.', null],
      ['P1', 'Hi.\nSecond line.\n\nMore from P1.', null],
      ['Moderator', 'Bye.', null],
    ]);
  });

  it('reads a bold label split over runs, as Word writes it', async () => {
    const run = (t: string, bold = false) =>
      `<w:r>${bold ? '<w:rPr><w:b/></w:rPr>' : ''}<w:t xml:space="preserve">${t}</w:t></w:r>`;
    const xml = `<?xml version="1.0"?><w:document xmlns:w="${W_NS}"><w:body>
      <w:p>${run('Mode', true)}${run('rator', true)}${run(':', true)}${run(' Welcome.')}</w:p>
      <w:p>${run('Kim:', true)}${run(' Thanks, ')}${run('really', true)}${run('.')}</w:p></w:body></w:document>`;
    const p = await parseSource(await buildDocx(xml), 'bold.docx');
    expect(said(p)).toEqual([
      ['Moderator', 'Welcome.', null],
      ['Kim', 'Thanks, really.', null],
    ]);
  });

  it('is recognised by its content, whatever its name', async () => {
    const bytes = await buildDocx(paragraphsXml(['Moderator: Hello.', 'P1: Hi.']));
    const p = await parseSource(bytes, 'transcript.txt');
    expect(p.format).toBe('docx');
    expect(p.speakers).toEqual(['Moderator', 'P1']);
  });

  it('keeps emoji and combining marks, and composes to NFC', async () => {
    const bytes = await buildDocx(paragraphsXml(['Zoe\u0308: Cafe\u0301 👩🏽‍⚕️ ok', 'P1: 🙂', 'Zoe\u0308: yes']));
    const p = await parseSource(bytes, 'nfc.docx');
    expect(violation(p)).toBeNull();
    expect(said(p)).toEqual([
      ['Zoë', 'Café 👩🏽‍⚕️ ok', null],
      ['P1', '🙂', null],
      ['Zoë', 'yes', null],
    ]);
  });
});

describe('docx: Microsoft Teams transcripts', () => {
  const run = (t: string) => `<w:r><w:t xml:space="preserve">${t}</w:t></w:r>`;
  const doc = (body: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W_NS}"><w:body>${body}</w:body></w:document>`;

  it('takes "Last, First   0:00" above each turn’s paragraph: the name as written, the time as the start', async () => {
    // As Teams writes it: the name and the time in runs of one paragraph, the speech in the next.
    const turn = (name: string, time: string, speech: string) => `<w:p>${run(name)}${run(`   ${time}`)}</w:p><w:p>${run(speech)}</w:p>`;
    const xml = doc(
      `<w:p>${run('Transcript')}</w:p>` +
        turn('Alvarez, Tomas', '0:00', 'Good morning, everyone.') +
        turn('Kim, Lee', '0:07', 'Morning.') +
        turn('Alvarez, Tomas', '1:02:03', 'Yes, we met at 10:30') +
        `<w:p>${run('Yes, we met at 10:30')}</w:p>` +
        turn('Okafor, Ngozi', '1:03:00', 'One thing from me.') +
        turn('Kim, Lee', '1:04:10', 'Thanks.'),
    );
    const p = await parseSource(await buildDocx(xml), 'Team meeting.docx');
    expect(violation(p)).toBeNull();
    expect(p.speakers).toEqual(['Alvarez, Tomas', 'Kim, Lee', 'Okafor, Ngozi']);
    expect(said(p)).toEqual([
      [null, 'Transcript', null],
      ['Alvarez, Tomas', 'Good morning, everyone.', 0],
      ['Kim, Lee', 'Morning.', 7],
      ['Alvarez, Tomas', 'Yes, we met at 10:30\n\nYes, we met at 10:30', 3723],
      ['Okafor, Ngozi', 'One thing from me.', 3780],
      ['Kim, Lee', 'Thanks.', 3850],
    ]);
  });

  it('reads the name and time before a tab or a line break in the turn’s own paragraph', async () => {
    const turn = (name: string, time: string, speech: string) =>
      `<w:p>${run(name)}<w:r><w:tab/><w:t>${time}</w:t></w:r><w:r><w:br/><w:t>${speech}</w:t></w:r></w:p>`;
    const xml = doc(turn('Alvarez, Tomas', '0:00', 'Hello.') + turn('Kim, Lee', '0:05', 'Hi.') + turn('Alvarez, Tomas', '0:09', 'Bye.'));
    const p = await parseSource(await buildDocx(xml), 'teams.docx');
    expect(violation(p)).toBeNull();
    expect(said(p)).toEqual([
      ['Alvarez, Tomas', 'Hello.', 0],
      ['Kim, Lee', 'Hi.', 5],
      ['Alvarez, Tomas', 'Bye.', 9],
    ]);
  });
});

describe('docx: a speaker seen once', () => {
  it('takes Resident C beside Resident A and B, and lists a name among ids as a possible speaker', async () => {
    const bytes = await buildDocx(
      paragraphsXml([
        'Resident A: Nights are hard.',
        'Resident B: Days too.',
        'Resident A: True.',
        'Resident C: I just started.',
        'Resident B: Welcome.',
        'Maria: I run the rota.',
      ]),
    );
    const p = await parseSource(bytes, 'residents.docx');
    expect(p.speakers).toEqual(['Resident A', 'Resident B', 'Resident C']);
    expect(said(p).at(-1)).toEqual(['Resident B', 'Welcome.\n\nMaria: I run the rota.', null]);
    expect(p.candidates).toEqual([{ label: 'Maria', count: 1, firstLine: 'Maria: I run the rota.' }]);

    const accepted = await parseSource(bytes, 'residents.docx', { extraLabels: ['Maria'] });
    expect(accepted.speakers).toEqual(['Resident A', 'Resident B', 'Resident C', 'Maria']);
    expect(said(accepted).slice(-2)).toEqual([
      ['Resident B', 'Welcome.', null],
      ['Maria', 'I run the rota.', null],
    ]);
    expect(accepted.candidates).toEqual([]);
  });
});

describe('docx: transcripts laid out as tables', () => {
  it('time | speaker | text with a header row: one turn per row, with its time', async () => {
    const bytes = await buildDocx(
      tableXml([
        ['Timestamp', 'Speaker', 'Transcript'],
        ['[00:00:01]', 'Moderator', 'Welcome.'],
        ['[00:00:04]', 'Moderator', 'Shall we start?'],
        ['[00:01:10]', 'Participant 1', 'Yes.'],
      ]),
    );
    const p = await parseSource(bytes, 'table.docx');
    expect(violation(p)).toBeNull();
    expect(p.text).toBe('[00:00:01] Moderator: Welcome.\n\n[00:00:04] Moderator: Shall we start?\n\n[00:01:10] Participant 1: Yes.');
    expect(said(p)).toEqual([
      ['Moderator', 'Welcome.', 1],
      ['Moderator', 'Shall we start?', 4],
      ['Participant 1', 'Yes.', 70],
    ]);
    expect(p.turns.map((t) => t.timeEnd)).toEqual([4, 70, null]);
  });

  it('speaker | time | text without a header, the columns in any order', async () => {
    const bytes = await buildDocx(
      tableXml([
        ['Anna', '0:05', 'I think so.'],
        ['Ben', '0:09', 'Not me.'],
        ['Anna', '0:15', 'Why not?'],
      ]),
    );
    const p = await parseSource(bytes, 'table.docx');
    expect(p.speakers).toEqual(['Anna', 'Ben']);
    expect(said(p)).toEqual([
      ['Anna', 'I think so.', 5],
      ['Ben', 'Not me.', 9],
      ['Anna', 'Why not?', 15],
    ]);
  });

  it('a header row that names the speaker column makes a two-row table a transcript', async () => {
    const bytes = await buildDocx(tableXml([['Name', 'Text'], ['Dr Lee', 'Hello.'], ['Sam', 'Hi, Dr Lee.']]));
    const p = await parseSource(bytes, 'table.docx');
    expect(said(p)).toEqual([
      ['Dr Lee', 'Hello.', null],
      ['Sam', 'Hi, Dr Lee.', null],
    ]);
  });

  it('time | text: the rows become timestamped paragraphs and labels in them are found', async () => {
    const bytes = await buildDocx(
      tableXml([
        ['00:00:01', 'Moderator: Welcome, all of you.'],
        ['00:00:05', 'P1: Thank you for having us.'],
        ['00:00:09', 'Moderator: Let us begin then.'],
      ]),
    );
    const p = await parseSource(bytes, 'table.docx');
    expect(said(p)).toEqual([
      ['Moderator', 'Welcome, all of you.', 1],
      ['P1', 'Thank you for having us.', 5],
      ['Moderator', 'Let us begin then.', 9],
    ]);
  });

  it('a table that is not a transcript (front-matter details) stays text', async () => {
    const xml = tableXml([
      ['Site', 'North Hospital, ward 7'],
      ['Date', '12 May 2025, evening session with six nurses.'],
    ]).replace(
      '</w:body>',
      `${paragraphsXml(['Moderator: Welcome.', 'P1: Thanks.']).match(/<w:body>(.*)<\/w:body>/s)![1]}</w:body>`,
    );
    const p = await parseSource(await buildDocx(xml), 'details.docx');
    expect(violation(p)).toBeNull();
    expect(said(p)).toEqual([
      [null, 'Site\tNorth Hospital, ward 7\nDate\t12 May 2025, evening session with six nurses.', null],
      ['Moderator', 'Welcome.', null],
      ['P1', 'Thanks.', null],
    ]);
  });

  it('without speaker detection keeps the same text and gives speakerless turns', async () => {
    const bytes = await buildDocx(tableXml([['00:01', 'MOD', 'Hi.'], ['00:02', 'P1', 'Hello.']]));
    const p = await parseSource(bytes, 'table.docx', { detectSpeakers: false });
    expect(p.speakers).toEqual([]);
    expect(said(p)).toEqual([
      [null, 'MOD: Hi.', 1],
      [null, 'P1: Hello.', 2],
    ]);
  });
});

describe('docx: damaged and hostile files', () => {
  it('refuses a truncated .docx as CORRUPT_FILE, naming the file', async () => {
    const bytes = await buildDocx(paragraphsXml(['Moderator: Hello.']));
    const e = await refusal(parseSource(bytes.subarray(0, bytes.length - 40), 'cut.docx'));
    expect(e.code).toBe(ErrorCode.CORRUPT_FILE);
    expect(e.message).toContain('cut.docx');
  });

  it('refuses a broken zip named .txt as UNSUPPORTED_FORMAT (binary, not text)', async () => {
    const e = await refusal(parseSource(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0x14, 0, 0x41]), 'binary.txt'));
    expect(e.code).toBe(ErrorCode.UNSUPPORTED_FORMAT);
    expect(e.message).toContain('binary.txt');
  });

  it('refuses a zip that is not a Word document, saying what it is', async () => {
    const JSZip = (await import('jszip')).default;
    const xlsx = new JSZip();
    xlsx.file('xl/workbook.xml', '<workbook/>');
    const bytes = await xlsx.generateAsync({ type: 'uint8array' });
    const e = await refusal(parseSource(bytes, 'codes.xlsx'));
    expect(e.code).toBe(ErrorCode.UNSUPPORTED_FORMAT);
    expect(e.message).toMatch(/codes\.xlsx is an Excel workbook/);
    const e2 = await refusal(parseSource(bytes, 'renamed.docx'));
    expect(e2.code).toBe(ErrorCode.CORRUPT_FILE);
  });

  it('refuses a .docx that is not a zip at all as CORRUPT_FILE', async () => {
    const e = await refusal(parseSource(new TextEncoder().encode('PK fake'), 'notes.docx'));
    expect(e.code).toBe(ErrorCode.CORRUPT_FILE);
    expect(e.message).toContain('notes.docx');
  });

  it('refuses malformed document XML as CORRUPT_FILE', async () => {
    const bytes = await buildDocx(`<?xml version="1.0"?><w:document xmlns:w="${W_NS}"><w:body><w:p><w:r><w:t>oops</w:body>`);
    const e = await refusal(parseSource(bytes, 'bad.docx'));
    expect(e.code).toBe(ErrorCode.CORRUPT_FILE);
  });

  it.each([
    ['entity expansion (billion laughs)', '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>', '&b;'],
    ['an external entity', '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', '&xxe;'],
    ['a bare DOCTYPE', '<!DOCTYPE html>', 'hello'],
  ])('refuses a part with a DTD: %s', async (_what, doctype, text) => {
    const xml = `<?xml version="1.0"?>${doctype}<w:document xmlns:w="${W_NS}"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`;
    const e = await refusal(parseSource(await buildDocx(xml), 'xxe.docx'));
    expect(e.code).toBe(ErrorCode.CORRUPT_FILE);
    expect(e.message).toMatch(/xxe\.docx .*DTD/);
  });

  it('refuses a DTD hidden in a UTF-16 part', async () => {
    const xml = '\ufeff<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY e "e">]><x/>';
    const utf16 = new Uint8Array(Buffer.from(xml, 'utf16le'));
    const bytes = await buildDocx(paragraphsXml(['Moderator: hi']), { 'word/settings.xml': utf16 });
    expect((await refusal(parseSource(bytes, 'u16.docx'))).code).toBe(ErrorCode.CORRUPT_FILE);
  });

  it('refuses a zip bomb by its compression ratio before inflating it (TOO_LARGE)', async () => {
    const zeros = new Uint8Array(DOCX_LIMITS.ratioFloorBytes + 1024);
    const bytes = await buildDocx(paragraphsXml(['Moderator: hi']), { 'word/media/padding.bin': zeros });
    expect(bytes.length).toBeLessThan(100_000);
    const e = await refusal(parseSource(bytes, 'bomb.docx'));
    expect(e.code).toBe(ErrorCode.TOO_LARGE);
    expect(e.message).toMatch(/bomb\.docx was refused: .*compressed more than 100 to 1/);
  });

  it('refuses entries that declare more than the total limit (TOO_LARGE), before inflating', async () => {
    const bytes = patchSizes(await buildDocx(paragraphsXml(['Moderator: hi'])), 'word/document.xml', 0xfffffff0);
    const e = await refusal(parseSource(bytes, 'huge.docx'));
    expect(e.code).toBe(ErrorCode.TOO_LARGE);
  });

  it('stops inflating a part that is larger than its directory says (TOO_LARGE)', async () => {
    const big = paragraphsXml(Array.from({ length: 4000 }, (_, i) => `P${i % 7}: ${'words '.repeat(40)}`));
    const bytes = patchSizes(await buildDocx(big), 'word/document.xml', 1000);
    const limits = { ...DOCX_LIMITS, maxPartBytes: 256 * 1024 };
    const e = await refusal(parseDocx(bytes, 'liar.docx', { detectSpeakers: true, claimedDocx: true }, limits));
    expect(e.code).toBe(ErrorCode.TOO_LARGE);
    expect(e.message).toContain('word/document.xml');
    // With the real limits the lie is still caught, as damage, when the sizes disagree.
    const e2 = await refusal(parseSource(bytes, 'liar.docx'));
    expect([ErrorCode.CORRUPT_FILE, ErrorCode.TOO_LARGE]).toContain(e2.code);
  });

  it('refuses more entries than the limit (TOO_LARGE)', async () => {
    const extra = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`customXml/item${i}.xml`, '<a/>']));
    const bytes = await buildDocx(paragraphsXml(['Moderator: hi']), extra);
    const e = await refusal(
      parseDocx(bytes, 'many.docx', { detectSpeakers: true, claimedDocx: true }, { ...DOCX_LIMITS, maxEntries: 20 }),
    );
    expect(e.code).toBe(ErrorCode.TOO_LARGE);
  });

  it('ignores zip-slip entry names: nothing is ever written to disk', async () => {
    const bytes = await buildDocx(paragraphsXml(['Moderator: hi', 'P1: yo']), { '../../evil.xml': '<x/>' });
    const p = await parseSource(bytes, 'slip.docx');
    expect(p.speakers).toEqual(['Moderator', 'P1']);
  });

  it('gives INVALID_INPUT for a Word document without text', async () => {
    const e = await refusal(parseSource(await buildDocx(paragraphsXml([])), 'blank.docx'));
    expect(e.code).toBe(ErrorCode.INVALID_INPUT);
  });
});
