/**
 * The Codebook view's speed, measured in Chromium: `npx tsx bench/codebook-view.ts [--codes N]
 * [--runs N] [--json FILE]`, after `npm run build`.
 *
 * Builds a project with a codebook of 2,000 codes (200 top-level codes of 9 subcodes each, every
 * tenth top-level code a theme) through the core's `dispatch`, serves it in browser mode on
 * 127.0.0.1 and drives Debian's Chromium through playwright-core, as bench/view.ts does. It
 * measures `view.codebook_render_ms`: from the click on the Codebook tab to the first frame in
 * which every row the view shows is in the DOM, painted (past 500 codes the view opens folded to
 * the top level, so 200 rows here), and `view.codebook_expand_all_ms`: from a click on Expand all
 * to the painted frame with all 2,000 rows. The transcripts' sidebar has already asked for the code
 * list, as it has when a researcher opens the view; the first opening asks for the counts, later
 * ones (after going back to the transcripts) find them cached. Nothing is asserted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import type { OpInput, OpName, OpOutput } from '../shared/api.js';
import { dispatch, envFromSettings, loadSettings, Session } from '../electron/core/index.js';
import { startServer } from '../electron/server/server.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/chromium.js';

const ROOT = path.resolve(__dirname, '..');
const TARGET_MS = 300;

function option(name: string, fallback: string | null): string | null {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : (process.argv[at + 1] ?? fallback);
}

async function call<N extends OpName>(session: Session, name: N, input: OpInput<N>): Promise<OpOutput<N>> {
  const r = await dispatch(session, name, input);
  if (!r.ok) throw new Error(`${name} failed: ${r.error.code}: ${r.error.message}`);
  return r.value as OpOutput<N>;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Clicks a button in the page and waits for the painted frame in which the tree shows all its rows
 * (`data-rows` on the tree is how many it should show). Runs in the page, so no round trip counts.
 */
function clickUntilAllRows(page: Page, testId: string): Promise<number> {
  return page.evaluate(async (testId) => {
    const button = document.querySelector<HTMLElement>(`[data-testid="${testId}"]`)!;
    const t0 = performance.now();
    button.click();
    for (;;) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const tree = document.querySelector('[data-testid="cb-tree"]');
      const shown = Number(tree?.getAttribute('data-rows') ?? -1);
      if (shown > 0 && document.querySelectorAll('[data-testid="cb-row"]').length === shown) break;
      if (performance.now() - t0 > 30_000) throw new Error('the rows never all appeared');
    }
    // The frame holding them is painted by the time the next one starts.
    await new Promise((resolve) => requestAnimationFrame(resolve));
    return performance.now() - t0;
  }, testId);
}

async function main(): Promise<void> {
  const total = Number(option('codes', '2000'));
  const runs = Number(option('runs', '5'));
  const json = option('json', null);
  const staticDir = path.join(ROOT, 'out/renderer');
  if (!fs.existsSync(path.join(staticDir, 'index.html'))) throw new Error('Build the renderer first: npm run build');

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-bench-codebook-'));
  const session = new Session(envFromSettings(loadSettings(tmp), { emit: () => {} }));
  try {
    await call(session, 'project.create', { path: path.join(tmp, 'codebook.chorus'), title: 'Codebook bench' });
    const tops = Math.ceil(total / 10);
    const started = performance.now();
    let made = 0;
    for (let t = 0; t < tops && made < total; t++) {
      const top = await call(session, 'codes.create', { name: `Code ${t + 1}` });
      made++;
      if (t % 10 === 0) await call(session, 'codes.promote', { code: top.guid });
      for (let s = 0; s < 9 && made < total; s++, made++) {
        await call(session, 'codes.create', { name: `Code ${t + 1}.${s + 1}`, parent: top.guid });
      }
    }
    process.stderr.write(`built ${made} codes in ${Math.round(performance.now() - started)} ms\n`);

    const server = await startServer({ session, staticDir, projectsFolder: tmp, port: 0 });
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    try {
      const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
      await page.goto(server.url);
      await page.getByTestId('project-title').waitFor();
      const times: number[] = [];
      const expandTimes: number[] = [];
      for (let run = 0; run < runs; run++) {
        await page.getByTestId('view-transcripts').click();
        await page.getByTestId('view-codebook-body').waitFor({ state: 'detached' });
        const ms = await clickUntilAllRows(page, 'view-codebook');
        expandTimes.push(await clickUntilAllRows(page, 'cb-expand-all'));
        times.push(ms);
        process.stderr.write(`run ${run + 1}: ${ms.toFixed(1)} ms; expand all ${expandTimes[run]!.toFixed(1)} ms\n`);
      }
      const result = {
        'view.codebook_render_ms': { first: times[0]!, median: median(times), max: Math.max(...times), target: TARGET_MS },
        'view.codebook_expand_all_ms': { median: median(expandTimes), max: Math.max(...expandTimes) },
        codes: made,
        runs,
      };
      console.log(`view.codebook_render_ms  first ${times[0]!.toFixed(0)} ms, median ${median(times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms (${made} codes; target ≤ ${TARGET_MS} ms)`);
      console.log(`view.codebook_expand_all_ms  median ${median(expandTimes).toFixed(0)} ms, max ${Math.max(...expandTimes).toFixed(0)} ms`);
      if (json) fs.writeFileSync(json, `${JSON.stringify(result, null, 2)}\n`);
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    session.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
