/**
 * Explore › comparing on the worked demo (4 focus groups, coded): the code × focus-group matrix,
 * a cell's segments and the transcript behind one, row percentages; word frequencies with a CSV
 * and an SVG download; distinctive words; co-occurrence as a table and a network; voice and talk
 * time. Each step leaves a screenshot in test-results/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnalysisSegment, Cooccurrence, Matrix, WordFrequencies } from '../../shared/analysis-compare.js';
import { serveProject } from '../../electron/server/start.js';
import { RESULTS_DIR } from './browser.js';
import { useE2e } from './harness.js';

const e2e = useE2e('chorus-e2e-compare-', (dir) => serveProject({ dataDir: dir, port: 0 }));
const api = e2e.api;

async function download(click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const { page } = e2e.b;
  const event = page.waitForEvent('download');
  await click();
  const d = await event;
  const file = await d.path();
  return { name: d.suggestedFilename(), bytes: fs.readFileSync(file) };
}

describe('Explore › Compare', () => {
  it('opens a matrix cell’s segments, lands on one in the transcript, and shows row percentages', async () => {
    const { page } = e2e.b;
    await page.goto(e2e.server.url);
    await page.getByTestId('view-explore').click();
    await page.getByTestId('explore-tab-matrix').click();
    await page.getByTestId('matrix-heatmap').waitFor();

    const matrix = await api<Matrix>('analysis.matrix', {});
    expect(matrix.columns).toHaveLength(4);
    // The busiest cell of a code said in more than one group: several segments, a telling row %.
    let best = { i: 0, j: 0, value: -1 };
    matrix.rows.forEach((r, i) => r.cells.forEach((c, j) => c.value > best.value && c.rowPercent! < 100 && (best = { i, j, value: c.value })));
    const row = matrix.rows[best.i]!;
    const cell = page.getByTestId(`matrix-cell-${best.i}-${best.j}`);
    await expect.poll(() => cell.textContent()).toBe(String(best.value));
    await cell.click();
    await page.getByTestId('compare-segments').waitFor();
    await expect.poll(() => page.getByTestId('compare-segments-title').textContent()).toBe(row.name);
    await expect.poll(() => page.getByTestId('compare-segment').count()).toBe(best.value);
    await e2e.b.screenshot('explore-matrix.png');

    // Row percentages: the cell now shows its share of the row.
    await page.getByTestId('matrix-show-row').click();
    const rowPercent = row.cells[best.j]!.rowPercent!;
    const shown = rowPercent.toFixed(1);
    await expect.poll(() => cell.textContent()).toBe(shown);
    await e2e.b.screenshot('explore-matrix-row-percent.png');
    const heat = await download(() => page.getByTestId('matrix-chart-export-png').click());
    expect(heat.name).toBe('Codings by code and focus group - Row %.png');
    fs.writeFileSync(path.join(RESULTS_DIR, 'explore-matrix-export.png'), heat.bytes);

    // The plain table shows the same number, and its cells open segments too.
    await page.getByTestId('matrix-view-table').click();
    await expect.poll(() => page.getByTestId(`matrix-tcell-${best.i}-${best.j}`).textContent()).toBe(shown);
    await page.getByTestId('matrix-view-heat').click();

    // The first segment opens in its transcript, selected.
    const segments = await api<AnalysisSegment[]>('analysis.matrixCell', { row: row.key, column: matrix.columns[best.j]!.key });
    await page.getByTestId('compare-segment-open').first().click();
    await page.getByTestId('transcript').waitFor();
    await page.locator(`mark.coding--focus[data-codings~="${segments[0]!.guid}"]`).first().waitFor();
    await e2e.b.screenshot('explore-matrix-open-transcript.png');
  });

  it('counts words, exports the table as CSV and the chart as SVG and PNG, and finds distinctive words', async () => {
    const { page } = e2e.b;
    await page.getByTestId('view-explore').click();
    await page.getByTestId('explore-tab-words').click();
    await page.getByTestId('words-chart').waitFor();
    const words = await api<WordFrequencies>('analysis.words', { limit: 5 });
    const top = words.words[0]!;
    await expect.poll(() => page.getByTestId('words-table-row').first().textContent()).toContain(top.word);

    const csv = await download(() => page.getByTestId('words-table-export-csv').click());
    expect(csv.name).toMatch(/word frequencies\.csv$/);
    const text = csv.bytes.toString('utf8').replace(/^\uFEFF/, '');
    expect(text.split('\r\n')[0]).toMatch(/^Word,Count,Share/);
    expect(text).toContain(`${top.word},${top.count},`);

    const svg = await download(() => page.getByTestId('words-chart-export-svg').click());
    expect(svg.name).toBe('The 20 most frequent words - the project.svg');
    const markup = svg.bytes.toString('utf8');
    expect(markup).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(markup).toContain(`>${top.word}</text>`);
    expect(markup.match(/<rect /g)!.length).toBeGreaterThanOrEqual(20);

    const png = await download(() => page.getByTestId('words-chart-export-png').click());
    expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    // Kept to be looked at: the file a researcher would put in a paper.
    fs.writeFileSync(path.join(RESULTS_DIR, 'explore-words-chart-export.png'), png.bytes);

    // Without grouping, "one" and "ones" are counted apart.
    await page.getByTestId('words-stem').uncheck();
    await expect.poll(() => page.getByTestId('words-summary').textContent()).not.toContain('forms grouped');

    // What the moderators say more than everyone else.
    await page.getByTestId('words-stem').check();
    await page.getByTestId('words-scope').selectOption({ label: 'Moderators' });
    await page.getByTestId('distinctive-chart').waitFor();
    await expect.poll(() => page.getByTestId('distinctive-table-row').first().textContent()).toContain('let');
    await e2e.b.screenshot('explore-words.png');
    await page.getByTestId('distinctive-chart').scrollIntoViewIfNeeded();
    await e2e.b.screenshot('explore-words-distinctive.png');
  });

  it('lists co-occurring codes with their segments and draws the network', async () => {
    const { page } = e2e.b;
    await page.getByTestId('explore-tab-cooccurrence').click();
    const co = await api<Cooccurrence>('analysis.cooccurrence', { mode: 'turn' });
    expect(co.pairs.length).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('co-table-row').count()).toBe(co.pairs.length);
    await page.getByTestId('co-table-row').first().click();
    await expect.poll(() => page.getByTestId('compare-segments-title').textContent()).toBe(`${co.pairs[0]!.aName} + ${co.pairs[0]!.bName}`);
    await expect.poll(() => page.getByTestId('compare-segment').count()).toBeGreaterThan(0);
    await e2e.b.screenshot('explore-cooccurrence.png');

    await page.getByTestId('co-view-network').click();
    await page.getByTestId('co-network').waitFor();
    const linked = new Set(co.pairs.flatMap((p) => [p.a, p.b]));
    await expect.poll(() => page.getByTestId('co-node').count()).toBe(linked.size);
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(co.pairs.length);
    await e2e.b.screenshot('explore-cooccurrence-network.png');
    const svg = await download(() => page.getByTestId('co-network-export-svg').click());
    expect(svg.name).toMatch(/\.svg$/);
    expect(svg.bytes.toString('utf8')).toContain(co.pairs[0]!.aName);
  });

  it('shows voice per theme with its flags, and talk time per group', async () => {
    const { page } = e2e.b;
    await page.getByTestId('explore-tab-voice').click();
    await page.getByTestId('voice-chart').waitFor();
    await page.getByTestId('talk-chart').waitFor();
    await expect.poll(() => page.getByTestId('voice-chart-row').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('talk-chart-row').count()).toBe(4);
    // A stricter threshold flags at least as many rows.
    const flagsAt = async () => page.getByTestId('voice-flag').count();
    await page.getByTestId('voice-threshold').selectOption('0.75');
    const strict = await flagsAt();
    await page.getByTestId('voice-threshold').selectOption('0.4');
    await expect.poll(flagsAt).toBeGreaterThanOrEqual(strict);
    await page.getByTestId('voice-rows').selectOption('codes');
    await expect.poll(() => page.getByTestId('voice-summary').textContent()).toMatch(/one voice|mostly on one person/);
    await e2e.b.screenshot('explore-voice.png');
    await page.getByTestId('talk-chart').scrollIntoViewIfNeeded();
    await e2e.b.screenshot('explore-talk-time.png');
  });
});
