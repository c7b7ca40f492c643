/**
 * Fuzz: thousands of random and mutated inputs (random bytes, text built from the tokens the
 * parsers look for, mutated real files, truncated and bit-flipped .docx zips, broken WebVTT) go
 * through parseSource. Each must end in a ParsedSource that satisfies the invariants, or in a
 * ChorusError of the contract (naming the file, never INTERNAL) — never another exception, never
 * a hang (each test has vitest's timeout). Sized to run in well under 20 s on two cores.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ChorusError, ErrorCode } from '../../shared/errors.js';
import { parseSource } from '../../electron/core/documents/formats/index.js';
import { buildDocx, paragraphsXml, tableXml, violation } from '../fixtures/transcripts/helpers.js';

const OWN_FIXTURES = path.join(import.meta.dirname, '../fixtures/transcripts');
const SHARED_FIXTURES = path.resolve(import.meta.dirname, '../../../shared/fixtures/transcripts');
const NAMES = ['fg.txt', 'fg.md', 'fg.docx', 'fg.vtt', 'fg.srt', 'fg', 'fg.doc', 'fg.TXT'];
const CONTRACT_CODES: string[] = [ErrorCode.UNSUPPORTED_FORMAT, ErrorCode.CORRUPT_FILE, ErrorCode.INVALID_INPUT, ErrorCode.TOO_LARGE];

const counts = { inputs: 0, parsed: 0, refused: 0 };

/** The one outcome check: a well-formed result, or a contract error naming the file. */
async function check(bytes: Uint8Array, name: string): Promise<void> {
  counts.inputs++;
  let parsed;
  try {
    parsed = await parseSource(bytes, name);
  } catch (e) {
    if (!(e instanceof ChorusError)) throw new Error(`${name}: threw ${String(e)}`, { cause: e });
    if (!CONTRACT_CODES.includes(e.code)) throw new Error(`${name}: ${e.code}: ${e.message}`, { cause: e });
    if (!e.message.includes(name)) throw new Error(`${name}: the message does not name the file: ${e.message}`, { cause: e });
    counts.refused++;
    return;
  }
  const problem = violation(parsed);
  if (problem) throw new Error(`${name}: ${problem}`);
  counts.parsed++;
}

// --- mutations -----------------------------------------------------------------------------------

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'duplicate'; at: number; length: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.constantFrom(0, 0xff, 0x0a, 0x3c, 0x3a, 0x5b, 0x50) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 32 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 256 }) }),
);

function mutate(seed: Uint8Array, mutations: Mutation[]): Uint8Array {
  let b = seed;
  for (const m of mutations) {
    if (b.length === 0) break;
    const at = m.at % b.length;
    switch (m.kind) {
      case 'flip':
        b = b.slice();
        b[at] = b[at]! ^ (1 << m.bit);
        break;
      case 'set':
        b = b.slice();
        b[at] = m.value;
        break;
      case 'truncate':
        b = b.slice(0, at);
        break;
      case 'delete':
        b = new Uint8Array([...b.subarray(0, at), ...b.subarray(at + m.length)]);
        break;
      case 'insert':
        b = new Uint8Array([...b.subarray(0, at), ...m.bytes, ...b.subarray(at)]);
        break;
      case 'duplicate':
        b = new Uint8Array([...b.subarray(0, at + m.length), ...b.subarray(at)]);
        break;
    }
  }
  return b;
}

// --- seeds ---------------------------------------------------------------------------------------

const textSeeds: { name: string; bytes: Uint8Array }[] = [];
const docxSeeds: { name: string; bytes: Uint8Array }[] = [];

beforeAll(async () => {
  const dirs = [OWN_FIXTURES, ...(fs.existsSync(SHARED_FIXTURES) ? [SHARED_FIXTURES] : [])];
  for (const dir of dirs) {
    for (const f of fs.readdirSync(dir)) {
      if (/\.(?:json|ts|tsv)$|README/.test(f)) continue;
      const bytes = new Uint8Array(fs.readFileSync(path.join(dir, f)));
      if (f.endsWith('.document.xml')) docxSeeds.push({ name: f.replace('.document.xml', '.docx'), bytes: await buildDocx(new TextDecoder().decode(bytes)) });
      else if (f.endsWith('.docx')) docxSeeds.push({ name: f, bytes });
      else textSeeds.push({ name: f, bytes });
    }
  }
  docxSeeds.push({ name: 'stored.docx', bytes: await buildDocx(paragraphsXml(['Moderator: Hi.', 'P1: Yo.']), {}, 'STORE') });
  docxSeeds.push({ name: 'table.docx', bytes: await buildDocx(tableXml([['Time', 'Speaker', 'Text'], ['0:01', 'A', 'x'], ['0:02', 'B', 'y']])) });
});

// --- token grammars ------------------------------------------------------------------------------

const TEXT_TOKENS = [
  'Moderator', 'P1', 'Participant 3', 'Speaker 1', 'Dr. Lee', 'ZOË', 'Maya', 'id1', '(Dr Kim)', ':', ': ', '::', '**', '__',
  '[', ']', '(', ')', '[00:01:23]', '00:01:23', '0:03', '(01:02:03)', '12:34', '.5', ',250', ' - ', '-->', '[laughter]',
  '[crosstalk]', '(inaudible 00:12:01)', '[P3]', '[id2]:', '# ', '---', '\n', '\n\n', '\r\n', '\r', ' ', '  ', '\t', 'text',
  'words here', '🙂', '\uD83D', 'e\u0301', '\u0308', '\u2028', '\u00a0', '\u0000', '\uFEFF', '<v Ann>', '</v>', '<c>', '&amp;',
  'WEBVTT', 'NOTE', '1', '\u200b', 'é', '\uFFFD',
];
const tokenText = fc.array(fc.constantFrom(...TEXT_TOKENS), { maxLength: 120 }).map((ts) => ts.join(''));

const VTT_LINES = [
  'WEBVTT', '', '', '', 'NOTE', 'NOTE a note', 'STYLE', '::cue { color: red }', 'REGION', '1', '2', 'a1b2/12-0',
  '00:00:01.000 --> 00:00:02.000', '00:01.000 --> 00:02.000', '00:00:03,500 --> 00:00:04,000', '00:00:05.000 --> 00:00:04.000',
  '00:00:01.000 -->', '--> 00:00:02.000', '00:00:01.000 --> 00:00:02.000 align:start line:0', '99:59:59.999 --> 100:00:00.000',
  '<v Ann>Hello there.</v>', '<v Speaker, First (Student)>Yes.', '</v>', '<v>', '<v >x</v>', '<v.loud Bo>Loud</v>',
  '<c.red>colour</c> <i>it</i> <b>b</b> <00:00:01.500>', 'Ann: Hi.', 'Bo: Yo: no.', '&amp; &lt; &#x1F600; &#xD800; &bogus;',
  'plain caption', '<', '>', '<<v Ann>>', '{\\an8}top', '🙂 e\u0301',
];
const vttText = fc.array(fc.constantFrom(...VTT_LINES), { maxLength: 60 }).map((ls) => ls.join('\n'));

const encodeAs = (text: string, how: number): Uint8Array => {
  if (how === 1) return new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]);
  if (how === 2) return new Uint8Array(Buffer.from(text, 'latin1'));
  return new Uint8Array(Buffer.from(text, 'utf8'));
};

// --- the runs ------------------------------------------------------------------------------------

describe('fuzz: parseSource ends in a document or a contract error', () => {
  it('random bytes under every file name', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), fc.constantFrom(...NAMES), async (bytes, name) => check(bytes, name)),
      { numRuns: 3000 },
    );
  });

  it('random bytes behind real signatures (zip, BOMs, WEBVTT, SRT, PDF, OLE)', async () => {
    const heads = [
      [0x50, 0x4b, 0x03, 0x04], [0x50, 0x4b, 0x05, 0x06], [0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff],
      [...Buffer.from('WEBVTT\n\n')], [...Buffer.from('1\n00:00:01,000 --> 00:00:02,000\n')], [...Buffer.from('%PDF')],
      [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...heads), fc.uint8Array({ maxLength: 512 }), fc.constantFrom(...NAMES), async (head, rest, name) =>
        check(new Uint8Array([...head, ...rest]), name),
      ),
      { numRuns: 1500 },
    );
  });

  it('text built from the tokens the plain-text parser looks for', async () => {
    await fc.assert(
      fc.asyncProperty(tokenText, fc.integer({ min: 0, max: 2 }), fc.constantFrom('fg.txt', 'fg.md', 'fg.vtt'), async (text, how, name) =>
        check(encodeAs(text, how), name),
      ),
      { numRuns: 4000 },
    );
  });

  it('broken WebVTT and SRT built from their lines', async () => {
    await fc.assert(
      fc.asyncProperty(vttText, fc.constantFrom('fg.vtt', 'fg.srt', 'fg.txt'), fc.boolean(), async (text, name, crlf) =>
        check(encodeAs(crlf ? text.replace(/\n/g, '\r\n') : text, 0), name),
      ),
      { numRuns: 3000 },
    );
  });

  it('mutated real text files (transcripts, VTT, SRT, UTF-16, Windows-1252)', async () => {
    expect(textSeeds.length).toBeGreaterThan(10);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: textSeeds.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        async (i, ms) => check(mutate(textSeeds[i]!.bytes, ms), textSeeds[i]!.name),
      ),
      { numRuns: 3000 },
    );
  });

  it('truncated and bit-flipped .docx zips', async () => {
    expect(docxSeeds.length).toBeGreaterThanOrEqual(4);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: docxSeeds.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        fc.constantFrom('fg.docx', 'fg.txt'),
        async (i, ms, name) => check(mutate(docxSeeds[i]!.bytes, ms), name),
      ),
      { numRuns: 2000 },
    );
  });

  it('valid zips around broken document XML', async () => {
    const xml = paragraphsXml(['Moderator: Hi <there> & you.', 'P1: Yo.']);
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 5 }), async (ms) => {
        const broken = new TextDecoder().decode(mutate(new TextEncoder().encode(xml), ms));
        await check(await buildDocx(broken), 'fg.docx');
      }),
      { numRuns: 400 },
    );
  });

  it('large hostile inputs stay linear', async () => {
    const big = (s: string, n: number) => new TextEncoder().encode(s.repeat(n));
    const inputs: [Uint8Array, string][] = [
      [big('[', 500_000), 'a.txt'],
      [big('Moderator (', 200_000), 'a.txt'],
      [big('P1: ', 200_000), 'a.txt'],
      [big(' \n', 300_000), 'a.txt'],
      [big('**', 300_000), 'a.md'],
      [big('a'.repeat(48) + ' 0', 20_000), 'a.txt'],
      [big('<v ', 200_000), 'a.vtt'],
      [new TextEncoder().encode(`WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n${'<'.repeat(300_000)}`), 'a.vtt'],
      [new TextEncoder().encode(`WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n${'&#'.repeat(300_000)}`), 'a.vtt'],
      [big('00:00:01.000 --> 00:00:02.000\n', 50_000), 'a.srt'],
      [big('Speaker 1  0:03\n', 50_000), 'a.txt'],
    ];
    for (const [bytes, name] of inputs) await check(bytes, name);
  });

  it('ran thousands of inputs', () => {
    console.info(`fuzz: ${counts.inputs} inputs, ${counts.parsed} parsed, ${counts.refused} refused with a contract error`);
    expect(counts.inputs).toBeGreaterThan(15_000);
  });
});
