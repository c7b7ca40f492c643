/**
 * Where the view's time and memory go, for `npx tsx bench/view.ts --profile DIR`: Chromium
 * traces summarised per kind of main-thread work (script, style, layout, paint, …), CPU
 * profiles of several measured windows merged into one file for bench/profile-summary.ts, and a
 * memory-infra dump of the renderer split by allocator (V8, Blink's DOM heap, layout, …).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of the slice, µs, where the trace has it. */
  tdur?: number;
  args?: Record<string, unknown>;
}

function eventsOf(buffer: Buffer): TraceEvent[] {
  const parsed = JSON.parse(buffer.toString('utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  return Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
}

/** The renderer main thread of the traced page: the CrRendererMain thread that ran the most. */
function mainThread(events: readonly TraceEvent[]): { pid: number; tid: number } | null {
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && (e.args as { name?: string } | undefined)?.name === 'CrRendererMain');
  let best: { pid: number; tid: number; busy: number } | null = null;
  for (const m of mains) {
    const busy = events.filter((e) => e.pid === m.pid && e.tid === m.tid && e.ph === 'X').reduce((s, e) => s + (e.dur ?? 0), 0);
    if (!best || busy > best.busy) best = { pid: m.pid, tid: m.tid, busy };
  }
  return best;
}

/** Groups the trace's event names into the kinds of work DevTools shows. */
function kindOf(name: string): string {
  if (/GC|garbage/i.test(name)) return 'garbage collection';
  if (/^(FunctionCall|EvaluateScript|v8|V8|TimerFire|FireAnimationFrame|EventDispatch|RunMicrotasks|HandlePostMessage|XHR|ResourceFetcher|ResourceReceivedData)/.test(name)) return 'script';
  if (/HitTest|MouseMove/i.test(name)) return 'hit testing';
  if (/[Ss]tyle|LayoutTree|SelectorQuery/.test(name)) return 'style';
  if (/Layout|ShapeText|InlineNode|LineBreak|Intrinsic/.test(name)) return 'layout';
  if (/Paint|Raster|Composit|Layeriz|CullRect|Commit|commit|BeginMainFrame|Decode|Layer/.test(name)) return 'paint and composite';
  if (/ParseHTML|HTMLDocumentParser/.test(name)) return 'parsing HTML';
  if (name === 'RunTask' || /ThreadControllerImpl/.test(name)) return 'task (not attributed)';
  return 'other';
}

export interface TraceSummary {
  /** Wall time covered: the windows' total, or from the first to the last main-thread event, ms. */
  spanMs: number;
  /** Windows found between the marks (0 without marks). */
  windows: number;
  /** Those windows, as trace timestamps (µs). */
  spans: [number, number][];
  /** Self time per event name on the main thread, ms, largest first. */
  byEvent: { name: string; ms: number }[];
  /** The same grouped by kind of work. */
  byKind: { kind: string; ms: number }[];
  /**
   * Main-thread tasks over 50 ms: wall time, CPU time of the thread (when much lower, the thread
   * was waiting for a core, not working) and the largest events inside.
   */
  longTasks: { ms: number; cpuMs: number | null; inside: string[] }[];
}

/**
 * Self time per event name on the page's main thread: each complete event's duration minus
 * that of the events nested directly in it.
 */
export function summarizeTrace(buffer: Buffer, window?: { start: string; end: string }): TraceSummary | null {
  const events = eventsOf(buffer);
  const main = mainThread(events);
  if (!main) return null;
  // Windows between user-timing marks (performance.mark in the page) the slices must start in.
  const windows: [number, number][] = [];
  if (window) {
    const at = (name: string) => events.filter((e) => e.name === name && e.pid === main.pid).map((e) => e.ts).sort((a, b) => a - b);
    const ends = at(window.end);
    for (const s of at(window.start)) {
      const e = ends.find((t) => t > s);
      if (e !== undefined) windows.push([s, e]);
    }
  }
  const inWindow = (ts: number) => !window || windows.some(([s, e]) => ts >= s && ts < e);
  const slices = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && typeof e.dur === 'number' && inWindow(e.ts))
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const self = new Map<string, number>();
  const stack: { end: number; name: string; self: number }[] = [];
  const close = (until: number) => {
    while (stack.length && stack[stack.length - 1]!.end <= until) {
      const done = stack.pop()!;
      self.set(done.name, (self.get(done.name) ?? 0) + done.self);
    }
  };
  for (const e of slices) {
    close(e.ts);
    const parent = stack[stack.length - 1];
    if (parent) parent.self -= Math.min(e.dur!, parent.end - e.ts);
    stack.push({ end: e.ts + e.dur!, name: e.name, self: e.dur! });
  }
  close(Number.POSITIVE_INFINITY);
  const first = slices[0]?.ts ?? 0;
  const last = slices.reduce((m, e) => Math.max(m, e.ts + e.dur!), first);
  const byEvent = [...self.entries()]
    .map(([name, us]) => ({ name, ms: us / 1000 }))
    .filter((r) => r.ms >= 0.5)
    .sort((a, b) => b.ms - a.ms);
  const longTasks = slices
    .filter((e) => e.name === 'RunTask' && e.dur! >= 50_000)
    .map((t) => ({
      ms: t.dur! / 1000,
      cpuMs: typeof t.tdur === 'number' ? t.tdur / 1000 : null,
      inside: slices
        .filter((e) => e !== t && e.ts >= t.ts && e.ts < t.ts + t.dur! && e.dur! >= 2000)
        .sort((a, b) => b.dur! - a.dur!)
        .slice(0, 4)
        .map((e) => `${e.name} ${(e.dur! / 1000).toFixed(0)} ms`),
    }));
  const kinds = new Map<string, number>();
  for (const r of byEvent) kinds.set(kindOf(r.name), (kinds.get(kindOf(r.name)) ?? 0) + r.ms);
  return {
    spanMs: window ? windows.reduce((sum, [s, e]) => sum + (e - s), 0) / 1000 : (last - first) / 1000,
    windows: windows.length,
    spans: windows,
    byEvent: byEvent.slice(0, 25),
    byKind: [...kinds.entries()].map(([kind, ms]) => ({ kind, ms })).sort((a, b) => b.ms - a.ms),
    longTasks,
  };
}

/** Traces `action` with the timeline categories DevTools records; writes the trace to `file`. */
export async function traceAction(
  browser: Browser,
  page: Page,
  file: string,
  action: () => Promise<void>,
  window?: { start: string; end: string },
): Promise<TraceSummary | null> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await browser.startTracing(page, {
    path: file,
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'blink.user_timing', 'v8.execute', 'disabled-by-default-v8.gc', 'cc'],
  });
  try {
    await action();
  } finally {
    await browser.stopTracing();
  }
  return summarizeTrace(fs.readFileSync(file), window);
}

// ---------------------------------------------------------------------------------------------
// Memory

export interface MemoryBreakdown {
  /** Memory by top-level allocator of the renderer (memory-infra's names), MB, largest first. */
  allocators: { name: string; mb: number }[];
}

function sizeOf(dump: { attrs?: Record<string, { value?: string | number; units?: string }> } | undefined): number {
  const v = dump?.attrs?.size?.value;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return Number.parseInt(v, 16);
  return 0;
}

/**
 * A detailed memory-infra dump of the renderer `pid` (the heap of each allocator Chromium
 * accounts for: v8, blink_gc for the DOM, partition_alloc for layout and style, malloc, cc for
 * the compositor's tiles, font caches, …). Null if the browser gave none for that process.
 */
export async function memoryBreakdown(browser: Browser, browserSession: CDPSession, pid: number): Promise<MemoryBreakdown | null> {
  await browser.startTracing(undefined, { categories: ['-*', 'disabled-by-default-memory-infra'] });
  const dumped = await browserSession
    .send('Tracing.requestMemoryDump', { deterministic: false, levelOfDetail: 'detailed' })
    .then((r) => r.success)
    .catch(() => false);
  const buffer = await browser.stopTracing();
  if (!dumped) return null;
  type Allocators = Record<string, { attrs?: Record<string, { value?: string | number }> }>;
  for (const d of eventsOf(buffer).filter((e) => e.ph === 'v' && e.pid === pid)) {
    const allocators = (d.args as { dumps?: { allocators?: Allocators } } | undefined)?.dumps?.allocators;
    if (!allocators) continue;
    const top = new Map<string, number>();
    for (const [name, dump] of Object.entries(allocators)) {
      // blink_objects is a view of blink_gc and partition_alloc by object type: not counted again.
      if (!name.includes('/') && name !== 'blink_objects') top.set(name, sizeOf(dump));
      // partition_alloc is reported per partition, below partition_alloc/partitions/...
      const m = /^partition_alloc\/partitions\/([^/]+)$/.exec(name);
      if (m) top.set(`partition_alloc/${m[1]}`, sizeOf(dump));
    }
    const list = [...top.entries()]
      .map(([n, bytes]) => ({ name: n, mb: Number((bytes / 1024 / 1024).toFixed(1)) }))
      .filter((a) => a.mb >= 0.5)
      .sort((a, b) => b.mb - a.mb);
    if (list.length) return { allocators: list };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// CPU profiles, cut to the measured windows

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/**
 * Keeps only the samples taken inside `windows` (trace timestamps, µs: V8's profiler and the
 * trace read the same monotonic clock), so a profile of a whole loop shows only the measured
 * parts of it.
 */
export function clipProfile(profile: CpuProfile, windows: readonly [number, number][]): CpuProfile {
  // Sample i is taken at startTime + timeDeltas[0..i] and stands for the time until the next
  // one, timeDeltas[i + 1] (the convention bench/profile-summary.ts reads). The clipped profile
  // keeps that convention; the gaps between windows are left out of its timeline.
  const samples: number[] = [];
  const timeDeltas: number[] = [0];
  let t = profile.startTime;
  let kept = 0;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    const lasts = profile.timeDeltas[i + 1] ?? 0;
    if (!windows.some(([s, e]) => t >= s && t < e)) return;
    samples.push(id);
    timeDeltas.push(lasts);
    kept += lasts;
  });
  timeDeltas.length = samples.length;
  return { ...profile, samples, timeDeltas, endTime: profile.startTime + kept };
}

/** Functions with the most self time in a profile, as `name  file:line` (bundle lines). */
export function topFunctions(profile: CpuProfile, top: number): { fn: string; ms: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    if (!n) return;
    const f = n.callFrame;
    const label = f.url ? `${f.functionName || '(anonymous)'} ${path.basename(f.url)}:${f.lineNumber + 1}` : f.functionName;
    self.set(label, (self.get(label) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  });
  return [...self.entries()]
    .map(([fn, us]) => ({ fn, ms: us / 1000 }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top);
}

export async function withCpuProfile<T>(session: CDPSession, action: () => Promise<T>): Promise<{ value: T; profile: CpuProfile }> {
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 200 });
  await session.send('Profiler.start');
  const outcome = await action().then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const { profile } = await session.send('Profiler.stop');
  if (!outcome.ok) throw outcome.error;
  return { value: outcome.value, profile: profile as unknown as CpuProfile };
}
