/**
 * The Codebook view on the worked demo (35 codes, 12 themes and subthemes, 188 codings): merge two
 * codes, split one, wrap three into a new theme, move one by drag and drop. After each step the
 * counts shown in the tree agree with the core's, and Ctrl+Z brings the codebook and its counts
 * back.
 */
import type { Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Code, CodeStats, UndoState } from '../../shared/types.js';
import { serveProject } from '../../electron/server/start.js';
import { useE2e } from './harness.js';

const e2e = useE2e('chorus-e2e-cb-', (dir) => serveProject({ dataDir: dir, port: 0 }));
const api = e2e.api;

const codes = () => api<Code[]>('codes.list', {});
const stats = async () => new Map((await api<CodeStats[]>('codes.stats', {})).map((s) => [s.guid, s]));
const totalCodings = async () => [...(await stats()).values()].reduce((n, s) => n + s.codings, 0);

const row = (page: Page, guid: string) => page.locator(`[data-testid="cb-row"][data-code="${guid}"]`);
const rowNamed = (page: Page, name: string) => page.locator(`[data-testid="cb-row"][data-code-name="${name}"]`);

/** The number a row shows in one of its count columns. */
async function shown(page: Page, guid: string, column: 'cb-codings' | 'cb-codings-total' | 'cb-documents' | 'cb-participants'): Promise<number> {
  return Number(await row(page, guid).getByTestId(column).textContent());
}

/** Every row's own codings count as shown, against the core's, by guid. */
async function expectCountsMatchCore(page: Page): Promise<void> {
  const core = await stats();
  await expect
    .poll(async () => {
      const shownRows = await page.getByTestId('cb-row').evaluateAll((rows) =>
        rows.map((r) => [r.getAttribute('data-code'), r.querySelector('[data-testid="cb-codings-total"]')?.textContent] as const),
      );
      return shownRows.every(([guid, n]) => Number(n) === core.get(guid!)?.total.codings) && shownRows.length === core.size;
    })
    .toBe(true);
}

/** Ctrl+Z, then waits until that step is undone (not just any "Undone" toast: two undos in a row would race). */
async function undo(page: Page): Promise<void> {
  const before = await api<UndoState>('history.state', {});
  await page.locator('body').focus();
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await api<UndoState>('history.state', {})).redoSummary).toBe(before.undoSummary);
  await expect.poll(() => page.getByTestId('toast').filter({ hasText: 'Undone' }).count()).toBeGreaterThan(0);
}

/** Leaf codes (no children) with codings, grouped by parent, fullest groups first. */
function leafSiblings(all: Code[], st: Map<string, CodeStats>): Code[][] {
  const parents = new Set(all.map((c) => c.parentGuid));
  const leaves = all.filter((c) => c.kind === 'code' && !parents.has(c.guid) && (st.get(c.guid)?.codings ?? 0) > 0);
  const groups = new Map<string | null, Code[]>();
  for (const c of leaves) groups.set(c.parentGuid, [...(groups.get(c.parentGuid) ?? []), c]);
  return [...groups.values()].sort((a, b) => b.length - a.length);
}

describe('the Codebook view', () => {
  it('merges, splits, wraps and moves codes, with counts that follow and undo that restores them', async () => {
    const { page } = e2e.b;
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(e2e.server.url);
    await expect.poll(() => page.getByTestId('project-title').textContent()).toContain('Peer support');
    await page.getByTestId('view-codebook').click();

    const before = await codes();
    expect(before.filter((c) => c.kind === 'code')).toHaveLength(35);
    expect(before.filter((c) => c.kind === 'theme')).toHaveLength(12);
    expect(await totalCodings()).toBe(188);
    await expect.poll(() => page.getByTestId('cb-row').count()).toBe(47);
    await expect.poll(() => page.getByTestId('cb-theme-tag').count()).toBe(12);
    await expectCountsMatchCore(page);
    // The view fits its width: long names are cut short, the count columns stay in sight.
    expect(await page.getByTestId('view-codebook-body').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await e2e.b.screenshot('codebook.png');

    const st0 = await stats();
    const groups = leafSiblings(before, st0);
    const [a, b, c] = groups[0]!;
    expect(c, 'three sibling leaf codes with codings').toBeDefined();

    // 1. Merge: tick a, Ctrl+click b, Merge into… a.
    await row(page, a!.guid).getByTestId('cb-name').click();
    await row(page, b!.guid).getByTestId('cb-name').click({ modifiers: ['Control'] });
    await expect.poll(() => page.getByTestId('cb-selection-count').textContent()).toContain('2 selected');
    await page.getByTestId('cb-merge').click();
    await page.getByTestId('cb-merge-into').selectOption(a!.guid);
    await page.getByTestId('cb-merge-apply').click();
    await expect.poll(() => page.getByTestId('toast').filter({ hasText: 'Merged 1 code' }).count()).toBe(1);
    await expect.poll(() => row(page, b!.guid).count()).toBe(0);
    const afterMerge = await stats();
    const merged = afterMerge.get(a!.guid)!;
    expect(merged.codings).toBeGreaterThan(st0.get(a!.guid)!.codings);
    expect(merged.codings).toBeLessThanOrEqual(st0.get(a!.guid)!.codings + st0.get(b!.guid)!.codings);
    await expect.poll(() => shown(page, a!.guid, 'cb-codings')).toBe(merged.codings);
    await expectCountsMatchCore(page);
    await e2e.b.screenshot('codebook-merged.png');
    await undo(page);
    await expect.poll(() => row(page, b!.guid).count()).toBe(1);
    await expect.poll(() => shown(page, a!.guid, 'cb-codings')).toBe(st0.get(a!.guid)!.codings);
    await expect.poll(() => shown(page, b!.guid, 'cb-codings')).toBe(st0.get(b!.guid)!.codings);
    expect((await stats()).get(a!.guid)!.codings).toBe(st0.get(a!.guid)!.codings);
    await expectCountsMatchCore(page);

    // 2. Split: the code with the most codings of its own; tick two of its segments.
    const splitting = before
      .filter((x) => x.kind === 'code')
      .sort((x, y) => (st0.get(y.guid)?.codings ?? 0) - (st0.get(x.guid)?.codings ?? 0))[0]!;
    const own = st0.get(splitting.guid)!.codings;
    expect(own).toBeGreaterThanOrEqual(3);
    await row(page, splitting.guid).getByTestId('cb-name').click();
    await expect.poll(() => page.getByTestId('cb-detail').getAttribute('data-code')).toBe(splitting.guid);
    await expect.poll(() => page.getByTestId('cb-segment').count()).toBe(own);
    const checks = page.getByTestId('cb-segment-check');
    await checks.nth(0).check();
    await checks.nth(1).check();
    await page.getByTestId('cb-split-name').fill('Split off for review');
    await page.getByTestId('cb-split-apply').click();
    await expect.poll(() => page.getByTestId('toast').filter({ hasText: 'Split 2 codings off' }).count()).toBe(1);
    const newRow = rowNamed(page, 'Split off for review');
    await newRow.waitFor();
    const newGuid = (await newRow.getAttribute('data-code'))!;
    await expect.poll(() => shown(page, newGuid, 'cb-codings')).toBe(2);
    await expect.poll(() => shown(page, splitting.guid, 'cb-codings')).toBe(own - 2);
    const afterSplit = await stats();
    expect(afterSplit.get(newGuid)!.codings).toBe(2);
    expect(afterSplit.get(splitting.guid)!.codings).toBe(own - 2);
    expect(await totalCodings()).toBe(188);
    // The new code is selected, with its two segments.
    await expect.poll(() => page.getByTestId('cb-detail').getAttribute('data-code')).toBe(newGuid);
    await expect.poll(() => page.getByTestId('cb-segment').count()).toBe(2);
    await expectCountsMatchCore(page);
    await undo(page);
    await expect.poll(() => newRow.count()).toBe(0);
    await expect.poll(() => shown(page, splitting.guid, 'cb-codings')).toBe(own);
    expect((await stats()).get(splitting.guid)!.codings).toBe(own);

    // 3. Wrap three sibling codes into a new theme.
    await row(page, a!.guid).getByTestId('cb-check').check();
    await row(page, b!.guid).getByTestId('cb-check').check();
    await row(page, c!.guid).getByTestId('cb-check').check();
    await expect.poll(() => page.getByTestId('cb-selection-count').textContent()).toContain('3 selected');
    await page.getByTestId('cb-wrap').click();
    await page.getByTestId('cb-wrap-name').fill('Looking after each other');
    await page.getByTestId('cb-wrap-apply').click();
    await expect.poll(() => page.getByTestId('toast').filter({ hasText: 'Looking after each other' }).count()).toBe(1);
    const themeRow = rowNamed(page, 'Looking after each other');
    await themeRow.waitFor();
    const themeGuid = (await themeRow.getAttribute('data-code'))!;
    expect(await themeRow.getAttribute('data-kind')).toBe('theme');
    const wrapped = (await codes()).filter((x) => x.parentGuid === themeGuid).map((x) => x.guid).sort();
    expect(wrapped).toEqual([a!.guid, b!.guid, c!.guid].sort());
    const afterWrap = await stats();
    expect(afterWrap.get(themeGuid)!.codings).toBe(0);
    await expect.poll(() => shown(page, themeGuid, 'cb-codings-total')).toBe(afterWrap.get(themeGuid)!.total.codings);
    expect(afterWrap.get(themeGuid)!.total.codings).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('cb-theme-tag').count()).toBe(13);
    await expectCountsMatchCore(page);
    await e2e.b.screenshot('codebook-wrapped.png');
    await undo(page);
    await expect.poll(() => themeRow.count()).toBe(0);
    expect((await codes()).find((x) => x.guid === a!.guid)!.parentGuid).toBe(a!.parentGuid);
    await expectCountsMatchCore(page);

    // 4. Drag a code onto a code of another group: it becomes its child, and the parent's total grows.
    const other = groups.find((g) => g[0]!.parentGuid !== a!.parentGuid)![0]!;
    const st4 = await stats();
    await row(page, c!.guid).getByTestId('cb-name').dragTo(row(page, other.guid).getByTestId('cb-name'));
    await expect.poll(async () => (await codes()).find((x) => x.guid === c!.guid)!.parentGuid).toBe(other.guid);
    await expect
      .poll(() => shown(page, other.guid, 'cb-codings-total'))
      .toBe((await stats()).get(other.guid)!.total.codings);
    expect((await stats()).get(other.guid)!.total.codings).toBeGreaterThan(st4.get(other.guid)!.total.codings);
    await expect.poll(() => row(page, c!.guid).getAttribute('aria-level')).toBe(String(Number(await row(page, other.guid).getAttribute('aria-level')) + 1));
    await expectCountsMatchCore(page);
    await e2e.b.screenshot('codebook-moved.png');
    await undo(page);
    await expect.poll(async () => (await codes()).find((x) => x.guid === c!.guid)!.parentGuid).toBe(c!.parentGuid);
    await expect.poll(() => shown(page, other.guid, 'cb-codings-total')).toBe(st4.get(other.guid)!.total.codings);
    await expectCountsMatchCore(page);

    // Back where it started.
    expect((await codes()).length).toBe(47);
    expect(await totalCodings()).toBe(188);
  });

  it('edits a definition, keeps a snapshot and shows what changed since', async () => {
    const { page } = e2e.b;
    const target = (await codes()).find((x) => x.kind === 'code')!;
    await page.goto(e2e.server.url);
    await page.getByTestId('view-codebook').click();
    await row(page, target.guid).waitFor();
    await page.getByTestId('cb-snapshots-open').click();
    await page.getByTestId('cb-snapshot-name').fill('phase 3 candidate themes');
    await page.getByTestId('cb-snapshot-create').click();
    await page.getByTestId('toast').filter({ hasText: 'phase 3 candidate themes' }).waitFor();
    await e2e.b.screenshot('codebook-snapshot.png');
    await expect.poll(() => page.getByTestId('cb-diff-empty').count()).toBe(1);
    await page.getByTestId('cb-snapshots').getByRole('button', { name: 'Close' }).click();

    await row(page, target.guid).getByTestId('cb-name').click();
    // The codebook comes back slowly after the rename: the blur that follows Enter (the next field
    // takes the focus) must not send the name again, naming the old one as seen (a 409 fails the test).
    const slowList = async (route: Route) => {
      await new Promise((r) => setTimeout(r, 1000));
      await route.continue();
    };
    await page.route('**/api/codes.list', slowList);
    await page.getByTestId('cb-field-name').fill(`${target.name} (renamed)`);
    await page.getByTestId('cb-field-name').press('Enter');
    // Saved, but the page does not know yet; the name field loses the focus now.
    await expect.poll(async () => (await codes()).find((x) => x.guid === target.guid)!.name).toBe(`${target.name} (renamed)`);
    await page.getByTestId('cb-field-definition').fill('A sharper definition.');
    await page.getByTestId('cb-field-definition').blur();
    // Waits for a slowed request still on its way rather than answering it twice.
    await page.unrouteAll({ behavior: 'wait' });
    await expect.poll(async () => (await codes()).find((x) => x.guid === target.guid)!.definition).toBe('A sharper definition.');
    expect((await codes()).find((x) => x.guid === target.guid)!.name).toBe(`${target.name} (renamed)`);
    await expect.poll(() => page.getByTestId('cb-story-event').filter({ hasText: 'renamed' }).count()).toBeGreaterThan(0);

    await page.getByTestId('cb-snapshots-open').click();
    const diffRow = page.getByTestId('cb-diff-row');
    await expect.poll(() => diffRow.count()).toBe(1);
    expect(await diffRow.getAttribute('data-changes')).toBe('renamed redefined');
    await expect.poll(() => diffRow.textContent()).toContain(`${target.name} (renamed)`);
    await e2e.b.screenshot('codebook-snapshot-diff.png');
    await page.getByTestId('cb-snapshots').getByRole('button', { name: 'Close' }).click();

    // Two undo steps: the definition, then the name.
    await undo(page);
    await undo(page);
    await expect.poll(async () => (await codes()).find((x) => x.guid === target.guid)!.name).toBe(target.name);
    await expect.poll(() => page.getByTestId('cb-field-name').inputValue()).toBe(target.name);
  });

  it('deletes a code after saying how many codings go, and undo brings them back', async () => {
    const { page } = e2e.b;
    const st = await stats();
    const target = (await codes()).find((x) => x.kind === 'code' && (st.get(x.guid)?.total.codings ?? 0) > 1)!;
    const n = st.get(target.guid)!.total.codings;
    await row(page, target.guid).getByTestId('cb-name').click();
    await page.getByTestId('cb-delete').click();
    await expect.poll(() => page.getByTestId('cb-delete-consequence').textContent()).toContain(`${n} codings`);
    await page.getByTestId('cb-delete-confirm').click();
    await expect.poll(() => row(page, target.guid).count()).toBe(0);
    await expect.poll(() => page.getByTestId('toast').filter({ hasText: `${n} codings` }).count()).toBeGreaterThan(0);
    expect(await totalCodings()).toBe(188 - n);
    await undo(page);
    await expect.poll(() => row(page, target.guid).count()).toBe(1);
    expect(await totalCodings()).toBe(188);
    await expectCountsMatchCore(page);
  });
});
