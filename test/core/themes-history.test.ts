import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../shared/errors.js';
import { call, callFails, createHarness, importTranscript, PILOT_TRANSCRIPT, type Harness } from './helpers.js';
import { expectUndoable } from './undo-check.js';

const text = PILOT_TRANSCRIPT;
const span = (needle: string) => ({ start: text.indexOf(needle), end: text.indexOf(needle) + needle.length });

let h: Harness;
let doc: string;
beforeEach(async () => {
  h = createHarness();
  await call(h.session, 'project.create', { path: h.file('themes.chorus') });
  doc = await importTranscript(h, 'pilot.txt', text);
});
afterEach(() => h.cleanup());

const create = (name: string, parent?: string) => call(h.session, 'codes.create', { name, ...(parent ? { parent } : {}) });
const apply = async (code: string, needle: string) =>
  (await call(h.session, 'codings.apply', { document: doc, ...span(needle), code: { guid: code } })).coding;

describe('codes.story', () => {
  it('tells what happened to a code, oldest first, with who and when; undone steps drop out', async () => {
    const peers = await create('Peers');
    const cost = await create('Co-residents');
    const parent = await create('Support');
    await apply(peers.guid, 'talking to my co-residents');
    const chat = await apply(peers.guid, 'For me it is the group chat');
    await apply(cost.guid, 'Honestly');
    await call(h.session, 'codes.update', { code: peers.guid, name: 'Peer support' });
    await call(h.session, 'codes.update', { code: peers.guid, color: '#123456' });
    await call(h.session, 'codes.update', { code: peers.guid, definition: 'Help from fellow residents.' });
    await call(h.session, 'codes.move', { code: peers.guid, parent: parent.guid });
    await call(h.session, 'codes.merge', { codes: [cost.guid], into: peers.guid });
    const split = await call(h.session, 'codes.split', { code: peers.guid, codings: [chat.guid], name: 'Chat' });
    await call(h.session, 'codes.promote', { code: parent.guid });
    await call(h.session, 'codes.update', { code: parent.guid, status: 'reviewed' });

    const story = await call(h.session, 'codes.story', { code: peers.guid });
    expect(story.map((e) => e.event)).toEqual(['created', 'renamed', 'recoloured', 'redefined', 'moved', 'merged-from', 'split-into']);
    expect(story.map((e) => e.detail)).toEqual([
      'created as "Peers"',
      'renamed from "Peers" to "Peer support"',
      expect.stringMatching(/^colour #[0-9A-Fa-f]{6} → #123456$/),
      'changed the definition',
      'moved from the top level to "Support"',
      'merged in "Co-residents" (1 coding)',
      'split 1 coding off into "Chat"',
    ]);
    expect(story.every((e) => e.user === 'Test Coder')).toBe(true);
    expect([...story].map((e) => e.at)).toEqual([...story].map((e) => e.at).sort());
    expect(story[5]!.summary).toBe('Merged "Co-residents" into code "Peer support"');

    // The merged-away code keeps its story, ending in the merge.
    const gone = await call(h.session, 'codes.story', { code: cost.guid });
    expect(gone.map((e) => e.event)).toEqual(['created', 'merged-into']);
    expect((await call(h.session, 'codes.story', { code: split.code.guid })).map((e) => e.event)).toEqual(['split-from']);
    expect((await call(h.session, 'codes.story', { code: parent.guid })).map((e) => e.event)).toEqual([
      'created',
      'promoted',
      'status',
    ]);

    await call(h.session, 'history.undo', {}); // status
    await call(h.session, 'history.undo', {}); // promote
    await call(h.session, 'history.undo', {}); // split
    expect((await call(h.session, 'codes.story', { code: peers.guid })).map((e) => e.event).at(-1)).toBe('merged-from');
    await call(h.session, 'history.redo', {});
    expect((await call(h.session, 'codes.story', { code: peers.guid })).map((e) => e.event).at(-1)).toBe('split-into');
  });

  it('records a code created from the quick-code box and a theme made by wrapping', async () => {
    const { code } = await call(h.session, 'codings.apply', { document: doc, ...span('group chat'), code: { name: 'Chat' } });
    const theme = await call(h.session, 'themes.wrap', { codes: [code.guid], name: 'Staying connected' });
    expect((await call(h.session, 'codes.story', { code: code.guid })).map((e) => [e.event, e.detail])).toEqual([
      ['created', 'created as "Chat" while coding'],
      ['wrapped', 'grouped into the theme "Staying connected" (from the top level)'],
    ]);
    expect((await call(h.session, 'codes.story', { code: theme.guid }))[0]!.event).toBe('created');
  });
});

describe('links between themes', () => {
  it('links, relabels, lists and unlinks, each one undo step', async () => {
    const a = await create('A');
    const b = await create('B');
    const { value: link } = await expectUndoable(h.session, 'themes.link', { source: a.guid, target: b.guid, label: 'leads to' });
    expect(link).toMatchObject({ source: a.guid, target: b.guid, label: 'leads to' });
    const { value: relabelled, summary } = await expectUndoable(h.session, 'themes.link', {
      source: a.guid,
      target: b.guid,
      label: 'tension with',
    });
    expect(relabelled.guid).toBe(link.guid);
    expect(summary).toBe('Relabelled the link from "A" to "B" as "tension with"');
    expect(await call(h.session, 'themes.links', {})).toHaveLength(1);
    await expectUndoable(h.session, 'themes.unlink', { link: link.guid });
    expect(await call(h.session, 'themes.links', {})).toEqual([]);
    await callFails(h.session, 'themes.link', { source: a.guid, target: a.guid }, ErrorCode.INVALID_INPUT);
    await callFails(h.session, 'themes.unlink', { link: link.guid }, ErrorCode.NOT_FOUND);
  });
});

describe('snapshots', () => {
  it('keeps the codebook under a name and diffs two snapshots, or a snapshot and now', async () => {
    const a = await create('Alpha');
    const b = await create('Beta');
    const c = await create('Gamma');
    const gone = await create('Gone');
    const { value: first } = await expectUndoable(h.session, 'snapshots.create', { name: 'After first pass' });
    expect(first).toMatchObject({ name: 'After first pass', codes: 4, themes: 0, author: 'Test Coder' });

    await call(h.session, 'codes.update', { code: a.guid, name: 'Alpha prime' });
    await call(h.session, 'codes.move', { code: b.guid, parent: c.guid });
    await call(h.session, 'codes.update', { code: c.guid, definition: 'Now defined.' });
    await call(h.session, 'codes.delete', { code: gone.guid });
    const added = await create('Delta');
    await call(h.session, 'codes.promote', { code: c.guid });

    const diff = await call(h.session, 'snapshots.diff', { from: first.guid, to: 'now' });
    expect(diff.from.name).toBe('After first pass');
    expect(diff.to).toEqual({ guid: null, name: 'Now', createdAt: null });
    const byGuid = new Map(diff.changes.map((x) => [x.guid, x]));
    expect(byGuid.get(a.guid)!.changes).toEqual(['renamed']);
    expect(byGuid.get(a.guid)!.before!.name).toBe('Alpha');
    expect(byGuid.get(a.guid)!.after!.name).toBe('Alpha prime');
    expect(byGuid.get(b.guid)!.changes).toEqual(['moved']);
    expect(byGuid.get(b.guid)!.after!.path).toEqual(['Gamma', 'Beta']);
    expect(byGuid.get(c.guid)!.changes).toEqual(['redefined', 'promoted']);
    expect(byGuid.get(added.guid)!.changes).toEqual(['added']);
    expect(byGuid.get(gone.guid)!).toMatchObject({ changes: ['removed'], after: null });
    expect(diff.changes.at(-1)!.guid).toBe(gone.guid);
    expect(diff.summary).toMatchObject({ added: 1, removed: 1, renamed: 1, moved: 1, redefined: 1, promoted: 1 });

    const second = await call(h.session, 'snapshots.create', { name: 'Themes' });
    expect(second).toMatchObject({ codes: 3, themes: 1 });
    expect((await call(h.session, 'snapshots.list', {})).map((s) => s.name)).toEqual(['After first pass', 'Themes']);
    const between = await call(h.session, 'snapshots.diff', { from: first.guid, to: second.guid });
    expect(between.changes.map((x) => x.guid)).toEqual(diff.changes.map((x) => x.guid));
    expect((await call(h.session, 'snapshots.diff', { from: second.guid, to: 'now' })).changes).toEqual([]);
    await callFails(h.session, 'snapshots.diff', { from: h.env.newGuid() }, ErrorCode.NOT_FOUND);
  });
});
