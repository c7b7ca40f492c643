/**
 * Import & export in a real browser against the browser-mode server on a copy of the worked demo:
 * the project as .qdpx and the theme summary as Markdown, downloaded from the top bar's menu; a
 * co-coder's codebook (.qdc) merged after its preview, then taken back with one undo; and the
 * downloaded .qdpx imported as a new project.
 */
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import type { Download, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Code, ExportResult, ProjectInfo } from '../../shared/types.js';
import { serveProject } from '../../electron/server/start.js';
import { useE2e } from './harness.js';

const e2e = useE2e('chorus-e2e-exchange-', (dir) => serveProject({ dataDir: dir, port: 0 }));
const api = e2e.api;

async function openMenu(page: Page): Promise<void> {
  await page.getByTestId('exchange-menu').click();
  await page.getByTestId('export-qdpx').waitFor();
}

/** Picks an export from the menu and waits for the browser's download of it. */
async function download(page: Page, item: string): Promise<Download> {
  await openMenu(page);
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(item).click()]);
  // The page says what it saved; the notice is dismissed so it does not cover what comes next.
  const notice = page.getByTestId('toast').filter({ hasText: `Exported “${file.suggestedFilename()}”` });
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  return file;
}

/** Picks a menu item that asks for a file, and answers the file chooser with `file`. */
async function pickFile(page: Page, item: string, file: string): Promise<void> {
  await openMenu(page);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId(item).click()]);
  await chooser.setFiles(file);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

let qdpxFile = '';

describe('exports as downloads', () => {
  it('downloads the project as a .qdpx zip holding project.qde and the transcripts', async () => {
    const { page } = e2e.b;
    await page.goto(e2e.server.url);
    await page.getByTestId('project-title').filter({ hasText: 'documents' }).waitFor();
    const info = await api<ProjectInfo>('project.info', {});

    const file = await download(page, 'export-qdpx');
    expect(file.suggestedFilename()).toBe(`${info.title}.qdpx`);
    qdpxFile = path.join(e2e.dir, file.suggestedFilename());
    await file.saveAs(qdpxFile);
    const zip = await JSZip.loadAsync(fs.readFileSync(qdpxFile));
    expect(zip.file('project.qde')).not.toBeNull();
    expect(await zip.file('project.qde')!.async('string')).toContain('<Project');
    expect(Object.keys(zip.files).filter((n) => /^sources\/.+\.txt$/.test(n))).toHaveLength(info.counts.documents);
  });

  it('downloads the theme summary as Markdown naming every theme', async () => {
    const { page } = e2e.b;
    const file = await download(page, 'export-themes-md');
    expect(file.suggestedFilename()).toMatch(/ - themes\.md$/);
    const text = fs.readFileSync((await file.path())!, 'utf8');
    const themes = (await api<Code[]>('codes.list', {})).filter((c) => c.kind === 'theme' && c.parentGuid === null);
    expect(themes.length).toBeGreaterThan(0);
    for (const t of themes) expect(text, t.name).toContain(t.name);
  });
});

describe('merging a codebook', () => {
  it('previews adds and renames, applies them as one step, and undo takes them back', async () => {
    const { page } = e2e.b;
    const before = await api<Code[]>('codes.list', {});
    // A co-coder's codebook: this project's, with one code renamed (same GUID) and one code added.
    const exported = await api<ExportResult>('export.refi', { format: 'qdc' });
    const renamed = before.find((c) => c.kind === 'code' && /^[\w ,'-]+$/.test(c.name))!;
    const pattern = new RegExp(`(<Code\\b[^>]*\\bguid="${escapeRegExp(renamed.guid)}"[^>]*\\bname=")([^"]*)(")`, 'i');
    expect(exported.content).toMatch(pattern);
    const NEW_NAME = `${renamed.name} (night shifts)`;
    const ADDED = 'Handover rituals';
    const qdc = exported
      .content!.replace(pattern, `$1${NEW_NAME}$3`)
      .replace(/<\/Codes>\s*<\/CodeBook>\s*$/, `<Code guid="aaaaaaaa-bbbb-4ccc-8ddd-00000000e2e1" name="${ADDED}" isCodable="true" color="#2a9d8f"/></Codes></CodeBook>`);
    expect(qdc).toContain(ADDED);
    const qdcFile = path.join(e2e.dir, 'Colleague codebook.qdc');
    fs.writeFileSync(qdcFile, qdc);

    await pickFile(page, 'merge-codebook', qdcFile);
    const dialog = page.getByTestId('merge-preview');
    await dialog.getByTestId('merge-table').waitFor();
    const rows = async (action: string) => dialog.locator(`[data-testid="merge-row"][data-action="${action}"] [data-testid="merge-name"]`).allTextContents();
    expect(await rows('add')).toEqual([ADDED]);
    expect(await rows('rename')).toEqual([NEW_NAME]);
    await expect.poll(() => dialog.getByTestId('merge-counts').textContent()).toMatch(/1 to add.*1 to rename.*kept/);
    expect(await dialog.locator('[data-action="rename"] [data-testid="merge-matched"]').textContent()).toContain(renamed.name);
    await e2e.b.screenshot('codebook-merge.png');

    await dialog.getByTestId('merge-apply').click();
    await dialog.waitFor({ state: 'detached' });
    await expect
      .poll(async () => (await api<Code[]>('codes.list', {})).map((c) => c.name))
      .toEqual(expect.arrayContaining([NEW_NAME, ADDED]));
    const merged = await api<Code[]>('codes.list', {});
    expect(merged).toHaveLength(before.length + 1);
    expect(merged.find((c) => c.guid === renamed.guid)!.name).toBe(NEW_NAME);
    await page.getByTestId('project-title').filter({ hasText: `${before.length + 1} codes` }).waitFor();

    await page.getByTestId('undo').click();
    await expect.poll(async () => (await api<Code[]>('codes.list', {})).length).toBe(before.length);
    const undone = await api<Code[]>('codes.list', {});
    expect(undone.map((c) => [c.guid, c.name]).sort()).toEqual(before.map((c) => [c.guid, c.name]).sort());
    await page.getByTestId('project-title').filter({ hasText: `${before.length} codes` }).waitFor();
  });

  it('cancels without writing anything', async () => {
    const { page } = e2e.b;
    const before = await api<{ canUndo: boolean; undoSummary: string | null }>('history.state', {});
    await pickFile(page, 'merge-codebook', path.join(e2e.dir, 'Colleague codebook.qdc'));
    const dialog = page.getByTestId('merge-preview');
    await dialog.getByTestId('merge-table').waitFor();
    await dialog.getByTestId('merge-cancel').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await api('history.state', {})).toEqual(before);
  });
});

describe('importing a REFI-QDA project', () => {
  it('imports the downloaded .qdpx as a new project and reports what came in', async () => {
    const { page } = e2e.b;
    const before = await api<ProjectInfo>('project.info', {});
    expect(qdpxFile).not.toBe('');

    await pickFile(page, 'import-refi-project', qdpxFile);
    const dialog = page.getByTestId('import-refi');
    const target = path.join(path.dirname(before.path), `${before.title}.chorus`);
    expect(await dialog.getByTestId('import-refi-path').inputValue()).toBe(target);
    await dialog.getByTestId('import-refi-confirm').click();

    const report = page.getByTestId('import-refi-report');
    await report.waitFor();
    expect(await report.locator('[data-count="documents"]').textContent()).toBe(`${before.counts.documents} documents`);
    expect(await report.locator('[data-count="codings"]').textContent()).toBe(`${before.counts.codings.toLocaleString()} codings`);
    await report.getByTestId('import-refi-close').click();

    const info = await api<ProjectInfo>('project.info', {});
    expect(info.path).toBe(target);
    expect(info.counts).toMatchObject({ documents: before.counts.documents, codes: before.counts.codes, codings: before.counts.codings });
    const title = page.getByTestId('project-title');
    await title.filter({ hasText: `${before.counts.documents} documents · ${before.counts.codes} codes · ${before.counts.codings} codings` }).waitFor();
    expect(await title.getAttribute('title')).toBe(target);
    expect(await title.locator('.project-name').textContent()).toBe(info.title);
  });
});
