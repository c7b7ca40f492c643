/**
 * Finding in Explore on the worked demo: a phrase search coded in one step (and undone from the
 * toast), a boolean query over codes whose segment opens in the transcript, and similar passages
 * accepted and rejected one by one.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { QueryResult, SearchResult } from '../../shared/analysis-find.js';
import type { SimilarSuggestion } from '../../shared/analysis-compare.js';
import type { Code, CodedSegment } from '../../shared/types.js';
import { serveProject } from '../../electron/server/start.js';
import { useE2e } from './harness.js';

const e2e = useE2e('chorus-e2e-find-', (dir) => serveProject({ dataDir: dir, port: 0 }));
const api = e2e.api;

const PHRASE = '"asking for help"';
const NEW_CODE = 'Asking for help (searched)';
const QUERY_CODES = ['Stigma and fear of judgement', 'Licensing fears'];
const SIMILAR_CODE = 'Licensing fears';

async function codeNamed(name: string): Promise<Code | undefined> {
  return (await api<Code[]>('codes.list', {})).find((c) => c.name === name);
}

async function openExplore(page: Page, tab: string): Promise<void> {
  if (!page.url().startsWith('http')) await page.goto(e2e.server.url);
  await page.getByTestId('view-explore').click();
  await page.getByTestId(`explore-tab-${tab}`).click();
  await page.getByTestId(`explore-${tab}`).waitFor();
}

/** The transcript's current selection, as text. */
async function selectedText(page: Page): Promise<string> {
  return page.evaluate(() => window.getSelection()?.toString() ?? '');
}

describe('finding in Explore', () => {
  it('searches a phrase, codes every hit to a new code in one step, and undoes it from the toast', async () => {
    const { page } = e2e.b;
    await page.goto(e2e.server.url);
    await expect.poll(() => page.getByTestId('project-title').textContent()).toContain('Peer support');
    await openExplore(page, 'search');

    const expected = await api<SearchResult>('analysis.search', { text: PHRASE });
    expect(expected.total).toBeGreaterThanOrEqual(3);

    await page.getByTestId('search-input').fill(PHRASE);
    await page.getByTestId('search-input').press('Enter');
    await expect.poll(() => page.getByTestId('search-hit').count()).toBe(expected.total);
    expect(await page.getByTestId('search-count').textContent()).toContain(`${expected.total} hits`);
    // Every keyword is the phrase, stemmed ("ask for help" too), in bold in the middle column.
    for (const k of await page.locator('.kwic-keyword').allTextContents()) expect(k.toLowerCase()).toMatch(/^ask\w* for help$/);
    // The keywords line up: every one starts at the same x.
    const xs = await page.locator('.kwic-keyword').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().left)));
    expect(new Set(xs).size).toBe(1);
    await e2e.b.screenshot('explore-search.png');

    // Sorting by the words after the keyword follows the core's order.
    await page.getByTestId('search-sort').selectOption('right');
    const byRight = await api<SearchResult>('analysis.search', { text: PHRASE, sort: 'right', context: 70 });
    const squeeze = (t: string) => t.replace(/\s+/g, '');
    await expect
      .poll(async () => (await page.locator('.kwic-right').allTextContents()).map(squeeze))
      .toEqual(byRight.hits.map((h) => squeeze(`${h.keyword}${h.right}`)));

    // Choose all, code them to a new code, extended to their sentences.
    await page.getByTestId('search-select-all').check();
    await page.getByTestId('search-code-hits').click();
    await page.getByTestId('code-hits').waitFor();
    await page.getByTestId('code-chooser-input').fill(NEW_CODE);
    expect(await page.getByTestId('code-chooser-target').textContent()).toContain('A new code');
    await page.getByTestId('extent-sentence').check();
    await e2e.b.screenshot('explore-search-code-hits.png');
    await page.getByTestId('code-hits-apply').click();
    await page.getByTestId('code-hits').waitFor({ state: 'detached' });

    const toast = page.getByTestId('toast').filter({ hasText: NEW_CODE });
    await toast.waitFor();
    const code = await codeNamed(NEW_CODE);
    expect(code, 'the command created the code').toBeDefined();
    const codings = await api<CodedSegment[]>('codings.list', { code: code!.guid });
    expect(codings.length).toBeGreaterThan(0);
    expect(codings.length).toBeLessThanOrEqual(expected.total);
    expect(await toast.textContent()).toContain(`Coded ${codings.length} passage`);
    // Each coding is a whole sentence holding the phrase.
    for (const c of codings) expect(c.text.toLowerCase()).toMatch(/ask\w* for help/);
    await e2e.b.screenshot('explore-search-coded.png');

    // The codebook panel beside the transcript counts them too.
    await page.getByTestId('view-transcripts').click();
    const row = page.getByTestId('code-row').filter({ hasText: NEW_CODE });
    await expect.poll(() => row.getByTestId('code-count').textContent()).toBe(String(codings.length));

    // Undo from the toast takes the codings and the new code back in one step.
    await toast.getByTestId('toast-action').click();
    await expect.poll(() => codeNamed(NEW_CODE)).toBeUndefined();
    await row.waitFor({ state: 'detached' });
  });

  it('pages a common word: the first 200 hits, "Show more" for the next, and choosing all means all', async () => {
    const { page } = e2e.b;
    await openExplore(page, 'search');
    const first = await api<SearchResult>('analysis.search', { text: 'the', context: 70 });
    const two = await api<SearchResult>('analysis.search', { text: 'the', context: 70, limit: 400 });
    expect(first.truncated, 'the demo says "the" more than 200 times').toBe(true);

    await page.getByTestId('search-sort').selectOption('position');
    await page.getByTestId('search-input').fill('the');
    await page.getByTestId('search-input').press('Enter');
    await expect.poll(() => page.getByTestId('search-hit').count()).toBe(200);
    const count = await page.getByTestId('search-count').textContent();
    expect(count).toContain(`${first.totalExact ? '' : 'at least '}${first.total.toLocaleString('en-US')} hits in ${first.turns.toLocaleString('en-US')} turns`);
    await page.getByTestId('search-more').click();
    await expect.poll(() => page.getByTestId('search-hit').count()).toBe(two.hits.length);
    const shown = await page.locator('.kwic-right').allTextContents();
    const squeeze = (t: string) => t.replace(/\s+/g, '');
    expect(shown.map(squeeze)).toEqual(two.hits.map((h) => squeeze(`${h.keyword}${h.right}`)));

    // Choosing all is every hit of the search, also those not shown; unticking one leaves the shown ones.
    await page.getByTestId('search-select-all').check();
    if (two.truncated) expect(await page.getByTestId('search-chosen').textContent()).toContain('also those not shown');
    await page.getByTestId('search-hit').first().getByRole('checkbox').uncheck();
    await expect.poll(() => page.getByTestId('search-chosen').textContent()).toBe(`${(two.hits.length - 1).toLocaleString('en-US')} chosen`);
    await e2e.b.screenshot('explore-search-paged.png');
    // Clear the choice, and leave the tab as the first test left it (the phrase, by words after).
    await page.getByTestId('search-select-all').check();
    await page.getByTestId('search-select-all').uncheck();
    await expect.poll(() => page.getByTestId('search-chosen').count()).toBe(0);
    await page.getByTestId('search-input').fill(PHRASE);
    await page.getByTestId('search-input').press('Enter');
    await page.getByTestId('search-sort').selectOption('right');
    await expect.poll(() => page.getByTestId('search-hit').count()).toBeLessThan(200);
  });

  it('builds a boolean query, then opens a segment and lands on it in the transcript', async () => {
    const { page } = e2e.b;
    await openExplore(page, 'retrieve');

    // A typo is pointed at as one types.
    const input = page.getByTestId('query-input');
    await input.fill(`"${QUERY_CODES[0]}" AND (`);
    await page.getByTestId('query-error').waitFor();
    await e2e.b.screenshot('explore-query-error.png');

    // Built with the picker: the second name joins the first with AND.
    await input.fill('');
    for (const name of QUERY_CODES) {
      await page.getByTestId('query-insert-code').click();
      await page.getByTestId('query-code-filter').fill(name);
      await page.getByTestId('query-code-option').filter({ hasText: name }).first().click();
    }
    await page.getByTestId('query-op-OR').click();
    await page.getByTestId('query-insert-code').click();
    await page.getByTestId('query-code-filter').fill('Hierarchy and assessment');
    await page.getByTestId('query-code-filter').press('Enter');
    const text = await input.inputValue();
    expect(text).toBe(`"${QUERY_CODES[0]}" AND "${QUERY_CODES[1]}" OR "Hierarchy and assessment"`);
    await page.getByTestId('query-ok').waitFor();

    const expected = await api<QueryResult>('analysis.query', { codes: text, context: 'turn' });
    expect(expected.total).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('found-open').count()).toBe(expected.segments.length);
    expect(await page.getByTestId('segments-count').textContent()).toContain(`${expected.total} segment`);

    // Only participants' words: the list follows the filter.
    await page.getByTestId('segments-roles').click();
    await page.getByRole('group', { name: 'Role' }).getByLabel('Participants').check();
    await page.getByTestId('segments-roles').click();
    const participants = await api<QueryResult>('analysis.query', { codes: text, context: 'turn', filters: { roles: ['participant'] } });
    await expect.poll(() => page.getByTestId('found-open').count()).toBe(participants.segments.length);
    await e2e.b.screenshot('explore-segments.png');

    // The second segment opens in the transcript, scrolled to and selected.
    const target = participants.segments[1] ?? participants.segments[0]!;
    await page.getByTestId('found-open').nth(participants.segments.indexOf(target)).click();
    await expect.poll(() => page.getByTestId('document-title').textContent()).toBe(target.document.name);
    await expect.poll(() => selectedText(page)).toBe(target.text);
    const mark = page.locator(`mark[data-codings~="${target.coding}"]`).first();
    await expect.poll(() => mark.evaluate((m) => m.classList.contains('coding--focus'))).toBe(true);
    expect(await mark.isVisible()).toBe(true);
    const box = (await mark.boundingBox())!;
    expect(box.y).toBeGreaterThan(0);
    expect(box.y).toBeLessThan(900);
    await e2e.b.screenshot('explore-segment-opened.png');

    // Back in Explore, the query and filter are still there.
    await openExplore(page, 'retrieve');
    expect(await page.getByTestId('query-input').inputValue()).toBe(text);
    await expect.poll(() => page.getByTestId('found-open').count()).toBe(participants.segments.length);
  });

  it('opens a search hit (not a coding) in the transcript, selected and in view', async () => {
    const { page } = e2e.b;
    await openExplore(page, 'search');
    await page.getByTestId('search-hit').first().waitFor();
    const hits = await api<SearchResult>('analysis.search', { text: PHRASE, sort: 'right' });
    const hit = hits.hits[hits.hits.length - 1]!;
    await page.getByTestId('search-hit-open').last().click();
    await expect.poll(() => page.getByTestId('document-title').textContent()).toBe(hit.document.name);
    await expect.poll(() => selectedText(page)).toBe(hit.keyword);
    const rect = await page.evaluate(() => {
      const r = window.getSelection()!.getRangeAt(0).getBoundingClientRect();
      return { top: r.top, bottom: r.bottom };
    });
    expect(rect.top).toBeGreaterThan(48);
    expect(rect.bottom).toBeLessThan(900);
    // Not a coding, so nothing flashes: the passage is painted as found.
    expect(await page.evaluate(() => CSS.highlights.has('chorus-passage'))).toBe(true);
    await e2e.b.screenshot('explore-hit-opened.png');
  });

  it('codes every moderator turn in one step from the coded-segments tab', async () => {
    const { page } = e2e.b;
    await openExplore(page, 'retrieve');
    await page.getByTestId('code-speaker-open').click();
    await page.getByTestId('code-speaker').waitFor();
    await page.getByTestId('code-speaker-who').selectOption('role:moderator');
    await page.getByTestId('code-chooser-input').fill('Moderator turns');
    await e2e.b.screenshot('explore-code-speaker.png');
    await page.getByTestId('code-speaker-apply').click();
    const toast = page.getByTestId('toast').filter({ hasText: 'Moderator turns' });
    await toast.waitFor();
    const code = (await codeNamed('Moderator turns'))!;
    expect(code.codings).toBeGreaterThan(20);
    expect(await toast.textContent()).toContain(`Coded ${code.codings} turns`);
    const segments = await api<CodedSegment[]>('codings.list', { code: code.guid });
    expect(segments.every((s) => s.speakers.length === 1 && /^Dr\. /.test(s.speakers[0]!))).toBe(true);
    await toast.getByTestId('toast-action').click();
    await expect.poll(() => codeNamed('Moderator turns')).toBeUndefined();
  });

  it('accepts one similar passage as an ordinary coding and rejects another so it does not return', async () => {
    const { page } = e2e.b;
    await openExplore(page, 'similar');
    const code = (await codeNamed(SIMILAR_CODE))!;
    await page.getByTestId('similar-code').selectOption(code.guid);
    const before = await api<SimilarSuggestion[]>('analysis.similar', { code: code.guid });
    expect(before.length).toBeGreaterThanOrEqual(3);
    await expect.poll(() => page.getByTestId('suggestion').count()).toBe(before.length);
    await e2e.b.screenshot('explore-similar.png');

    // Accept the first: one coding of exactly that passage.
    const accepted = before[0]!;
    const codingsBefore = code.codings;
    await page.getByTestId('suggestion').first().getByTestId('suggestion-accept').click();
    await expect.poll(async () => (await codeNamed(SIMILAR_CODE))!.codings).toBe(codingsBefore + 1);
    const segments = await api<CodedSegment[]>('codings.list', { code: code.guid });
    expect(segments.some((s) => s.documentGuid === accepted.document && s.start === accepted.start && s.end === accepted.end)).toBe(true);
    await expect.poll(async () => (await page.getByTestId('suggestion').first().locator('.suggestion-text').textContent()) !== accepted.text).toBe(true);

    // Reject the (new) first: it leaves the list and nothing is coded.
    const rejectedText = (await page.getByTestId('suggestion').first().locator('.suggestion-text').textContent())!;
    await page.getByTestId('suggestion').first().getByTestId('suggestion-reject').click();
    await expect.poll(() => page.locator('.suggestion-text').allTextContents()).not.toContain(rejectedText);
    expect((await codeNamed(SIMILAR_CODE))!.codings).toBe(codingsBefore + 1);
    await page.getByTestId('similar-forget').waitFor();
    await e2e.b.screenshot('explore-similar-decided.png');
  });
});
