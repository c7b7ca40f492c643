/**
 * The Themes view on the worked demo (four candidate themes with subthemes and codes): moving a
 * code into another theme by dragging it on the map, undoing that, placing a theme, linking two
 * themes, the theme panel's prevalence and the theme summary download; then the reflexive journal.
 */
import fs from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Code, Memo, ProjectInfo, ThemeLink } from '../../shared/types.js';
import { serveProject } from '../../electron/server/start.js';
import { useE2e } from './harness.js';

const e2e = useE2e('chorus-e2e-themes-', (dir) => serveProject({ dataDir: dir, port: 0 }));
const api = e2e.api;

const SAFE = 'Support has to be safe to ask for';
const FIRST = 'Someone has to go first';
const GAPS = 'Support lives in the gaps of the shift';
const HALLWAY = 'Hallway check-ins';

async function codeNamed(name: string): Promise<Code> {
  const code = (await api<Code[]>('codes.list', {})).find((c) => c.name === name);
  if (!code) throw new Error(`No code named ${name}`);
  return code;
}

// Edges are waited for as attached: a straight edge has an empty box, which Playwright calls hidden.
function node(page: Page, guid: string): Locator {
  return page.getByTestId(`rf__node-${guid}`);
}

/** Drags with the mouse, in steps, as a researcher would: from the centre of one box to a point. */
async function drag(page: Page, from: Locator, to: { x: number; y: number }): Promise<void> {
  const box = (await from.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 10, box.y + box.height / 2 + 10, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
}

async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  const box = (await locator.boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

describe('the thematic map', () => {
  it('moves a code into another theme by dragging, undoes it, and saves a theme’s place', async () => {
    const { page } = e2e.b;
    await page.goto(e2e.server.url);
    await page.getByTestId('view-themes').click();
    await page.getByTestId('theme-map').waitFor();
    await expect.poll(() => page.getByTestId('map-theme').count()).toBeGreaterThanOrEqual(4);

    const hallway = await codeNamed(HALLWAY);
    const first = await codeNamed(FIRST);
    const before = hallway.parentGuid;
    expect(before).not.toBe(first.guid);

    // Drop "Hallway check-ins" on the theme "Someone has to go first".
    await drag(page, node(page, hallway.guid), await centre(node(page, first.guid)));
    await expect.poll(async () => (await codeNamed(HALLWAY)).parentGuid).toBe(first.guid);
    await page.getByTestId(`rf__edge-tree:${first.guid}->${hallway.guid}`).waitFor({ state: 'attached' });

    // Undo puts it back, on the map too.
    await page.locator('body').press('Control+z');
    await expect.poll(async () => (await codeNamed(HALLWAY)).parentGuid).toBe(before);
    await page.getByTestId(`rf__edge-tree:${before}->${hallway.guid}`).waitFor({ state: 'attached' });
    await page.getByTestId(`rf__edge-tree:${first.guid}->${hallway.guid}`).waitFor({ state: 'detached' });

    // Drag a theme to an empty place: its place is saved.
    const safe = await codeNamed(SAFE);
    expect(safe.mapX).toBeNull();
    const safeAt = await centre(node(page, safe.guid));
    await drag(page, node(page, safe.guid), { x: safeAt.x + 20, y: safeAt.y - 60 });
    await expect.poll(async () => (await codeNamed(SAFE)).mapX).not.toBeNull();
    const placed = await codeNamed(SAFE);
    expect(placed.parentGuid).toBeNull();
    expect(typeof placed.mapY).toBe('number');
  });

  it('links two themes with a label', async () => {
    const { page } = e2e.b;
    const safe = await codeNamed(SAFE);
    const gaps = await codeNamed(GAPS);
    const from = page.locator(`[data-testid="rf__node-${safe.guid}"] .react-flow__handle[data-handleid="link-out"]`);
    const to = page.locator(`[data-testid="rf__node-${gaps.guid}"] .react-flow__handle[data-handleid="link-in"]`);
    await drag(page, from, await centre(to));
    await page.getByTestId('link-dialog').waitFor();
    await page.getByTestId('link-label').fill('is undermined by');
    await page.getByTestId('link-save').click();
    await expect.poll(async () => (await api<ThemeLink[]>('themes.links', {})).map((l) => l.label)).toContain('is undermined by');
    const link = (await api<ThemeLink[]>('themes.links', {})).find((l) => l.label === 'is undermined by')!;
    expect([link.source, link.target]).toEqual([safe.guid, gaps.guid]);
    await page.getByTestId(`rf__edge-${link.guid}`).waitFor({ state: 'attached' });
    await expect.poll(() => page.locator('.react-flow__edge-text').allTextContents()).toContain('is undermined by');
    await e2e.b.screenshot('thematic-map.png');

    // The map exports as an image file (SVG and PNG) through a download.
    const [svg] = await Promise.all([page.waitForEvent('download'), page.getByTestId('map-export-svg').click()]);
    expect(svg.suggestedFilename()).toBe('thematic-map.svg');
    const svgText = fs.readFileSync((await svg.path())!, 'utf8');
    expect(svgText).toContain('<svg');
    expect(svgText).toContain('is undermined by');
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('map-export-png').click()]);
    expect(fs.readFileSync((await png.path())!).subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('shows a theme’s prevalence and downloads the theme summary', async () => {
    const { page } = e2e.b;
    const safe = await codeNamed(SAFE);
    await node(page, safe.guid).click();
    await page.getByTestId('theme-panel').waitFor();
    await expect.poll(() => page.getByTestId('theme-name').inputValue()).toBe(SAFE);
    await expect.poll(() => page.getByTestId('prevalence-summary').textContent()).toMatch(/In \d of 4 focus groups, among \d+ participants/);

    const download = page.waitForEvent('download');
    await page.getByTestId('theme-export').click();
    const file = await (await download).path();
    const text = fs.readFileSync(file, 'utf8');
    for (const name of [SAFE, FIRST, GAPS]) expect(text).toContain(name);
  });
});

describe('the reflexive journal', () => {
  it('writes an entry in phase 3 linked to a theme, sets the project phase, and finds both after a reload', async () => {
    const { page } = e2e.b;
    const gaps = await codeNamed(GAPS);
    await page.getByTestId('view-journal').click();
    await page.getByTestId('view-journal-body').waitFor();
    const before = (await api<Memo[]>('memos.list', { kind: 'journal' })).length;

    await page.getByTestId('journal-new').click();
    await page.getByTestId('journal-editor').waitFor();
    await page.getByTestId('journal-entry-phase').selectOption('3');
    await page.getByTestId('journal-entry-link').selectOption(gaps.guid);
    await expect.poll(() => page.getByTestId('journal-editor').getByTestId('journal-chip').textContent()).toContain(GAPS);
    await page.getByTestId('journal-input').click();
    await page.keyboard.type('Night shifts keep coming up as where support fails; I worked nights too.');
    await page.getByTestId('journal-save').click();
    await page.getByTestId('journal-editor').waitFor({ state: 'detached' });

    const entries = await api<Memo[]>('memos.list', { kind: 'journal', link: gaps.guid });
    const mine = entries.find((m) => m.text.startsWith('Night shifts keep coming up'));
    expect(mine).toMatchObject({ phase: 3, links: [gaps.guid] });
    expect(await api<Memo[]>('memos.list', { kind: 'journal' })).toHaveLength(before + 1);

    await page.getByTestId('project-phase').selectOption('4');
    await expect.poll(async () => (await api<ProjectInfo>('project.info', {})).phase).toBe(4);

    await page.reload();
    await page.getByTestId('view-journal').click();
    await expect.poll(() => page.getByTestId('project-phase').inputValue()).toBe('4');
    // Filtered by phase 3 and by the theme, the entry is there, newest first, with its chip.
    await page.getByTestId('journal-filter-phase').selectOption('3');
    await page.getByTestId('journal-filter-link').selectOption(gaps.guid);
    const first = page.getByTestId('journal-entry').first();
    await expect.poll(() => first.textContent()).toContain('Night shifts keep coming up');
    await expect.poll(() => first.getByTestId('journal-entry-phase-tag').textContent()).toBe('3 Constructing themes');
    await expect.poll(() => first.getByTestId('journal-chip').allTextContents()).toEqual([expect.stringContaining(GAPS)]);
    // Beside it, the project timeline: the newest step is the change of phase.
    await expect.poll(() => page.getByTestId('timeline-entry').first().textContent()).toContain('Moved the analysis from phase 3');
    await e2e.b.screenshot('journal.png');

    // The Themes view shows the project's phase too.
    await page.getByTestId('view-themes').click();
    await expect.poll(() => page.getByTestId('themes-phase').textContent()).toContain('4 Reviewing themes');
  });
});
