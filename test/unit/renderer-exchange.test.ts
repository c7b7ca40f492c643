/** The exchange menu's pure parts: an export's content as a downloadable Blob, the merge preview's rows, paths. */
import { describe, expect, it } from 'vitest';
import type { CodebookMergePlan, ExportResult } from '../../shared/types';
import { base64ToBytes, exportBlob } from '../../renderer/src/exchange/download';
import { changesFirst, mergeRows, planChangesNothing, planSummary } from '../../renderer/src/exchange/merge-plan';
import { baseName, suggestedProjectPath } from '../../renderer/src/exchange/paths';

const result = (over: Partial<ExportResult>): ExportResult => ({
  path: null,
  content: '',
  encoding: 'utf8',
  mediaType: 'text/markdown',
  fileName: 'x.md',
  ...over,
});

describe('exportBlob', () => {
  it('keeps text as UTF-8, emoji and all, and says so in the type', async () => {
    const blob = exportBlob(result({ content: '# Themes 🙂 café' }))!;
    expect(blob.type).toBe('text/markdown;charset=utf-8');
    expect(await blob.text()).toBe('# Themes 🙂 café');
  });

  it('decodes base64 content to its bytes', async () => {
    const bytes = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff, 0x80]);
    const blob = exportBlob(result({ content: Buffer.from(bytes).toString('base64'), encoding: 'base64', mediaType: 'application/zip' }))!;
    expect(blob.type).toBe('application/zip');
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(bytes);
  });

  it('has nothing to offer when the core wrote the file itself', () => {
    expect(exportBlob(result({ path: '/tmp/x.md', content: null }))).toBeNull();
  });

  it('decodes an empty string to no bytes', () => {
    expect(base64ToBytes('')).toEqual(new Uint8Array(0));
  });
});

const plan: CodebookMergePlan = {
  origin: 'Colleague',
  items: [
    { guid: 'a', name: 'Stigma and shame', path: [], action: 'rename', match: { guid: 'p1', name: 'Stigma', by: 'guid' } },
    { guid: 'b', name: 'peer SUPPORT', path: [], action: 'keep', match: { guid: 'p2', name: 'Peer support', by: 'name' } },
    { guid: 'c', name: 'Group chats', path: ['peer SUPPORT'], action: 'add', match: null },
    { guid: 'd', name: 'B', path: ['X', 'Y'], action: 'keep', match: { guid: 'p3', name: 'A', by: 'guid' }, note: 'B is already beside it' },
  ],
  counts: { add: 1, rename: 1, keep: 2 },
};

describe('the merge preview rows', () => {
  it('say what each code matched and how', () => {
    expect(mergeRows(plan).map((r) => [r.name, r.action, r.matched, r.how, r.parents])).toEqual([
      ['Stigma and shame', 'rename', 'Stigma', 'same GUID', ''],
      ['peer SUPPORT', 'keep', 'Peer support', 'same name', ''],
      ['Group chats', 'add', '', '', 'peer SUPPORT'],
      ['B', 'keep', 'A', 'same GUID', 'X › Y'],
    ]);
    expect(mergeRows(plan)[3]!.note).toBe('B is already beside it');
  });

  it('list the changes first, in the file order', () => {
    expect(changesFirst(mergeRows(plan)).map((r) => r.guid)).toEqual(['a', 'c', 'b', 'd']);
  });

  it('sum up the plan', () => {
    expect(planSummary(plan.counts)).toBe('1 code to add, 1 to rename, 2 kept as they are');
    expect(planChangesNothing(plan)).toBe(false);
    expect(planChangesNothing({ ...plan, counts: { add: 0, rename: 0, keep: 4 } })).toBe(true);
  });
});

describe('paths for an imported project', () => {
  it('suggests a project beside the open one, named after the file', () => {
    expect(suggestedProjectPath('/home/me/Studies/Old study.chorus', 'Pilot.QDPX')).toBe('/home/me/Studies/Pilot.chorus');
    expect(suggestedProjectPath('C:\\Users\\me\\Old.chorus', 'x.qde')).toBe('C:\\Users\\me\\x.chorus');
    expect(suggestedProjectPath('Old.chorus', '.qdpx')).toBe('Imported project.chorus');
    expect(suggestedProjectPath(null, 'Pilot.qdpx')).toBe('');
  });

  it('takes the base name of either kind of path', () => {
    expect(baseName('/a/b/c.qdc')).toBe('c.qdc');
    expect(baseName('C:\\a\\c.qdc')).toBe('c.qdc');
    expect(baseName('c.qdc')).toBe('c.qdc');
  });
});
