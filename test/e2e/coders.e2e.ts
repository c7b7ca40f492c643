/**
 * Coder layers in a real browser: a project coded by a co-coder (the demo study's 188 codings,
 * made by "Jonas Berg" on his machine) and by me. Switch between my codings, his and everyone's,
 * see the stripes grouped per coder, turn on blind mode, check that it survives a reload and hides
 * his codings everywhere, and code a passage in blind mode: it is stored as mine.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Code, CodedSegment, DocumentSummary, ProjectInfo } from '../../shared/types.js';
import { createEnv, dispatch, loadSettings, saveSettings, Session } from '../../electron/core/index.js';
import { serveProject } from '../../electron/server/start.js';
import { useE2e } from './harness.js';

const JONAS = { guid: '22222222-2222-4222-8222-222222222222', name: 'Jonas Berg' };
const ME_NAME = 'Maya Lindqvist';
const FG1 = 'Focus group 1 (Site A)';
const BLIND_WORDS = "I didn't want to be the intern who couldn't handle her first death";

const e2e = useE2e('chorus-e2e-coders-', async (dir) => {
  // My installation: its settings name me.
  const settings = loadSettings(dir);
  saveSettings({ ...settings, user: { guid: settings.user.guid, name: ME_NAME } }, dir);
  // The co-coder made the project (and all of the demo's codings) on his own machine.
  const file = path.join(dir, 'Shared study.chorus');
  const his = new Session(createEnv({ user: JONAS }));
  const made = await dispatch(his, 'project.createDemo', { path: file, analysis: true });
  his.close();
  if (!made.ok) throw new Error(made.error.message);
  return serveProject({ project: file, dataDir: dir });
});
const api = e2e.api;

async function documentNamed(name: string): Promise<DocumentSummary> {
  const doc = (await api<DocumentSummary[]>('documents.list', {})).find((d) => d.name === name);
  if (!doc) throw new Error(`No document named ${name}`);
  return doc;
}

async function openDocument(page: Page, name: string): Promise<void> {
  await page.getByTestId('document-item').filter({ hasText: name }).click();
  await page.getByTestId('document-title').filter({ hasText: name }).waitFor();
  await page.locator('[data-testid="transcript"] [data-testid="turn"]').first().waitFor();
}

/** The coding guids on the highlights of the open transcript. */
function shownCodings(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const ids = new Set<string>();
    for (const m of document.querySelectorAll<HTMLElement>('[data-testid="transcript"] mark[data-codings]')) {
      for (const id of (m.dataset.codings ?? '').split(' ')) if (id) ids.add(id);
    }
    return [...ids].sort();
  });
}

/** Selects words inside one text node of the transcript and releases the mouse there. */
async function selectText(page: Page, words: string): Promise<void> {
  await page.evaluate((words) => {
    const root = document.querySelector('[data-testid="transcript"]')!;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
      const at = n.data.indexOf(words);
      if (at < 0 || n.parentElement?.closest('.turn-header')) continue;
      window.getSelection()!.setBaseAndExtent(n, at, n, at + words.length);
      n.parentElement!.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
      return;
    }
    throw new Error(`"${words}" is not in one text node of the transcript`);
  }, words);
}

const sorted = (list: string[]) => [...list].sort();

describe('coder layers in the coding workspace', () => {
  let me = '';
  let fg1 = '';
  let mine: CodedSegment[] = [];
  let his: CodedSegment[] = [];
  /** A code both of us applied to the same passage. */
  let shared = '';

  it('shows every coder by default, with their stripes in a group each and their highlights apart', async () => {
    me = (await api<ProjectInfo>('project.info', {})).user.guid;
    fg1 = (await documentNamed(FG1)).guid;
    // I code two passages Jonas coded too: one with his code over his span, one with a new code.
    his = await api<CodedSegment[]>('codings.list', { document: fg1 });
    expect(his.length).toBeGreaterThan(10);
    expect(new Set(his.map((c) => c.coder))).toEqual(new Set([JONAS.guid]));
    const [a, b] = [his[0]!, his[3]!];
    await api('codings.apply', { document: fg1, start: a.start, end: a.end, code: { guid: a.codeGuid } });
    await api('codings.apply', { document: fg1, start: b.start, end: Math.min(b.end, b.start + 40), code: { name: 'Second look' } });
    mine = (await api<CodedSegment[]>('codings.list', { document: fg1 })).filter((c) => c.coder === me);
    expect(mine).toHaveLength(2);
    shared = a.codeGuid;

    const { page } = e2e.b;
    await page.goto(e2e.server.url);
    await openDocument(page, FG1);
    const layer = page.getByTestId('coder-layer');
    await layer.waitFor();
    expect(await layer.inputValue()).toBe('all');
    await expect.poll(() => shownCodings(page)).toEqual(sorted([...his, ...mine].map((c) => c.guid)));
    // His highlights carry the dashed rule; a highlight of mine alone does not.
    const myOwn = mine.find((c) => c.codeGuid !== a.codeGuid)!;
    expect(await page.locator('mark.coding--theirs').count()).toBeGreaterThan(0);
    const dashedWhereHis = await page.evaluate(
      (mineIds) =>
        [...document.querySelectorAll<HTMLElement>('mark[data-codings]')].every(
          (m) => m.classList.contains('coding--theirs') === (m.dataset.codings ?? '').split(' ').some((id) => !mineIds.includes(id)),
        ),
      mine.map((c) => c.guid),
    );
    expect(dashedWhereHis).toBe(true);
    // Stripes: one group per coder, labelled with initials; his stripes have a pattern.
    const labels = page.getByTestId('stripe-group-label');
    await expect.poll(() => labels.allTextContents()).toEqual(['ML', 'JB']);
    expect(await labels.nth(1).getAttribute('title')).toBe(JONAS.name);
    const myStripe = page.locator(`[data-testid="coding-stripe"][data-coding="${myOwn.guid}"]`);
    await myStripe.waitFor({ state: 'attached' });
    expect(await myStripe.getAttribute('class')).not.toContain('coder-pattern');
    expect(await myStripe.getAttribute('title')).toBe('Second look — mine');
    const hisStripe = page.locator(`[data-testid="coding-stripe"][data-coding="${a.guid}"]`);
    expect(await hisStripe.getAttribute('class')).toContain('coder-pattern-1');
    expect(await hisStripe.getAttribute('title')).toContain(`— ${JONAS.name}`);
    // My groups are left of his: every stripe of mine sits left of every stripe of his.
    const lefts = await page.evaluate((mineIds) => {
      const out = { mine: [] as number[], his: [] as number[] };
      for (const s of document.querySelectorAll<HTMLElement>('.coding-stripe')) {
        (mineIds.includes(s.dataset.coding ?? '') ? out.mine : out.his).push(parseFloat(s.style.left));
      }
      return out;
    }, mine.map((c) => c.guid));
    expect(Math.max(...lefts.mine)).toBeLessThan(Math.min(...lefts.his));
    await page.locator(`mark[data-codings~="${myOwn.guid}"]`).first().evaluate((m) => m.scrollIntoView({ block: 'center' }));
    await e2e.b.screenshot('coders-all.png');
  });

  it('shows only my codings, or only his, and asks before removing his', async () => {
    const { page } = e2e.b;
    const layer = page.getByTestId('coder-layer');
    await layer.selectOption('mine');
    await expect.poll(() => shownCodings(page)).toEqual(sorted(mine.map((c) => c.guid)));
    expect(await page.locator('mark.coding--theirs').count()).toBe(0);
    expect(await page.getByTestId('stripe-group-label').count()).toBe(0);
    expect(await page.getByTestId('document-codings-shown').textContent()).toBe('2 codings');
    // The codebook counts my codings only.
    const code = (await api<Code[]>('codes.list', {})).find((c) => c.guid === shared)!;
    expect(code.codings).toBeGreaterThan(1);
    await expect.poll(() => page.locator(`[data-testid="code-row"][data-code="${code.guid}"] [data-testid="code-count"]`).textContent()).toBe('1');
    await e2e.b.screenshot('coders-mine.png');

    await layer.selectOption(JONAS.guid);
    await expect.poll(() => shownCodings(page)).toEqual(sorted(his.map((c) => c.guid)));
    await expect.poll(() => page.locator(`[data-testid="code-row"][data-code="${code.guid}"] [data-testid="code-count"]`).textContent()).toBe(String(code.codings - 1));
    await e2e.b.screenshot('coders-his.png');

    // His coding's popover says whose it is; removing it asks first, naming him.
    const target = his[5]!;
    const mark = page.locator(`mark[data-codings~="${target.guid}"]`).first();
    await mark.evaluate((m) => m.scrollIntoView({ block: 'center' }));
    await mark.click();
    const popover = page.getByTestId('coding-popover');
    await popover.waitFor();
    expect(await popover.getByTestId('coding-coder').first().textContent()).toBe(`by ${JONAS.name}`);
    expect(await popover.getByTestId('adjust-coding').count()).toBe(0);
    await popover.getByTestId('remove-coding').first().click();
    const dialog = page.getByTestId('remove-theirs-dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`Remove ${JONAS.name}'s coding?`);
    await e2e.b.screenshot('coders-remove-his.png');
    await dialog.getByRole('button', { name: 'Keep it' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await api<CodedSegment[]>('codings.list', { document: fg1 })).some((c) => c.guid === target.guid)).toBe(true);

    // L goes round the layers: his → all → mine.
    await page.keyboard.press('l');
    await expect.poll(() => layer.inputValue()).toBe('all');
    await page.keyboard.press('l');
    await expect.poll(() => layer.inputValue()).toBe('mine');
  });

  it('blind mode hides his codings everywhere, survives a reload, and codes as me', async () => {
    const { page } = e2e.b;
    await page.getByTestId('coder-layer').selectOption('all');
    await page.getByTestId('blind-mode').check();
    const badge = page.getByTestId('blind-badge');
    await badge.waitFor();
    expect(await badge.textContent()).toBe("Blind coding: others' codings hidden");
    await expect.poll(() => shownCodings(page)).toEqual(sorted(mine.map((c) => c.guid)));

    await page.reload();
    await openDocument(page, FG1);
    await badge.waitFor();
    expect(await page.getByTestId('blind-mode').isChecked()).toBe(true);
    expect(await page.getByTestId('coder-layer').isDisabled()).toBe(true);
    await expect.poll(() => shownCodings(page)).toEqual(sorted(mine.map((c) => c.guid)));
    expect(await page.locator('.coding-stripe.coder-pattern-1').count()).toBe(0);
    // The document list and the codebook count my codings only.
    await expect.poll(() => page.locator(`[data-testid="document-item"][data-document="${fg1}"] [data-testid="document-codings"]`).textContent()).toBe('2 codings');
    const counts = await page.locator('[data-testid="code-row"] [data-testid="code-count"]').allTextContents();
    expect(counts.map(Number).reduce((a, b) => a + b, 0)).toBe(2);
    expect(await page.getByTestId('codebook-layer').textContent()).toBe('my codings (blind)');
    // A code's segments are mine only.
    await page.locator(`[data-testid="code-row"][data-code="${mine[0]!.codeGuid}"]`).click();
    await expect.poll(() => page.getByTestId('segment').count()).toBe(1);
    expect(await page.getByTestId('segment').getAttribute('data-coding')).toBe(mine[0]!.guid);
    await e2e.b.screenshot('coders-blind.png');

    // Coding in blind mode: the new coding is mine.
    await selectText(page, BLIND_WORDS);
    await page.getByTestId('code-selection-button').waitFor();
    await page.keyboard.press('q');
    const input = page.getByTestId('quick-code-input');
    await input.waitFor();
    await input.pressSequentially('Coded blind');
    await page.keyboard.press('Enter');
    await page.getByTestId('quick-code').waitFor({ state: 'detached' });
    await expect.poll(async () => (await api<CodedSegment[]>('codings.list', { document: fg1 })).filter((c) => c.text === BLIND_WORDS).length).toBe(1);
    const made = (await api<CodedSegment[]>('codings.list', { document: fg1 })).find((c) => c.text === BLIND_WORDS)!;
    expect(made.coder).toBe(me);
    await expect.poll(() => shownCodings(page)).toEqual(sorted([...mine.map((c) => c.guid), made.guid]));
    await page.evaluate(() => window.getSelection()?.removeAllRanges());
    await e2e.b.screenshot('coders-blind-coded.png');

    // Shift+B turns it off again: his codings come back.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Shift+B');
    await badge.waitFor({ state: 'detached' });
    await expect.poll(async () => (await shownCodings(page)).length).toBe(his.length + 3);
  });
});
