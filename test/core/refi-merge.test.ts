/**
 * Merging a codebook (.qdc) into the open project: match by GUID, then by name; the preview
 * writes nothing; the merge is one command that one undo takes back.
 */
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, createHarness, dbOf, dumpAll, type Harness } from './helpers.js';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.cleanup());

const codebook = (codes: string) =>
  `<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Colleague"><Codes>${codes}</Codes></CodeBook>`;

describe('exchange.previewCodebook and exchange.mergeCodebook', () => {
  it('adds new codes, renames codes matched by GUID, keeps codes matched by name, and undoes in one step', async () => {
    await call(h.session, 'project.create', { path: h.file('p.chorus') });
    const stigma = await call(h.session, 'codes.create', { name: 'Stigma' });
    const peers = await call(h.session, 'codes.create', { name: 'Peer support' });
    const NEW_CHILD = 'aaaaaaaa-bbbb-4ccc-8ddd-000000000001';
    const NEW_TOP = 'aaaaaaaa-bbbb-4ccc-8ddd-000000000002';
    fs.writeFileSync(
      h.file('cb.qdc'),
      codebook(
        `<Code guid="${stigma.guid.toUpperCase()}" name="Stigma and shame" isCodable="true"/>` +
          `<Code guid="{99999999-8888-4777-8666-555555555555}" name="peer SUPPORT" isCodable="true">` +
          `<Code guid="${NEW_CHILD}" name="Group chats" isCodable="true" color="#00ff00"><Description>Messaging.</Description></Code></Code>` +
          `<Code guid="${NEW_TOP}" name="Sleep" isCodable="false"/>`,
      ),
    );
    const before = dumpAll(dbOf(h.session));
    const plan = await call(h.session, 'exchange.previewCodebook', { source: h.file('cb.qdc') });
    expect(dumpAll(dbOf(h.session))).toEqual(before);
    expect(plan.counts).toEqual({ add: 2, rename: 1, keep: 1 });
    expect(plan.items.map((i) => [i.name, i.action, i.match?.by ?? null])).toEqual([
      ['Stigma and shame', 'rename', 'guid'],
      ['peer SUPPORT', 'keep', 'name'],
      ['Group chats', 'add', null],
      ['Sleep', 'add', null],
    ]);

    const applied = await call(h.session, 'exchange.mergeCodebook', { source: h.file('cb.qdc') });
    expect(applied.counts).toEqual(plan.counts);
    const codes = await call(h.session, 'codes.list', {});
    const byName = new Map(codes.map((c) => [c.name, c]));
    expect(byName.get('Stigma and shame')!.guid).toBe(stigma.guid);
    expect(byName.get('Group chats')).toMatchObject({ guid: NEW_CHILD, parentGuid: peers.guid, color: '#00ff00', definition: 'Messaging.' });
    expect(byName.get('Sleep')).toMatchObject({ guid: NEW_TOP, parentGuid: null });
    expect(codes).toHaveLength(4);

    const state = await call(h.session, 'history.state', {});
    expect(state.undoSummary).toMatch(/Merged the codebook of cb.qdc: 2 codes added, 1 renamed/);
    await call(h.session, 'history.undo', {});
    expect((await call(h.session, 'codes.list', {})).map((c) => c.name).sort()).toEqual(['Peer support', 'Stigma']);

    // Merging the same codebook again after the merge changes nothing.
    await call(h.session, 'history.redo', {});
    const again = await call(h.session, 'exchange.previewCodebook', { source: h.file('cb.qdc') });
    expect(again.counts).toEqual({ add: 0, rename: 0, keep: 4 });
  });

  it('does not rename onto a sibling of the same name', async () => {
    await call(h.session, 'project.create', { path: h.file('p.chorus') });
    const a = await call(h.session, 'codes.create', { name: 'A' });
    await call(h.session, 'codes.create', { name: 'B' });
    fs.writeFileSync(h.file('cb.qdc'), codebook(`<Code guid="${a.guid}" name="b" isCodable="true"/>`));
    const plan = await call(h.session, 'exchange.previewCodebook', { source: h.file('cb.qdc') });
    expect(plan.items[0]).toMatchObject({ action: 'keep', note: expect.stringContaining('already beside it') });
  });

  it('merges the codebook of an exported project', async () => {
    await call(h.session, 'project.createDemo', { path: h.file('demo.chorus') });
    await call(h.session, 'export.refi', { format: 'qdc', path: h.file('demo.qdc') });
    const count = (await call(h.session, 'codes.list', {})).length;
    await call(h.session, 'project.create', { path: h.file('empty.chorus') });
    const plan = await call(h.session, 'exchange.mergeCodebook', { source: h.file('demo.qdc') });
    expect(plan.counts.add).toBe(count);
    expect(await call(h.session, 'codes.list', {})).toHaveLength(count);
  });
});
