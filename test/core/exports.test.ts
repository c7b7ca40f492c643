/**
 * Every export answers the same way: with a path, the file is written and no content comes back;
 * without one (browser mode), the content comes back for a download — text as is, binary formats
 * as base64 — under a name made from the project's title. A .qdpx returned this way imports as a
 * new project, as a browser would send it back.
 */
import fs from 'node:fs';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../shared/errors.js';
import { call, callFails, createHarness, type Harness } from './helpers.js';

let h: Harness;
beforeEach(async () => {
  h = createHarness();
  await call(h.session, 'project.createDemo', { path: h.file('demo.chorus') });
});
afterEach(() => h.cleanup());

describe('export.refi without a path', () => {
  it('returns the .qdpx as base64: a zip holding project.qde and the sources', async () => {
    const info = await call(h.session, 'project.info', {});
    const r = await call(h.session, 'export.refi', { format: 'qdpx' });
    expect(r).toMatchObject({ path: null, encoding: 'base64', mediaType: 'application/zip', fileName: `${info.title}.qdpx` });
    const zip = await JSZip.loadAsync(Buffer.from(r.content!, 'base64'));
    expect(zip.file('project.qde')).not.toBeNull();
    expect(Object.keys(zip.files).filter((n) => /^sources\/.+\.txt$/.test(n))).toHaveLength(info.counts.documents);
    // Nothing was written beside the project.
    expect(fs.readdirSync(h.dir).filter((n) => !n.startsWith('demo.chorus'))).toEqual([]);
  });

  it('returns the .qdc as text', async () => {
    const r = await call(h.session, 'export.refi', { format: 'qdc' });
    expect(r).toMatchObject({ path: null, encoding: 'utf8', mediaType: 'application/xml' });
    expect(r.fileName).toMatch(/ - codebook\.qdc$/);
    expect(r.content).toMatch(/^<\?xml[^>]*\?>\s*<CodeBook/);
  });

  it('still writes the file when a path is given, and returns no content', async () => {
    const r = await call(h.session, 'export.refi', { format: 'qdpx', path: h.file('out.qdpx') });
    expect(r).toMatchObject({ path: h.file('out.qdpx'), content: null, encoding: 'base64' });
    expect(fs.readFileSync(h.file('out.qdpx')).subarray(0, 2).toString()).toBe('PK');
  });

  it('imports back as a new project from the returned bytes', async () => {
    const before = await call(h.session, 'project.info', {});
    const r = await call(h.session, 'export.refi', { format: 'qdpx' });
    const imported = await call(h.session, 'project.importRefi', {
      source: { kind: 'bytes', name: r.fileName, base64: r.content! },
      path: h.file('copy.chorus'),
    });
    expect(imported.project.counts).toMatchObject({ documents: before.counts.documents, codes: before.counts.codes, codings: before.counts.codings });
  });

  it('refuses an empty codebook as .qdc, path or not', async () => {
    await call(h.session, 'project.create', { path: h.file('empty.chorus') });
    await callFails(h.session, 'export.refi', { format: 'qdc' }, ErrorCode.INVALID_INPUT);
  });
});

describe('one result for every export', () => {
  it('gives the codebook, the theme summary and REFI-QDA files the same shape', async () => {
    const results = [
      await call(h.session, 'export.codebook', { format: 'codebook-md' }),
      await call(h.session, 'export.themes', { format: 'themes-md' }),
      await call(h.session, 'export.themes', { format: 'themes-docx' }),
      await call(h.session, 'export.refi', { format: 'qdc' }),
    ];
    expect(results.map((r) => r.encoding)).toEqual(['utf8', 'utf8', 'base64', 'utf8']);
    for (const r of results) expect(Object.keys(r).sort()).toEqual(['content', 'encoding', 'fileName', 'mediaType', 'path']);
  });
});
