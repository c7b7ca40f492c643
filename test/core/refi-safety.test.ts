/**
 * Hostile REFI-QDA files: each is refused with a clear error, the project file to create is not
 * created, and an open project is left exactly as it was.
 */
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../shared/errors.js';
import { openRefiPackage } from '../../electron/core/exchange/refi/archive.js';
import { call, callFails, createHarness, dbOf, dumpAll, type Harness } from './helpers.js';
import { zipBytes } from './refi-helpers.js';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.cleanup());

const QDE = `<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="x"><CodeBook><Codes><Code guid="11111111-2222-4333-8444-555555555555" name="A" isCodable="true"/></Codes></CodeBook></Project>`;
const QDC = `<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="11111111-2222-4333-8444-555555555555" name="A" isCodable="true"/></Codes></CodeBook>`;
const LAUGHS = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&lol2;"/>`;
const XXE = `<?xml version="1.0"?><!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="11111111-2222-4333-8444-555555555555" name="&xxe;" isCodable="true"/></Codes></CodeBook>`;

const cases: [string, () => Promise<Uint8Array | string>, ErrorCode, RegExp][] = [
  ['a zip entry with a .. path', () => zipBytes({ 'project.qde': QDE, '../evil.txt': 'x' }), 'CORRUPT_FILE', /outside the archive/],
  ['a zip entry with an absolute path', () => zipBytes({ 'project.qde': QDE, '/etc/evil.txt': 'x' }), 'CORRUPT_FILE', /outside the archive/],
  ['a DTD with entity expansion', () => zipBytes({ 'project.qde': LAUGHS }), 'CORRUPT_FILE', /DTD/],
  ['a bare .qde with an external entity', () => Promise.resolve(XXE.replace(/CodeBook/gu, 'Project')), 'CORRUPT_FILE', /DTD/],
  ['malformed XML', () => zipBytes({ 'project.qde': '<Project name="x"><Users></Project>' }), 'CORRUPT_FILE', /not well-formed/],
  ['XML that is not a REFI project', () => zipBytes({ 'project.qde': '<html><body/></html>' }), 'UNSUPPORTED_FORMAT', /not a REFI-QDA project/],
  ['a zip without a project.qde', () => zipBytes({ 'readme.txt': 'hello' }), 'UNSUPPORTED_FORMAT', /no project.qde/],
  ['a zip bomb (compression ratio)', () => zipBytes({ 'project.qde': QDE, 'sources/a.txt': new Uint8Array(9 * 1024 * 1024) }), 'TOO_LARGE', /compressed more than 100 to 1/],
  ['a damaged zip', async () => (await zipBytes({ 'project.qde': QDE })).slice(0, 40), 'CORRUPT_FILE', /damaged|not well-formed/],
  ['an entry whose bytes do not match its CRC', async () => {
    const bytes = new Uint8Array(await zipBytes({ 'project.qde': QDE }));
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const data = 30 + view.getUint16(26, true) + view.getUint16(28, true);
    bytes[data + 5] = bytes[data + 5]! ^ 0xff;
    return bytes;
  }, 'CORRUPT_FILE', /damaged/],
];

describe('project.importRefi refuses', () => {
  for (const [what, make, code, message] of cases) {
    it(`${what} (${code}) and creates no project`, async () => {
      const content = await make();
      fs.writeFileSync(h.file('bad.qdpx'), content);
      const e = await callFails(h.session, 'project.importRefi', { source: h.file('bad.qdpx'), path: h.file('new.chorus') }, code);
      expect(e.message).toMatch(message);
      expect(fs.existsSync(h.file('new.chorus'))).toBe(false);
      expect(fs.readdirSync(h.dir).filter((f) => f.startsWith('new.chorus'))).toEqual([]);
    });
  }

  it('to overwrite an existing file', async () => {
    fs.writeFileSync(h.file('ok.qdpx'), await zipBytes({ 'project.qde': QDE }));
    fs.writeFileSync(h.file('taken.chorus'), 'mine');
    await callFails(h.session, 'project.importRefi', { source: h.file('ok.qdpx'), path: h.file('taken.chorus') }, 'CONFLICT');
    expect(fs.readFileSync(h.file('taken.chorus'), 'utf8')).toBe('mine');
  });
});

describe('exchange.mergeCodebook refuses hostile codebooks and leaves the project as it was', () => {
  const bad: [string, string, ErrorCode][] = [
    ['an external entity', XXE, 'CORRUPT_FILE'],
    ['malformed XML', '<CodeBook><Codes><Code></CodeBook>', 'CORRUPT_FILE'],
    ['a codebook with an invalid GUID', QDC.replace('11111111-2222-4333-8444-555555555555', 'nope'), 'CORRUPT_FILE'],
  ];
  for (const [what, xml, code] of bad) {
    it(what, async () => {
      await call(h.session, 'project.create', { path: h.file('p.chorus') });
      await call(h.session, 'codes.create', { name: 'Existing' });
      const before = dumpAll(dbOf(h.session));
      fs.writeFileSync(h.file('bad.qdc'), xml);
      await callFails(h.session, 'exchange.previewCodebook', { source: h.file('bad.qdc') }, code);
      await callFails(h.session, 'exchange.mergeCodebook', { source: h.file('bad.qdc') }, code);
      expect(dumpAll(dbOf(h.session))).toEqual(before);
    });
  }
});

describe('size limits of the archive reader', () => {
  it('refuses an archive that declares more than the total limit, and an entry that inflates past its limit', async () => {
    const bytes = await zipBytes({ 'project.qde': QDE, 'sources/a.txt': 'x'.repeat(5000) });
    const limits = { maxEntries: 10, maxPartBytes: 1_000_000, maxTotalBytes: 2000, maxRatio: 100, ratioFloorBytes: 1_000_000 };
    await expect(openRefiPackage(bytes, 'big.qdpx', limits)).rejects.toMatchObject({ code: 'TOO_LARGE' });
    const pkg = await openRefiPackage(bytes, 'big.qdpx', { ...limits, maxTotalBytes: 1_000_000, maxPartBytes: 1000 });
    await expect(pkg.readText('internal://a.txt')).rejects.toMatchObject({ code: 'TOO_LARGE' });
    await expect(openRefiPackage(bytes, 'many.qdpx', { ...limits, maxEntries: 1 })).rejects.toMatchObject({ code: 'TOO_LARGE' });
  });
});
