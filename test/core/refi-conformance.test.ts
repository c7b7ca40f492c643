/**
 * REFI-QDA conformance against ../shared/fixtures/refi-qda (schemas and files written by NVivo,
 * ATLAS.ti, MAXQDA, Taguette, qc and the spec): what Chorus writes validates against the XSDs,
 * and every sample imports with its codes, and with each coding on the text the tool coded
 * (worked out here from the raw XML and source files, independently of the importer).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeText } from '../../electron/core/documents/decode.js';
import { call, createHarness, dbOf, type Harness } from './helpers.js';
import { FIXTURES, HAVE_FIXTURES, HAVE_XMLLINT, schemaErrors, selectionsOf, unzip } from './refi-helpers.js';
import { canSpeak, makeSpokenRecording } from '../media-fixture.js';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.cleanup());

function samples(): string[] {
  const dir = path.join(FIXTURES, 'samples');
  return fs.readdirSync(dir).flatMap((d) => fs.readdirSync(path.join(dir, d)).map((f) => path.join(dir, d, f)));
}

/** A demo project with codings (one across an emoji-free turn boundary), memos and attributes. */
async function codedDemo(h: Harness): Promise<void> {
  await call(h.session, 'project.createDemo', { path: h.file('demo.chorus') });
  const docs = await call(h.session, 'documents.list', {});
  const codes = await call(h.session, 'codes.list', {});
  for (const [i, d] of docs.entries()) {
    const { text, turns } = await call(h.session, 'documents.get', { document: d.guid });
    for (const [j, t] of turns.slice(1, 6).entries()) {
      const code = codes[(i * 5 + j) % codes.length]!;
      const { coding } = await call(h.session, 'codings.apply', { document: d.guid, start: t.start, end: Math.min(t.end, t.start + 80), code: { guid: code.guid } });
      if (j === 0) {
        await call(h.session, 'memos.create', { kind: 'segment', target: coding.guid, content: '{"root":{}}', text: `Why ${text.slice(t.start, t.start + 10)}?` });
      }
    }
  }
  await call(h.session, 'memos.create', { kind: 'journal', title: 'Day 1', content: '{"root":{}}', text: 'I noticed <tags> & "quotes".' });
  await call(h.session, 'memos.create', { kind: 'code', target: codes[0]!.guid, content: '{"root":{}}', text: 'Sharper definition needed.' });
  await call(h.session, 'memos.create', { kind: 'project', content: '{"root":{}}', text: 'Project memo' });
}

describe.skipIf(!HAVE_FIXTURES)('what Chorus writes validates against the REFI-QDA schemas', () => {
  it.skipIf(!HAVE_XMLLINT)('project.qde of a .qdpx, and a .qdc', async () => {
    await codedDemo(h);
    await call(h.session, 'export.refi', { format: 'qdpx', path: h.file('demo.qdpx') });
    await call(h.session, 'export.refi', { format: 'qdc', path: h.file('demo.qdc') });
    const files = await unzip(h.file('demo.qdpx'));
    expect([...files.keys()].filter((k) => !k.startsWith('sources/'))).toEqual(['project.qde']);
    fs.writeFileSync(h.file('project.qde'), files.get('project.qde')!);
    expect(schemaErrors(h.file('project.qde'), 'Project-mrt2019.xsd')).toBe('');
    expect(schemaErrors(h.file('demo.qdc'), 'Codebook.xsd')).toBe('');
    // No byte-order mark anywhere; sources are the stored text exactly.
    for (const [name, bytes] of files) expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), name).toBe(false);
  });

  it.skipIf(!HAVE_XMLLINT || !canSpeak())('project.qde with a linked recording: an AudioSource whose Transcript has sync points', async () => {
    await codedDemo(h);
    const doc = (await call(h.session, 'documents.list', {}))[0]!;
    const recording = makeSpokenRecording(h.dir, 'group.wav', ['A short recording of the group.']);
    await call(h.session, 'media.link', { document: doc.guid, path: recording.file });
    const { turns } = await call(h.session, 'documents.get', { document: doc.guid });
    await call(h.session, 'media.setTurnTime', { turn: turns[1]!.guid, time: 1.5 });
    await call(h.session, 'export.refi', { format: 'qdpx', path: h.file('demo.qdpx') });
    const qde = (await unzip(h.file('demo.qdpx'))).get('project.qde')!;
    expect(qde.toString('utf8')).toMatch(/<AudioSource [^>]*path="absolute:\/\/\/[^"]+group\.wav"[\s\S]*<SyncPoint [^>]*timeStamp="1500"/u);
    fs.writeFileSync(h.file('project.qde'), qde);
    expect(schemaErrors(h.file('project.qde'), 'Project-mrt2019.xsd')).toBe('');
  });

  it.skipIf(!HAVE_XMLLINT)('a re-export of every imported sample', async () => {
    for (const file of samples().filter((f) => !f.endsWith('.qdc'))) {
      const name = path.basename(file);
      await call(h.session, 'project.importRefi', { source: file, path: h.file(`${name}.chorus`) });
      const codes = await call(h.session, 'codes.list', {});
      await call(h.session, 'export.refi', { format: 'qdpx', path: h.file(`${name}.qdpx`) });
      const qde = h.file(`${name}.qde`);
      fs.writeFileSync(qde, (await unzip(h.file(`${name}.qdpx`))).get('project.qde')!);
      expect(schemaErrors(qde, 'Project-mrt2019.xsd'), name).toBe('');
      if (codes.length > 0) {
        await call(h.session, 'export.refi', { format: 'qdc', path: h.file(`${name}.qdc`) });
        expect(schemaErrors(h.file(`${name}.qdc`), 'Codebook.xsd'), name).toBe('');
      }
    }
  }, 60_000);
});

describe.skipIf(!HAVE_FIXTURES)('every sample imports', () => {
  it('with all its codes', async () => {
    for (const file of samples()) {
      const xml = file.endsWith('.qdpx')
        ? [...(await unzip(file))].find(([k]) => /\.qde$/iu.test(k))![1].toString('utf8')
        : fs.readFileSync(file, 'utf8');
      const expected = (xml.match(/<Code\s[^>]*\bguid=/gu) ?? []).length;
      if (file.endsWith('.qdc')) {
        await call(h.session, 'project.create', { path: h.file(`${path.basename(file)}.chorus`) });
        const plan = await call(h.session, 'exchange.previewCodebook', { source: file });
        expect(plan.items.length, path.basename(file)).toBe(expected);
        await call(h.session, 'exchange.mergeCodebook', { source: file });
      } else {
        await call(h.session, 'project.importRefi', { source: file, path: h.file(`${path.basename(file)}.chorus`) });
      }
      expect((await call(h.session, 'codes.list', {})).length, path.basename(file)).toBe(expected);
    }
  }, 60_000);

  /** The text a tool coded, by its own counting (FORMAT.md §5), normalised as Chorus stores text. */
  const vendorSlice: Record<'nvivo' | 'other', (raw: string, start: number, end: number) => string> = {
    nvivo: (raw, start, end) => raw.slice(start, end),
    other: (raw, start, end) => Array.from(raw).slice(start, end).join(''),
  };

  for (const [dir, file] of [
    ['nvivo', 'nvivo-win-12.6_oltas0517.qdpx'],
    ['other', 'qc-1.3.2_demo.qdpx'],
  ] as const) {
    it(`codes the same characters as ${file}`, async () => {
      const source = path.join(FIXTURES, 'samples', dir, file);
      const files = await unzip(source);
      const xml = files.get('project.qde')!.toString('utf8');
      const paths = new Map(
        [...xml.matchAll(/<TextSource\b[^>]*?\bguid="([^"]+)"[^>]*?\bplainTextPath="([^"]+)"|<TextSource\b[^>]*?\bplainTextPath="([^"]+)"[^>]*?\bguid="([^"]+)"/gu)].map((m) => [
          (m[1] ?? m[4])!.toLowerCase(),
          (m[2] ?? m[3])!.replace('internal://', ''),
        ]),
      );
      const raw = (guid: string) => {
        const name = paths.get(guid)!;
        const entry = [...files.keys()].find((k) => k.toLowerCase() === `sources/${name}`.toLowerCase())!;
        return files.get(entry)!.toString('utf8').replace(/^\uFEFF/u, '');
      };
      const report = await call(h.session, 'project.importRefi', { source, path: h.file('imported.chorus') });
      const selections = selectionsOf(xml);
      const expectedCodings = selections.reduce((n, s) => n + s.codings.length, 0);
      expect(report.report.codings).toBe(expectedCodings);
      const db = dbOf(h.session);
      const stored = new Map(
        (db.prepare(`SELECT x.guid, x.start, x.end, d.text FROM codings x JOIN documents d ON d.id = x.document_id`).all() as {
          guid: string;
          start: number;
          end: number;
          text: string;
        }[]).map((r) => [r.guid, r.text.slice(r.start, r.end)]),
      );
      let checked = 0;
      for (const s of selections) {
        const want = normalizeText(vendorSlice[dir](raw(s.source), s.start, s.end));
        for (const c of s.codings) {
          expect(stored.get(c), `coding ${c} [${s.start}, ${s.end})`).toBe(want);
          checked++;
        }
      }
      expect(checked).toBe(expectedCodings);
    }, 60_000);
  }
});
