/**
 * The transcript view's speed, measured in Chromium: `npx tsx bench/view.ts [--json FILE]`, or
 * `npm run bench -- --view` after the core phases.
 *
 * Builds a project with one two-hour focus group (about 30,000 words, 3,000 codings over 60
 * codes; bench/view-study.ts) through the core's `dispatch`, serves it in browser mode on
 * 127.0.0.1 and drives Debian's Chromium through playwright-core, as the e2e tests do. It
 * measures what issue 4 sets targets for: the first paint of the view, Enter in the quick-code
 * box to the highlight, the longest task while scrolling top to bottom, and the renderer's
 * memory. Nothing is asserted: the figures go into a table and, with --json, a file.
 * See bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import type { OpInput, OpName, OpOutput } from '../shared/api.js';
import type { ChorusEvent } from '../shared/types.js';
import { dispatch, envFromSettings, loadSettings, Session } from '../electron/core/index.js';
import { startServer, type RunningServer } from '../electron/server/server.js';
import { buildViewStudy, VIEW_SPEC, type ViewStudy } from './view-study.js';
import { clipProfile, memoryBreakdown, topFunctions, traceAction, withCpuProfile } from './view-trace.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/chromium.js';

const ROOT = path.resolve(__dirname, '..');
const MB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Options

export interface ViewBenchOptions {
  seed: number;
  /** Measured openings of the transcript (cold, after a reload), and as many reopenings. */
  runs: number;
  /** Codings applied through the quick-code box, each timed. */
  applies: number;
  /** Steps of the scroll from top to bottom. */
  scrollSteps: number;
  keep: boolean;
  /** Folder for CPU profiles of one opening, the applies and the scroll (served unminified). */
  profile: string | null;
  /** Which renderer to serve (see rendererSnapshot). */
  renderer: RendererSource;
  log: (message: string) => void;
}

interface CliOptions extends ViewBenchOptions {
  json: string | null;
}

const USAGE = `Usage: npx tsx bench/view.ts [--json FILE] [--seed N] [--runs N] [--applies N] [--steps N] [--renderer built|worktree|head] [--keep] [--profile DIR]

  --json FILE     also write the results as JSON to FILE (e.g. bench/results/view.json)
  --seed N        seed of the generator (default 1); keep it fixed to compare runs
  --runs N        measured openings of the transcript (default 5)
  --applies N     codings applied through the quick-code box (default 50)
  --steps N       steps of the scroll from top to bottom (default 100)
  --keep          keep the temporary folder (transcripts, project file) afterwards
  --renderer R    the renderer served: built (default: a copy of out/renderer, built first if
                  missing), worktree (renderer/ as it is now) or head (renderer/ of the last
                  commit), both built into the temporary folder, never into out/
  --profile DIR   trace and CPU-profile the page (first opening, scroll, applies) into DIR and
                  dump the renderer's memory by allocator; the renderer is built unminified (from
                  the working tree, or the last commit with --renderer head) so functions keep
                  their names. Summaries go to the log and DIR/summary.json; one profile with:
                  npx tsx bench/profile-summary.ts DIR/view-apply.cpuprofile.
                  Timings taken under the profiler are not comparable with plain runs.`;

function fail(message: string): never {
  process.stderr.write(`bench/view: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): CliOptions {
  const o: CliOptions = {
    seed: 1,
    runs: 5,
    applies: 50,
    scrollSteps: 100,
    keep: false,
    profile: null,
    renderer: 'built',
    json: null,
    log: progress,
  };
  const positive = (flag: string, v: string) => {
    const n = Number.parseInt(v, 10);
    if (!(n > 0)) fail(`${flag} needs a positive integer.`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) fail(`${flag} needs a value.`);
      return v;
    };
    switch (flag) {
      case '--json':
        o.json = path.resolve(value());
        break;
      case '--seed':
        o.seed = Number.parseInt(value(), 10);
        if (!Number.isSafeInteger(o.seed)) fail('--seed needs an integer.');
        break;
      case '--runs':
        o.runs = positive(flag, value());
        break;
      case '--applies':
        o.applies = positive(flag, value());
        break;
      case '--steps':
        o.scrollSteps = positive(flag, value());
        break;
      case '--keep':
        o.keep = true;
        break;
      case '--renderer': {
        const v = value();
        if (v !== 'built' && v !== 'worktree' && v !== 'head') fail(`--renderer is built, worktree or head, not "${v}".`);
        o.renderer = v;
        break;
      }
      case '--profile':
        o.profile = path.resolve(value());
        break;
      case '-h':
      case '--help':
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default:
        fail(`Unknown option "${a}".`);
    }
  }
  return o;
}

// ---------------------------------------------------------------------------------------------
// Measuring and reporting

export interface Measurement {
  name: string;
  value: number;
  unit: string;
}

function progress(message: string): void {
  process.stderr.write(`[bench/view ${(performance.now() / 1000).toFixed(1).padStart(6)}s] ${message}\n`);
}

/** Nearest-rank quantile, as bench/run.ts computes it. */
function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

const median = (values: readonly number[]) => quantile(values, 0.5);

/** `count` indexes spread evenly over [0, n), always including the first and the last. */
function spread(n: number, count: number): number[] {
  if (n <= count) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: count }, (_, i) => Math.round((i * (n - 1)) / (count - 1)));
}

function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  const abs = Math.abs(v);
  const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 1 ? 2 : 3;
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function table(rows: readonly Measurement[]): string {
  const w0 = Math.max(4, ...rows.map((r) => r.name.length));
  const values = rows.map((r) => formatValue(r.value));
  const w1 = Math.max(5, ...values.map((v) => v.length));
  const lines = [`${'name'.padEnd(w0)}  ${'value'.padStart(w1)}  unit`, `${'-'.repeat(w0)}  ${'-'.repeat(w1)}  ----`];
  rows.forEach((r, i) => lines.push(`${r.name.padEnd(w0)}  ${values[i]!.padStart(w1)}  ${r.unit}`));
  return lines.join('\n');
}

/** The targets of issue 4, for the table's last column. */
export const VIEW_TARGETS: Record<string, { max: number; text: string }> = {
  'view.first_paint_ms': { max: 500, text: '≤ 500 ms' },
  'view.apply_code_p95_ms': { max: 50, text: '≤ 50 ms' },
  'view.scroll_longest_task_ms': { max: 50, text: 'no task over 50 ms' },
  'view.renderer_mb': { max: 300, text: '≤ 300 MB' },
};

function targetColumn(rows: readonly Measurement[]): string {
  const lines = table(rows).split('\n');
  return lines
    .map((line, i) => {
      if (i < 2) return i === 0 ? `${line}  target` : `${line}  ------`;
      const r = rows[i - 2]!;
      const t = VIEW_TARGETS[r.name];
      if (!t) return line;
      return `${line.padEnd(lines[0]!.length)}  ${t.text}: ${r.value <= t.max ? 'met' : `MISSED by ${formatValue(r.value - t.max)} ${r.unit}`}`;
    })
    .join('\n');
}

// ---------------------------------------------------------------------------------------------
// The renderer and the server

/** Newest modification time under a folder (files only). */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const m = fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs;
    if (m > newest) newest = m;
  }
  return newest;
}

/** Which renderer is served: the build in out/renderer, or one built from the sources. */
export type RendererSource = 'built' | 'worktree' | 'head';

/** Builds the renderer under `sourceRoot` (holding renderer/ and shared/) as electron-vite does. */
async function viteBuild(sourceRoot: string, outDir: string, minify: boolean): Promise<void> {
  const vite = await import('vite');
  const react = (await import('@vitejs/plugin-react')).default;
  await vite.build({
    configFile: false,
    logLevel: 'warn',
    root: path.join(sourceRoot, 'renderer'),
    plugins: [react()],
    build: { outDir, emptyOutDir: true, minify, chunkSizeWarningLimit: 5000 },
  });
}

/**
 * The renderer to serve, in a private folder: others rebuild out/renderer while they work
 * (`npm run build` empties it first), so every page of one run loads the same bundle.
 * - `built`: a copy of out/renderer (built with `npx electron-vite build` first when missing);
 * - `worktree`: renderer/ as it is now, built into the temporary folder;
 * - `head`: renderer/ and shared/ of the last commit (git archive), built likewise.
 * Under --profile the build is not minified, so the profiles keep the functions' names.
 */
async function rendererSnapshot(tmp: string, o: ViewBenchOptions, notes: string[]): Promise<{ dir: string; label: string }> {
  const dest = path.join(tmp, 'renderer');
  const minify = !o.profile;
  const commit = gitCommit() ?? 'unknown commit';
  let label: string;
  if (o.renderer === 'built' && !o.profile) {
    const built = path.join(ROOT, 'out', 'renderer');
    if (!fs.existsSync(path.join(built, 'index.html'))) {
      o.log('out/renderer is missing: npx electron-vite build');
      execFileSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: ['ignore', process.stderr, process.stderr] });
    }
    fs.cpSync(built, dest, { recursive: true });
    const builtAt = fs.statSync(path.join(built, 'index.html')).mtimeMs;
    label = `out/renderer built ${new Date(builtAt).toISOString()}`;
    const sourcesAt = newestMtime(path.join(ROOT, 'renderer'));
    if (sourcesAt > builtAt + 1000) {
      notes.push(
        `out/renderer (built ${new Date(builtAt).toISOString()}) is older than renderer/ (changed ${new Date(sourcesAt).toISOString()}): ` +
          'these are the figures of that build; --renderer worktree measures the current sources',
      );
    }
  } else if (o.renderer === 'head') {
    const src = path.join(tmp, 'head');
    fs.mkdirSync(src);
    execFileSync('sh', ['-c', `git archive HEAD renderer shared | tar -x -C "${src}"`], { cwd: ROOT, stdio: ['ignore', 'ignore', process.stderr] });
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(src, 'node_modules'));
    o.log(`building the renderer of ${commit}${minify ? '' : ' (unminified)'}`);
    await viteBuild(src, dest, minify);
    label = `renderer of ${commit}`;
  } else {
    o.log(`building the renderer from the working tree${minify ? '' : ' (unminified)'}`);
    await viteBuild(ROOT, dest, minify);
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'renderer', 'shared'], { cwd: ROOT }).toString().trim();
    label = `renderer of the working tree (${commit}${dirty ? ', with uncommitted changes' : ''})`;
  }
  if (!minify) notes.push('served an unminified build of the renderer (--profile)');
  const bundles = fs.readdirSync(path.join(dest, 'assets')).filter((f) => f.endsWith('.js'));
  return { dir: dest, label: `${label}; ${bundles.join(', ')}` };
}

async function call<N extends OpName>(session: Session, name: N, input: OpInput<N>): Promise<OpOutput<N>> {
  const r = await dispatch(session, name, input);
  if (!r.ok) throw new Error(`${name} failed: ${r.error.code}: ${r.error.message}`);
  return r.value as OpOutput<N>;
}

/**
 * Browser mode for the project, put together as `serveProject` (electron/server/start.ts) does
 * — a session from the data folder's settings, the project opened through dispatch, the HTTP
 * server on 127.0.0.1 forwarding core events — but serving the renderer snapshot.
 */
async function serve(projectPath: string, dataDir: string, staticDir: string): Promise<RunningServer> {
  let forward: (e: ChorusEvent) => void = () => {};
  const session = new Session(envFromSettings(loadSettings(dataDir), { emit: (e) => forward(e) }));
  await call(session, 'project.open', { path: projectPath });
  const server = await startServer({ session, staticDir, projectsFolder: path.dirname(projectPath), port: 0 });
  forward = server.broadcast;
  return {
    ...server,
    close: async () => {
      await server.close();
      session.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The page

/** Counts the page's requests to the API (the event stream aside) to wait until none is in flight. */
class Network {
  private inflight = 0;
  private lastChange = performance.now();
  constructor(page: Page) {
    const isApi = (url: string) => {
      const p = new URL(url).pathname;
      return p.startsWith('/api/') && p !== '/api/events';
    };
    page.on('request', (r) => {
      if (!isApi(r.url())) return;
      this.inflight++;
      this.lastChange = performance.now();
    });
    const done = (r: { url(): string }) => {
      if (!isApi(r.url())) return;
      this.inflight--;
      this.lastChange = performance.now();
    };
    page.on('requestfinished', done);
    page.on('requestfailed', done);
  }

  /** Resolves once no API request has been in flight for `quietMs`. */
  async idle(quietMs = 200, timeoutMs = 30_000): Promise<void> {
    const until = performance.now() + timeoutMs;
    while (performance.now() < until) {
      if (this.inflight <= 0 && performance.now() - this.lastChange >= quietMs) return;
      await sleep(20);
    }
    throw new Error(`the page still had ${this.inflight} API requests in flight after ${timeoutMs} ms`);
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** One animation frame of the page, from Node. */
const frame = (page: Page) => page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => r())));

interface PaintTiming {
  /** ms from the click to the first frame with every turn and every highlight, painted. */
  paint: number;
  /** ms from the click to the frame in which they were first all in the DOM. */
  dom: number;
  /** ms from the click to the last byte of the API answers the opening fetched (0 when cached). */
  fetch: number;
}

/**
 * Arms the page to time the opening of a document: from the click on its entry in the list to
 * the first animation frame in which its last turn and `marks` painted highlights are in the
 * DOM, plus the frame after it (a task posted from that frame's rAF runs after its paint).
 */
function armOpen(page: Page, documentGuid: string, lastTurn: number, marks: number): Promise<void> {
  return page.evaluate(
    ({ documentGuid, lastTurn, marks }) => {
      performance.clearResourceTimings();
      const w = window as unknown as { __viewOpen?: Promise<unknown> };
      let clickAt = -1;
      const onClick = (e: MouseEvent) => {
        const item = (e.target as Element | null)?.closest?.('[data-testid="document-item"]');
        if (item instanceof HTMLElement && item.dataset.document === documentGuid) {
          clickAt = performance.now();
          performance.mark('chorus-open-start');
        }
      };
      document.addEventListener('click', onClick, { capture: true });
      w.__viewOpen = new Promise((resolve, reject) => {
        const giveUp = performance.now() + 60_000;
        const check = () => {
          const root = document.querySelector('[data-testid="transcript"]');
          const ready =
            clickAt >= 0 &&
            root !== null &&
            root.querySelector(`[data-testid="turn"][data-index="${lastTurn}"]`) !== null &&
            root.querySelectorAll('mark[data-codings]').length >= marks;
          if (ready) {
            const dom = performance.now();
            const channel = new MessageChannel();
            channel.port1.onmessage = () => {
              performance.mark('chorus-open-end');
              document.removeEventListener('click', onClick, { capture: true });
              const fetched = performance
                .getEntriesByType('resource')
                .filter((e) => e.name.includes('/api/') && e.startTime >= clickAt)
                .map((e) => (e as PerformanceResourceTiming).responseEnd);
              resolve({ paint: performance.now() - clickAt, dom: dom - clickAt, fetch: fetched.length ? Math.max(...fetched) - clickAt : 0 });
            };
            channel.port2.postMessage(0);
            return;
          }
          if (performance.now() > giveUp) {
            const found = root ? root.querySelectorAll('mark[data-codings]').length : -1;
            reject(new Error(`the transcript did not finish opening: click ${clickAt >= 0 ? 'seen' : 'not seen'}, ${found} marks of ${marks}`));
            return;
          }
          requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      });
    },
    { documentGuid, lastTurn, marks },
  );
}

const openResult = (page: Page) =>
  page.evaluate(() => (window as unknown as { __viewOpen: Promise<PaintTiming> }).__viewOpen);

const documentItem = (page: Page, guid: string) => page.locator(`[data-testid="document-item"][data-document="${guid}"]`);

/** Marks with codings in the open transcript, once their number stops changing. */
async function settledMarkCount(page: Page, net: Network): Promise<number> {
  await net.idle(300);
  let last = -1;
  for (let i = 0; i < 100; i++) {
    const n = await page.locator('[data-testid="transcript"] mark[data-codings]').count();
    if (n === last && n > 0) return n;
    last = n;
    await sleep(250);
  }
  return last;
}

interface ApplyTiming {
  /** ms from the Enter keydown to the new highlight in the DOM (painted with its codes). */
  dom: number;
  /** ms from the Enter keydown to the end of the first frame that shows it. */
  frame: number;
  /** ms from the Enter keydown to the last byte of the codings.apply answer. */
  response: number;
}

/**
 * Arms the page to time one apply: a capturing keydown listener notes the Enter in the
 * quick-code box; a MutationObserver on the transcript notes the first highlight carrying a
 * coding id the view did not show before.
 */
function armApply(page: Page): Promise<void> {
  return page.evaluate(() => {
    const root = document.querySelector('[data-testid="transcript"]')!;
    const known = new Set<string>();
    for (const m of root.querySelectorAll<HTMLElement>('mark[data-codings]')) for (const id of (m.dataset.codings ?? '').split(' ')) known.add(id);
    performance.clearResourceTimings();
    const w = window as unknown as { __viewApply?: Promise<unknown> };
    w.__viewApply = new Promise((resolve, reject) => {
      let enterAt = -1;
      const onKey = (e: KeyboardEvent) => {
        if (e.key === 'Enter' && (e.target as HTMLElement | null)?.dataset?.testid === 'quick-code-input' && enterAt < 0) {
          enterAt = performance.now();
          performance.mark('chorus-apply-start');
        }
      };
      window.addEventListener('keydown', onKey, { capture: true });
      const isNew = (el: Element) => el instanceof HTMLElement && el.tagName === 'MARK' && (el.dataset.codings ?? '').split(' ').some((id) => id && !known.has(id));
      const timer = setTimeout(() => {
        observer.disconnect();
        window.removeEventListener('keydown', onKey, { capture: true });
        reject(new Error(`no new highlight within 20 s of ${enterAt >= 0 ? 'the Enter' : 'arming (Enter not seen)'}`));
      }, 20_000);
      const observer = new MutationObserver((records) => {
        if (enterAt < 0) return;
        let found = false;
        for (const r of records) {
          if (r.type === 'attributes' && isNew(r.target as Element)) found = true;
          else for (const n of r.addedNodes) if (n instanceof Element && (isNew(n) || [...n.querySelectorAll('mark')].some(isNew))) found = true;
          if (found) break;
        }
        if (!found) return;
        const dom = performance.now();
        observer.disconnect();
        clearTimeout(timer);
        window.removeEventListener('keydown', onKey, { capture: true });
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            performance.mark('chorus-apply-end');
            const answered = performance
              .getEntriesByType('resource')
              .filter((e) => e.name.endsWith('/api/codings.apply'))
              .map((e) => (e as PerformanceResourceTiming).responseEnd);
            resolve({ dom: dom - enterAt, frame: performance.now() - enterAt, response: answered.length ? answered[0]! - enterAt : Number.NaN });
          };
          channel.port2.postMessage(0);
        });
      });
      observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-codings'] });
    });
  });
}

const applyResult = (page: Page) =>
  page.evaluate(() => (window as unknown as { __viewApply: Promise<ApplyTiming> }).__viewApply);

interface ScrollReport {
  totalMs: number;
  steps: number;
  distance: number;
  longTasks: number[];
  /**
   * Long animation frames: their duration, blocking time, the time from the start of their
   * rendering (rAF callbacks, style, layout, paint) and of their style and layout to the end,
   * and the scripts that ran in them.
   */
  frames: {
    duration: number;
    blocking: number;
    renderMs: number;
    styleLayoutMs: number;
    scripts: { invoker: string; source: string; fn: string; duration: number }[];
  }[];
  loafSupported: boolean;
}

/** Scrolls the transcript from top to bottom in `steps`, a frame between each, under a long-task and long-animation-frame observer. */
function scrollThrough(page: Page, steps: number): Promise<ScrollReport> {
  return page.evaluate(async (steps) => {
    const box = document.querySelector<HTMLElement>('[data-testid="transcript-scroll"]')!;
    const raf = () => new Promise<number>((r) => requestAnimationFrame(r));
    box.scrollTop = 0;
    await raf();
    await raf();
    await new Promise((r) => setTimeout(r, 300));
    const longTasks: number[] = [];
    const frames: ScrollReport['frames'] = [];
    const taskObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push(e.duration);
    });
    taskObserver.observe({ type: 'longtask', buffered: false });
    const loafSupported = PerformanceObserver.supportedEntryTypes.includes('long-animation-frame');
    interface LoafScript {
      invoker: string;
      sourceURL: string;
      sourceFunctionName: string;
      duration: number;
    }
    type Loaf = PerformanceEntry & { blockingDuration: number; renderStart: number; styleAndLayoutStart: number; scripts: LoafScript[] };
    const recordFrames = (entries: PerformanceEntryList) => {
      for (const e of entries as Loaf[]) {
        const end = e.startTime + e.duration;
        frames.push({
          duration: e.duration,
          blocking: e.blockingDuration,
          renderMs: e.renderStart ? end - e.renderStart : 0,
          styleLayoutMs: e.styleAndLayoutStart ? end - e.styleAndLayoutStart : 0,
          scripts: e.scripts.map((s) => ({ invoker: s.invoker, source: s.sourceURL, fn: s.sourceFunctionName, duration: s.duration })),
        });
      }
    };
    const frameObserver = new PerformanceObserver((list) => recordFrames(list.getEntries()));
    if (loafSupported) frameObserver.observe({ type: 'long-animation-frame', buffered: false });
    const distance = box.scrollHeight - box.clientHeight;
    const t0 = performance.now();
    for (let i = 1; i <= steps; i++) {
      box.scrollTo({ top: Math.round((distance * i) / steps), behavior: 'instant' });
      await raf();
    }
    await raf();
    const totalMs = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 200));
    for (const e of taskObserver.takeRecords()) longTasks.push(e.duration);
    taskObserver.disconnect();
    if (loafSupported) recordFrames(frameObserver.takeRecords());
    frameObserver.disconnect();
    return { totalMs, steps, distance, longTasks, frames, loafSupported };
  }, steps);
}

/**
 * Scrolls turn `index` to the middle of the view and waits until its text is in the DOM (the view
 * materialises only the turns near the screen); true if it has a text node long enough to select
 * a passage in.
 */
function findPassage(page: Page, index: number): Promise<boolean> {
  return page.evaluate(async (index) => {
    const turn = document.querySelector<HTMLElement>(`[data-testid="transcript"] [data-testid="turn"][data-index="${index}"]`);
    if (!turn) return false;
    turn.scrollIntoView({ block: 'center', behavior: 'instant' });
    const longText = () => {
      const body = turn.querySelector('.turn-body');
      if (!body) return null;
      const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
      let any = false;
      for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
        any = true;
        if (n.data.length >= 60) return true;
      }
      return any ? false : null;
    };
    for (let frames = 0; frames < 120; frames++) {
      const found = longText();
      if (found !== null) return found;
      await new Promise((r) => requestAnimationFrame(r));
    }
    return false;
  }, index);
}

/** Selects some words of a text node of turn `index` as the e2e's selectText does, and releases the mouse. */
function selectPassage(page: Page, index: number, variant: number): Promise<string | null> {
  return page.evaluate(
    ({ index, variant }) => {
      const body = document.querySelector(`[data-testid="transcript"] [data-testid="turn"][data-index="${index}"] .turn-body`);
      if (!body) return null;
      const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
      const long: Text[] = [];
      for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) if (n.data.length >= 60) long.push(n);
      const node = long[variant % Math.max(1, long.length)];
      if (!node) return null;
      const text = node.data;
      // From the start of a word near the beginning to the end of a word 20–50 characters on.
      let start = 0;
      while (start < text.length && (text[start] === ' ' || (start > 0 && text[start - 1] !== ' '))) start++;
      if (start > 20) start = 0;
      let end = text.indexOf(' ', start + 20);
      if (end < 0 || end > start + 50) end = Math.min(text.length, start + 40);
      const sel = window.getSelection()!;
      sel.setBaseAndExtent(node, start, node, end);
      node.parentElement!.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
      return text.slice(start, end);
    },
    { index, variant },
  );
}


// ---------------------------------------------------------------------------------------------
// Memory

interface Memory {
  jsHeapUsedMb: number;
  jsHeapTotalMb: number;
  /** Elements in the document (attached; detached nodes not yet collected are not counted). */
  domElements: number;
  /** DOM nodes alive in the renderer (text nodes and detached ones included; CDP's `Nodes`). */
  domNodes: number;
  renderer: ({ pid: number } & ProcMemory) | null;
  rendererNote: string | null;
}

interface ProcMemory {
  rssMb: number;
  hwmMb: number;
  /** VmRSS split: private (anonymous) pages, mapped files (code, fonts), shared memory (tiles, IPC). */
  anonMb: number;
  fileMb: number;
  shmemMb: number;
}

/**
 * CPU time of a process's main thread and the time it waited for a core while runnable
 * (/proc/<pid>/schedstat, ns), to tell the renderer's own work from a busy machine's queue.
 */
function schedstat(pid: number): { runMs: number; waitMs: number } | null {
  try {
    const [run, wait] = fs.readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
    return Number.isFinite(run) && Number.isFinite(wait) ? { runMs: run! / 1e6, waitMs: wait! / 1e6 } : null;
  } catch {
    return null;
  }
}

function procStatus(pid: number): ProcMemory | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const mb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) / 1024;
    const rss = mb('VmRSS');
    return Number.isFinite(rss) ? { rssMb: rss, hwmMb: mb('VmHWM'), anonMb: mb('RssAnon'), fileMb: mb('RssFile'), shmemMb: mb('RssShmem') } : null;
  } catch {
    return null;
  }
}

/**
 * The page's renderer process: the browser's process list (CDP SystemInfo.getProcessInfo) names
 * the renderers; with one page open there is one, otherwise the one that has used the most CPU
 * (ours does all the work). Its resident memory comes from /proc/<pid>/status.
 */
async function rendererProcess(browserSession: CDPSession): Promise<{ pid: number; note: string | null } | null> {
  const { processInfo } = await browserSession.send('SystemInfo.getProcessInfo');
  const renderers = processInfo.filter((p) => p.type === 'renderer').sort((a, b) => b.cpuTime - a.cpuTime);
  if (renderers.length === 0) return null;
  return {
    pid: renderers[0]!.id,
    note: renderers.length > 1 ? `${renderers.length} renderer processes; measured the busiest (pid ${renderers[0]!.id})` : null,
  };
}

async function measureMemory(page: Page, pageSession: CDPSession, browserSession: CDPSession): Promise<Memory> {
  const { metrics } = await pageSession.send('Performance.getMetrics');
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
  let renderer: Memory['renderer'] = null;
  let rendererNote: string | null;
  try {
    const found = await rendererProcess(browserSession);
    const status = found ? procStatus(found.pid) : null;
    if (found && status) {
      renderer = { pid: found.pid, ...status };
      rendererNote = found.note;
    } else rendererNote = found ? `could not read /proc/${found.pid}/status` : 'CDP listed no renderer process';
  } catch (e) {
    rendererNote = `SystemInfo.getProcessInfo failed: ${(e as Error).message}`;
  }
  return {
    jsHeapUsedMb: metric('JSHeapUsedSize') / MB,
    jsHeapTotalMb: metric('JSHeapTotalSize') / MB,
    domElements: await page.evaluate(() => document.getElementsByTagName('*').length),
    domNodes: metric('Nodes'),
    renderer,
    rendererNote,
  };
}

// ---------------------------------------------------------------------------------------------
// Profiles (--profile)

/**
 * What --profile records, each around one measured action: CPU profiles of the page (one
 * opening; every apply, merged) and Chromium traces summarised by kind of main-thread work
 * (one opening; the scroll; the applies, counted only between the Enter and the frame that shows
 * the highlight). The summaries go to the log and to DIR/summary.json.
 */
class Profiling {
  readonly summary: Record<string, unknown> = {};
  constructor(
    readonly dir: string,
    private readonly browser: Browser,
    private readonly page: Page,
    private readonly session: CDPSession,
    private readonly log: (m: string) => void,
  ) {}

  /**
   * Traces `action` under the CPU profiler too; with a `window` (names of performance marks the
   * page sets), both are counted only between those marks.
   */
  async trace<T>(name: string, action: () => Promise<T>, window?: { start: string; end: string }): Promise<T> {
    let value: T | undefined;
    const file = path.join(this.dir, `${name}.trace.json`);
    let cpu: Awaited<ReturnType<typeof withCpuProfile>>['profile'] | null = null;
    const summary = await traceAction(
      this.browser,
      this.page,
      file,
      async () => {
        const r = await withCpuProfile(this.session, action);
        value = r.value;
        cpu = r.profile;
      },
      window,
    );
    let functions: { fn: string; ms: number }[] = [];
    if (cpu) {
      const profile = window && summary ? clipProfile(cpu, summary.spans) : cpu;
      const cpuFile = path.join(this.dir, `${name}.cpuprofile`);
      fs.writeFileSync(cpuFile, JSON.stringify(profile));
      functions = topFunctions(profile, 25);
      this.log(`${name}: CPU profile${window ? ' of the windows' : ''} in ${cpuFile}; most self time: ${functions.slice(0, 10).map((f) => `${f.fn} ${f.ms.toFixed(0)}`).join(', ')} (ms)`);
    }
    this.summary[name] = summary ? { ...summary, spans: undefined, functions } : null;
    if (summary) {
      this.log(
        `${name}: main thread ${summary.spanMs.toFixed(0)} ms${window ? ` in ${summary.windows} windows` : ''}; by kind ` +
          summary.byKind.map((k) => `${k.kind} ${k.ms.toFixed(0)}`).join(', ') +
          `; top events ${summary.byEvent
            .slice(0, 8)
            .map((e) => `${e.name} ${e.ms.toFixed(0)}`)
            .join(', ')} (ms, wrote ${file})`,
      );
      for (const t of summary.longTasks.slice(0, 5)) {
        this.log(`  long task ${t.ms.toFixed(0)} ms (thread CPU ${t.cpuMs === null ? '?' : t.cpuMs.toFixed(0)} ms): ${t.inside.join(', ') || 'nothing traced inside'}`);
      }
    }
    return value as T;
  }

  write(): void {
    fs.mkdirSync(this.dir, { recursive: true });
    const file = path.join(this.dir, 'summary.json');
    fs.writeFileSync(file, `${JSON.stringify(this.summary, null, 2)}\n`);
    this.log(`wrote ${file}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The run

export interface ViewBenchResult {
  results: Measurement[];
  notes: string[];
  study: Record<string, unknown>;
  browser: { chromium: string; args: string[]; viewport: { width: number; height: number } };
  /** What was served: which build, and its bundle's file name. */
  renderer: string;
  /** What the longest animation frames of the scroll spent their script time on. */
  scrollFrames: ScrollReport['frames'];
}

export async function runViewBench(options: Partial<ViewBenchOptions> = {}): Promise<ViewBenchResult> {
  const o: ViewBenchOptions = { seed: 1, runs: 5, applies: 50, scrollSteps: 100, keep: false, profile: null, renderer: 'built', log: progress, ...options };
  const results: Measurement[] = [];
  const notes: string[] = [];
  const record = (name: string, value: number, unit: string) => results.push({ name, value: Number(value.toPrecision(6)), unit });
  const note = (message: string) => {
    notes.push(message);
    o.log(`NOTE: ${message}`);
  };
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package.`);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-view-bench-'));
  let server: RunningServer | null = null;
  let browser: Browser | null = null;
  try {
    // -- The project ----------------------------------------------------------------------------
    o.log(`view: seed ${o.seed}, working in ${tmp}`);
    const study: ViewStudy = await buildViewStudy(path.join(tmp, 'study'), o.seed, o.log);
    o.log(
      `view study: ${study.big.words.toLocaleString('en-US')} words in ${study.big.turns} turns, ${study.big.speakers} speakers, ` +
        `${study.codes.length} codes, ${study.codings.toLocaleString('en-US')} codings (${(study.codedShare * 100).toFixed(0)} % of the text coded, ` +
        `${(study.overlapShare * 100).toFixed(0)} % under two or more, up to ${study.maxDepth} deep); built in ${(study.buildMs / 1000).toFixed(1)} s`,
    );
    const renderer = await rendererSnapshot(tmp, o, notes);
    const staticDir = renderer.dir;
    o.log(`serving ${renderer.label}`);
    const dataDir = path.join(tmp, 'data');
    fs.mkdirSync(dataDir);
    server = await serve(study.projectPath, dataDir, staticDir);
    o.log(`serving ${server.url}`);

    // -- The browser ----------------------------------------------------------------------------
    const viewport = { width: 1440, height: 900 };
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    // esbuild (under tsx) may wrap named functions in a `__name(...)` helper call; the functions
    // handed to page.evaluate are sent as source and run in the page, where it must exist too.
    await context.addInitScript('globalThis.__name = globalThis.__name || ((f) => f);');
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    const net = new Network(page);
    const pageSession = await context.newCDPSession(page);
    await pageSession.send('Performance.enable');
    const browserSession = await browser.newBrowserCDPSession();
    const profiling = o.profile ? new Profiling(o.profile, browser, page, pageSession, o.log) : null;
    const lastTurn = study.big.turns - 1;

    const loadApp = async () => {
      await page.goto(server!.url);
      await documentItem(page, study.big.guid).waitFor();
      await net.idle();
    };

    // A first, unmeasured opening: warms the server and the bundle's code cache, and counts
    // the highlights the view shows once everything has arrived.
    await loadApp();
    await sleep(500);
    const idle = await measureMemory(page, pageSession, browserSession);
    await documentItem(page, study.big.guid).click();
    await page.locator(`[data-testid="transcript"] [data-testid="turn"][data-index="${lastTurn}"]`).waitFor({ state: 'attached', timeout: 60_000 });
    const marks = await settledMarkCount(page, net);
    o.log(`the view shows ${study.big.turns} turns and ${marks} highlights`);
    // The renderer's memory with the transcript open once in a fresh page, as a researcher
    // would have it (the openings measured below reload the page, which leaves garbage behind).
    await sleep(1000);
    const memory = await measureMemory(page, pageSession, browserSession);
    const breakdown = profiling && memory.renderer ? await memoryBreakdown(browser, browserSession, memory.renderer.pid) : null;
    // The DOM nodes one open transcript keeps alive, garbage collected (to compare after reopening).
    await pageSession.send('HeapProfiler.collectGarbage');
    const nodesOnce = (await measureMemory(page, pageSession, browserSession)).domNodes;

    // -- First paint: a fresh page each time, then the click ----------------------------------------
    const cold: PaintTiming[] = [];
    const rendererPid = memory.renderer?.pid ?? null;
    const coldWaits: number[] = [];
    for (let i = 0; i < o.runs; i++) {
      await loadApp();
      await sleep(300);
      await armOpen(page, study.big.guid, lastTurn, marks);
      const before = rendererPid === null ? null : schedstat(rendererPid);
      const open = async () => {
        await documentItem(page, study.big.guid).click();
        return openResult(page);
      };
      const t =
        profiling && i === 0 ? await profiling.trace('view-open', open, { start: 'chorus-open-start', end: 'chorus-open-end' }) : await open();
      const after = rendererPid === null ? null : schedstat(rendererPid);
      cold.push(t);
      if (before && after) coldWaits.push(after.waitMs - before.waitMs);
      o.log(
        `opened the transcript in ${t.paint.toFixed(0)} ms (answers in after ${t.fetch.toFixed(0)} ms, in the DOM after ${t.dom.toFixed(0)} ms)` +
          (before && after
            ? `; the renderer's main thread ran ${(after.runMs - before.runMs).toFixed(0)} ms and waited for a core ${(after.waitMs - before.waitMs).toFixed(0)} ms`
            : ''),
      );
      await net.idle();
    }
    record('view.first_paint_ms', median(cold.map((t) => t.paint)), 'ms');
    record('view.first_paint_max_ms', Math.max(...cold.map((t) => t.paint)), 'ms');
    record('view.first_paint_fetch_ms', median(cold.map((t) => t.fetch)), 'ms');
    if (coldWaits.length) record('view.first_paint_main_thread_waiting_ms', median(coldWaits), 'ms');

    // -- Reopening: switch to the short transcript and back (the answers are cached) -------------
    const warm: PaintTiming[] = [];
    for (let i = 0; i < o.runs; i++) {
      await documentItem(page, study.short.guid).click();
      await page.getByTestId('document-title').filter({ hasText: study.short.name }).waitFor();
      await net.idle();
      await sleep(300);
      await armOpen(page, study.big.guid, lastTurn, marks);
      await documentItem(page, study.big.guid).click();
      warm.push(await openResult(page));
      await net.idle();
    }
    record('view.reopen_paint_ms', median(warm.map((t) => t.paint)), 'ms');
    o.log(`reopened it in ${warm.map((t) => t.paint.toFixed(0)).join(', ')} ms`);
    // After all those openings and a full garbage collection: what the renderer still holds.
    await pageSession.send('HeapProfiler.collectGarbage');
    await sleep(500);
    const reopened = await measureMemory(page, pageSession, browserSession);

    // -- Memory with the transcript open (measured after the first opening) -------------------------
    if (memory.renderer) record('view.renderer_mb', memory.renderer.rssMb, 'MB');
    else note(`view.renderer_mb not measured: ${memory.rendererNote}`);
    if (idle.renderer) record('view.renderer_before_open_mb', idle.renderer.rssMb, 'MB');
    if (memory.renderer && memory.rendererNote) note(memory.rendererNote);
    if (memory.renderer) {
      const r = memory.renderer;
      o.log(`renderer pid ${r.pid}: ${r.rssMb.toFixed(0)} MB resident = ${r.anonMb.toFixed(0)} private + ${r.fileMb.toFixed(0)} mapped files + ${r.shmemMb.toFixed(0)} shared memory`);
    }
    if (profiling && memory.renderer) {
      profiling.summary.memory = { proc: memory.renderer, jsHeapUsedMb: memory.jsHeapUsedMb, breakdown };
      o.log(
        breakdown
          ? `renderer memory by allocator (MB): ${breakdown.allocators.map((a) => `${a.name} ${a.mb}`).join(', ')}`
          : 'the browser gave no memory-infra dump of the renderer',
      );
    }
    record('view.js_heap_mb', memory.jsHeapUsedMb, 'MB');
    record('view.dom_elements', memory.domElements, 'count');
    record('view.dom_nodes', nodesOnce, 'count');
    if (reopened.renderer) record('view.renderer_after_reopens_mb', reopened.renderer.rssMb, 'MB');
    record('view.js_heap_after_reopens_mb', reopened.jsHeapUsedMb, 'MB');
    record('view.dom_nodes_after_reopens', reopened.domNodes, 'count');
    o.log(
      `after ${o.runs * 2} more openings and a full GC: renderer ${reopened.renderer ? `${reopened.renderer.rssMb.toFixed(0)} MB` : '?'}, ` +
        `JS heap ${reopened.jsHeapUsedMb.toFixed(1)} MB, ${reopened.domNodes} DOM nodes alive (${nodesOnce} with the transcript opened once)`,
    );
    o.log(
      `memory: renderer ${memory.renderer ? `${memory.renderer.rssMb.toFixed(0)} MB resident (pid ${memory.renderer.pid})` : 'not found'}, ` +
        `JS heap ${memory.jsHeapUsedMb.toFixed(1)} of ${memory.jsHeapTotalMb.toFixed(1)} MB, ${memory.domElements} elements`,
    );

    // -- Scrolling top to bottom ------------------------------------------------------------------------
    const schedBefore = rendererPid === null ? null : schedstat(rendererPid);
    const scroll = profiling
      ? await profiling.trace('view-scroll', () => scrollThrough(page, o.scrollSteps))
      : await scrollThrough(page, o.scrollSteps);
    const schedAfter = rendererPid === null ? null : schedstat(rendererPid);
    record('view.scroll_longest_task_ms', scroll.longTasks.length ? Math.max(...scroll.longTasks) : 0, 'ms');
    record('view.scroll_long_tasks', scroll.longTasks.length, 'count');
    record('view.scroll_total_ms', scroll.totalMs, 'ms');
    if (schedBefore && schedAfter) {
      // Includes the evaluate around the scroll (a few ms): the renderer main thread's CPU, and
      // how long it sat runnable without a core (other processes on the machine).
      record('view.scroll_main_thread_cpu_ms', schedAfter.runMs - schedBefore.runMs, 'ms');
      record('view.scroll_main_thread_waiting_ms', schedAfter.waitMs - schedBefore.waitMs, 'ms');
    }
    o.log(
      `scrolled ${scroll.distance} px in ${scroll.steps} steps in ${scroll.totalMs.toFixed(0)} ms: ` +
        `${scroll.longTasks.length} long tasks${scroll.longTasks.length ? ` (longest ${Math.max(...scroll.longTasks).toFixed(0)} ms)` : ''}` +
        (schedBefore && schedAfter
          ? `; the renderer's main thread ran ${(schedAfter.runMs - schedBefore.runMs).toFixed(0)} ms and waited for a core ${(schedAfter.waitMs - schedBefore.waitMs).toFixed(0)} ms`
          : ''),
    );
    for (const f of [...scroll.frames].sort((a, b) => b.duration - a.duration).slice(0, 3)) {
      const scripts = f.scripts.filter((x) => x.duration >= 1).map((x) => `${x.invoker || x.fn} ${x.duration.toFixed(0)} ms`);
      o.log(
        `  long frame ${f.duration.toFixed(0)} ms: rendering ${f.renderMs.toFixed(0)} ms (style and layout ${f.styleLayoutMs.toFixed(0)} ms)` +
          `${scripts.length ? `, scripts ${scripts.join(', ')}` : ', no script'}`,
      );
    }

    // -- Applying a code through the quick-code box --------------------------------------------------
    // Turns spread over the document; one without a text node long enough to select a passage
    // in (the view may show only the turns near the screen, so this is found on the way) gives
    // its place to the next one.
    const targets = spread(study.big.turns, o.applies);
    while (targets.length < o.applies) targets.push(targets[targets.length % Math.max(1, study.big.turns)]!);
    const applies: ApplyTiming[] = [];
    let misses = 0;
    const applyAll = async () => {
      for (let i = 0; i < o.applies; i++) {
        const code = study.codes[(i * 7) % study.codes.length]!;
        let turn = targets[i]!;
        for (let tries = 0; !(await findPassage(page, turn)); tries++) {
          if (tries >= 50) throw new Error(`no turn from ${targets[i]} on has a text node long enough to select a passage in`);
          turn = (turn + 1) % study.big.turns;
        }
        await frame(page);
        const passage = await selectPassage(page, turn, i);
        if (passage === null) throw new Error(`turn ${turn} has no passage to select`);
        await page.getByTestId('code-selection-button').waitFor();
        await page.keyboard.press('q');
        const input = page.getByTestId('quick-code-input');
        await input.waitFor();
        await input.fill(code.name);
        // The code typed must be the highlighted option; otherwise move down to it.
        const names = page.locator('[data-testid="quick-code-option"] .quick-code-name');
        let at = -1;
        for (let tries = 0; tries < 100 && at < 0; tries++) {
          at = (await names.allTextContents()).findIndex((t) => t === code.name);
          if (at < 0) await sleep(20);
        }
        if (at < 0) throw new Error(`the quick-code box does not offer "${code.name}"`);
        if (at > 0) misses++;
        for (let k = 0; k < at; k++) await page.keyboard.press('ArrowDown');
        await armApply(page);
        await page.keyboard.press('Enter');
        applies.push(await applyResult(page));
        await page.getByTestId('quick-code').waitFor({ state: 'detached' });
        await net.idle(150);
      }
    };
    if (profiling) {
      await profiling.trace('view-apply', applyAll, { start: 'chorus-apply-start', end: 'chorus-apply-end' });
    } else await applyAll();
    if (misses) note(`${misses} of ${o.applies} code names were not the first option of the quick-code box (ArrowDown used)`);
    record('view.apply_code_p50_ms', quantile(applies.map((a) => a.dom), 0.5), 'ms');
    record('view.apply_code_p95_ms', quantile(applies.map((a) => a.dom), 0.95), 'ms');
    record('view.apply_code_max_ms', Math.max(...applies.map((a) => a.dom)), 'ms');
    record('view.apply_code_frame_p95_ms', quantile(applies.map((a) => a.frame), 0.95), 'ms');
    record('view.apply_code_response_p50_ms', quantile(applies.map((a) => a.response), 0.5), 'ms');
    o.log(
      `applied ${applies.length} codes: Enter to highlight p50 ${quantile(applies.map((a) => a.dom), 0.5).toFixed(1)} ms, ` +
        `p95 ${quantile(applies.map((a) => a.dom), 0.95).toFixed(1)} ms; answer in after p50 ${quantile(applies.map((a) => a.response), 0.5).toFixed(1)} ms`,
    );

    // -- The renderer's peak ------------------------------------------------------------------------------
    const end = await measureMemory(page, pageSession, browserSession);
    if (end.renderer) record('view.renderer_peak_mb', end.renderer.hwmMb, 'MB');

    profiling?.write();
    if (problems.length) note(`the page reported ${problems.length} problems, first: ${problems[0]}`);

    return {
      results,
      notes,
      study: {
        words: study.big.words,
        characters: study.big.length,
        bytes: study.big.bytes,
        turns: study.big.turns,
        speakers: study.big.speakers,
        codes: study.codes.length,
        codings: study.codings,
        spanWords: [VIEW_SPEC.spanWordsMin, VIEW_SPEC.spanWordsMax],
        codedShare: Number(study.codedShare.toFixed(3)),
        overlapShare: Number(study.overlapShare.toFixed(3)),
        maxDepth: study.maxDepth,
        highlights: marks,
        firstPaintRunsMs: cold.map((t) => Number(t.paint.toFixed(1))),
        reopenRunsMs: warm.map((t) => Number(t.paint.toFixed(1))),
        scrollLongTasksMs: scroll.longTasks.map((d) => Number(d.toFixed(1))),
      },
      browser: { chromium: browser.version(), args: CHROMIUM_ARGS, viewport },
      renderer: renderer.label,
      scrollFrames: [...scroll.frames].sort((a, b) => b.duration - a.duration).slice(0, 5),
    };
  } finally {
    await browser?.close().catch(() => {});
    await server?.close().catch(() => {});
    if (o.keep) o.log(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Alone: npx tsx bench/view.ts

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return null;
  }
}

async function main(o: CliOptions): Promise<void> {
  const startedAt = new Date().toISOString();
  const loadAtStart = os.loadavg().map((l) => Number(l.toFixed(2)));
  if (o.profile) o.log('NOTE: run under the CPU profiler: timings are not comparable with plain runs');
  const r = await runViewBench(o);
  const cpus = os.cpus();
  const machine = {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGb: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    release: os.release(),
    chromium: r.browser.chromium,
    loadAverageAtStart: loadAtStart,
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
    commit: gitCommit(),
  };
  process.stdout.write(
    `\nChorus view benchmark — seed ${o.seed}\n` +
      `machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, node ${machine.node}, Chromium ${machine.chromium} (headless), ` +
      `load average ${loadAtStart.join(' ')} at start, ${machine.loadAverage.join(' ')} at end\n` +
      `renderer: ${r.renderer}\n` +
      `transcript: ${String(r.study.words)} words, ${String(r.study.turns)} turns, ${String(r.study.speakers)} speakers, ` +
      `${String(r.study.codings)} codings over ${String(r.study.codes)} codes, ${String(r.study.highlights)} highlights on screen\n\n` +
      `${targetColumn(r.results)}\n` +
      (r.notes.length ? `\nnotes:\n${r.notes.map((x) => `- ${x}`).join('\n')}\n` : ''),
  );
  if (o.json) {
    fs.mkdirSync(path.dirname(o.json), { recursive: true });
    const out = {
      machine,
      seed: o.seed,
      startedAt,
      renderer: r.renderer,
      study: r.study,
      browser: r.browser,
      results: r.results,
      scrollFrames: r.scrollFrames,
      notes: r.notes,
    };
    fs.writeFileSync(o.json, `${JSON.stringify(out, null, 2)}\n`);
    o.log(`wrote ${o.json}`);
  }
}

if (require.main === module) {
  main(parseArgs(process.argv.slice(2))).catch((e: unknown) => {
    process.stderr.write(`bench/view: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
