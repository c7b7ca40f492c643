/**
 * Round trips through REFI-QDA: a coded project exported as .qdpx and imported as a new project
 * keeps its codes, codings (same characters, same coder), memos and attributes, and exporting the
 * import again gives the same GUIDs and the same selections.
 */
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, createHarness, dbOf, type Harness } from './helpers.js';
import { selectionsOf, unzip, zipBytes } from './refi-helpers.js';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.cleanup());

type Row = Record<string, unknown>;
function snapshot(h: Harness) {
  const db = dbOf(h.session);
  const all = (sql: string) => db.prepare(sql).all() as Row[];
  return {
    codes: all(`SELECT c.guid, p.guid AS parent, c.name, c.color, c.definition, c.kind FROM codes c LEFT JOIN codes p ON p.id = c.parent_id ORDER BY c.guid`),
    codings: all(
      `SELECT x.guid, d.guid AS doc, c.guid AS code, x.start, x.end, x.created_by AS coder
       FROM codings x JOIN documents d ON d.id = x.document_id JOIN codes c ON c.id = x.code_id ORDER BY x.guid`,
    ),
    documents: all(`SELECT guid, name, text FROM documents ORDER BY guid`),
    participants: all(`SELECT guid, label FROM participants ORDER BY guid`),
    values: [
      ...all(`SELECT a.name, d.guid AS owner, v.value FROM document_values v JOIN attributes a ON a.id = v.attribute_id
              JOIN documents d ON d.id = v.document_id ORDER BY 1, 2`),
      ...all(`SELECT a.name, p.guid AS owner, v.value FROM participant_values v JOIN attributes a ON a.id = v.attribute_id
              JOIN participants p ON p.id = v.participant_id ORDER BY 1, 2`),
    ],
    memos: all(`SELECT guid, kind, target_guid, content_text FROM memos ORDER BY guid`),
    users: all(`SELECT guid, name FROM users ORDER BY guid`),
  };
}

describe('demo project → .qdpx → new project → .qdpx', () => {
  it('keeps codes, codings, memos, attributes and GUIDs', async () => {
    await call(h.session, 'project.createDemo', { path: h.file('demo.chorus') });
    const docs = await call(h.session, 'documents.list', {});
    const codes = await call(h.session, 'codes.list', {});
    for (const [i, d] of docs.entries()) {
      const { turns } = await call(h.session, 'documents.get', { document: d.guid });
      for (const [j, t] of turns.slice(2, 12).entries()) {
        // Some codings cross into the next turn.
        const next = turns[2 + j + 1];
        const end = j % 3 === 0 && next ? next.start + 5 : t.end;
        await call(h.session, 'codings.apply', { document: d.guid, start: t.start, end, code: { guid: codes[(i + j) % codes.length]!.guid } });
      }
    }
    const first = (await call(h.session, 'codings.list', { document: docs[0]!.guid }))[0]!;
    await call(h.session, 'memos.create', { kind: 'segment', target: first.guid, content: '{"root":{}}', text: 'On this passage' });
    await call(h.session, 'memos.create', { kind: 'document', target: docs[0]!.guid, content: '{"root":{}}', text: 'Noisy room' });
    await call(h.session, 'memos.create', { kind: 'journal', title: 'Phase 1', content: '{"root":{}}', text: 'Reading everything twice.\nThen coding.' });
    await call(h.session, 'codes.update', { code: codes[1]!.guid, inclusion: 'Any mention of peers', example: '"we text each other"' });
    const before = snapshot(h);

    await call(h.session, 'export.refi', { format: 'qdpx', path: h.file('one.qdpx') });
    const { report } = await call(h.session, 'project.importRefi', { source: h.file('one.qdpx'), path: h.file('copy.chorus') });
    expect(report.codings).toBe(before.codings.length);
    const after = snapshot(h);
    expect(after.codes).toEqual(before.codes);
    expect(after.codings).toEqual(before.codings);
    expect(after.documents).toEqual(before.documents);
    expect(after.participants).toEqual(before.participants);
    expect(after.values).toEqual(before.values);
    expect(after.memos).toEqual(before.memos);
    expect(after.users).toEqual(before.users);
    // Inclusion criteria and example came back into their own fields.
    const code = (await call(h.session, 'codes.list', {})).find((c) => c.guid === codes[1]!.guid)!;
    expect(code.inclusion).toBe('Any mention of peers');
    expect(code.example).toBe('"we text each other"');

    await call(h.session, 'export.refi', { format: 'qdpx', path: h.file('two.qdpx') });
    const one = (await unzip(h.file('one.qdpx'))).get('project.qde')!.toString('utf8');
    const two = (await unzip(h.file('two.qdpx'))).get('project.qde')!.toString('utf8');
    const guids = (xml: string) => [...xml.matchAll(/\bguid="([^"]+)"/gu)].map((m) => m[1]).sort();
    expect(guids(two)).toEqual(guids(one));
    expect(selectionsOf(two)).toEqual(selectionsOf(one));
  }, 60_000);
});

describe('a source with CRLF line ends, emoji and combining marks', () => {
  it('is stored normalised, with each selection on the same characters, and exported in code points', async () => {
    const raw = 'Moderator: Welcome 😀 everyone.\r\nP1: Cafe\u0301 talk 👍🏽 helps.\r\nP2: Group chat.\r\n';
    const cp = Array.from(raw);
    const at = (s: string) => cp.join('').indexOf(s) === -1 ? -1 : Array.from(raw.slice(0, raw.indexOf(s))).length;
    const sel = (guid: string, text: string, code: string) => {
      const start = at(text);
      const end = start + Array.from(text).length;
      return `<PlainTextSelection guid="${guid}" startPosition="${start}" endPosition="${end}"><Coding guid="${guid.replace(/^a/u, 'b')}"><CodeRef targetGUID="${code}"/></Coding></PlainTextSelection>`;
    };
    const C1 = '11111111-2222-4333-8444-555555555555';
    const qde = `<?xml version="1.0"?><Project xmlns="urn:QDA-XML:project:1.0" name="CRLF" origin="SomeTool 1.0">
<CodeBook><Codes><Code guid="${C1}" name="Emoji" isCodable="true" color="#ABC"/></Codes></CodeBook>
<Sources><TextSource guid="aaaaaaaa-0000-4000-8000-000000000001" name="Group" plainTextPath="internal://g.txt">
${sel('aaaaaaaa-0000-4000-8000-000000000011', 'Welcome 😀 everyone.', C1)}
${sel('aaaaaaaa-0000-4000-8000-000000000012', 'Cafe\u0301 talk 👍🏽', C1)}
${sel('aaaaaaaa-0000-4000-8000-000000000013', 'Group chat.\r\n', C1)}
</TextSource></Sources></Project>`;
    fs.writeFileSync(h.file('crlf.qdpx'), await zipBytes({ 'project.qde': qde, 'sources/g.txt': `\uFEFF${raw}` }));
    await call(h.session, 'project.importRefi', { source: h.file('crlf.qdpx'), path: h.file('crlf.chorus') });
    const [doc] = await call(h.session, 'documents.list', {});
    const segments = await call(h.session, 'codings.list', { document: doc!.guid });
    expect(segments.map((s) => s.text)).toEqual(['Welcome 😀 everyone.', 'Café talk 👍🏽', 'Group chat.\n']);
    // Speakers were found in the text.
    const detail = await call(h.session, 'documents.get', { document: doc!.guid });
    expect(detail.speakers.map((s) => s.label)).toEqual(['Moderator', 'P1', 'P2']);
    expect((await call(h.session, 'codes.list', {}))[0]!.color).toBe('#AABBCC');

    await call(h.session, 'export.refi', { format: 'qdpx', path: h.file('out.qdpx') });
    const files = await unzip(h.file('out.qdpx'));
    const text = files.get(`sources/${doc!.guid}.txt`)!.toString('utf8');
    expect(text).toBe(detail.text);
    const exported = selectionsOf(files.get('project.qde')!.toString('utf8'));
    expect(exported.map((s) => Array.from(text).slice(s.start, s.end).join(''))).toEqual(segments.map((s) => s.text));
  });
});
