/**
 * Parsing on a second thread while the main thread writes the project.
 *
 * A batch import spends a large share of its time reading and parsing its files (decoding, NFC,
 * speakers, turns, word counts), as a REFI-QDA import does mapping its sources; the rest goes to
 * storing them (rows, full-text index, commit). The store must stay on the thread that owns the
 * connection; the parsing need not. `ParsePipeline` hands the next few tasks of a batch to one
 * long-lived worker (parse-worker.ts) and runs a task on the main thread only when the worker has
 * not got to it: while the worker is still starting, or if it is gone. Results are identical
 * either way: both run parse-tasks.ts.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { ChorusError, type ErrorInfo } from '../../../shared/errors.js';
import { runParseTask, type ParseTask, type ResultOf } from './parse-tasks.js';

/** Where the worker's code is. */
export interface ParseWorkerScript {
  file: string;
  /** The TypeScript source, loaded through tsx: the CLI, the browser-mode server and the tests run from sources. */
  typescript: boolean;
}

export type ParseRequest = { id: number; task: ParseTask };
export type ParseReply = { ready: true } | { id: number; ok: true; value: unknown } | { id: number; ok: false; error: ErrorInfo };

/** The worker stopped (crashed, or could not start): its files are parsed on the main thread. */
class ThreadGone extends Error {}

class ParseThread {
  ready = false;
  gone = false;
  /** Tasks the thread has finished. */
  done = 0;
  /** Settles when the thread is up (true) or could not start (false). */
  readonly started: Promise<boolean>;
  private settleStarted: (up: boolean) => void = () => {};
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 1;

  constructor(script: ParseWorkerScript) {
    this.started = new Promise((resolve) => (this.settleStarted = resolve));
    this.worker = script.typescript
      ? new Worker(`require(${JSON.stringify(tsxHook())}); require(${JSON.stringify(script.file)});`, { eval: true })
      : new Worker(script.file);
    // An idle parser must not keep a CLI run alive; it is referenced only while it has work.
    this.worker.unref();
    // The unref() above does not hold for the thread's port until the thread is up.
    this.worker.on('online', () => {
      if (this.pending.size === 0) this.worker.unref();
    });
    this.worker.on('message', (m: ParseReply) => this.receive(m));
    this.worker.on('error', (e) => this.stop(e));
    this.worker.on('exit', (code) => this.stop(new Error(`the parser thread exited (${code})`)));
  }

  run<T extends ParseTask>(task: T): Promise<ResultOf<T>> {
    if (this.gone) return Promise.reject(new ThreadGone('the parser thread is gone'));
    const id = this.nextId++;
    const result = new Promise<unknown>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    if (this.pending.size === 1) this.worker.ref();
    this.worker.postMessage({ id, task } satisfies ParseRequest);
    return result as Promise<ResultOf<T>>;
  }

  private receive(m: ParseReply): void {
    if ('ready' in m) {
      this.ready = true;
      this.settleStarted(true);
      return;
    }
    const waiting = this.pending.get(m.id);
    if (!waiting) return;
    this.pending.delete(m.id);
    this.done++;
    if (this.pending.size === 0) this.worker.unref();
    if (m.ok) waiting.resolve(m.value);
    else waiting.reject(new ChorusError(m.error.code, m.error.message));
  }

  private stop(cause: Error): void {
    if (this.gone) return;
    this.gone = true;
    this.settleStarted(false);
    for (const { reject } of this.pending.values()) reject(new ThreadGone(cause.message));
    this.pending.clear();
    void this.worker.terminate();
  }
}

let tsxHookPath: string | null = null;
function tsxHook(): string {
  tsxHookPath ??= createRequire(__filename).resolve('tsx/cjs');
  return tsxHookPath;
}

/** One parser thread per process (and worker script), started with the first session and kept. */
const threads = new Map<string, ParseThread>();

function threadFor(script: ParseWorkerScript | null): ParseThread | null {
  if (!script) return null;
  let thread = threads.get(script.file);
  // A thread that died after starting is replaced; one that never started is not retried.
  if (thread?.gone && thread.ready) thread = undefined;
  if (!thread) {
    thread = new ParseThread(script);
    threads.set(script.file, thread);
  }
  return thread.gone ? null : thread;
}

/**
 * Starts the parser thread ahead of its first task: a session does so when it starts and when a
 * project opens, so that an import does not parse on the main thread while the worker starts (a
 * few ms in the desktop app; from sources, through tsx, about 150 ms).
 */
export function startParseThread(script: ParseWorkerScript | null): void {
  threadFor(script);
}

/** Whether the thread came up, and how many tasks it has done: for tests and diagnostics. */
export async function parseThreadState(script: ParseWorkerScript): Promise<{ up: boolean; done: number }> {
  const thread = threadFor(script);
  const up = thread ? await thread.started : false;
  return { up, done: thread?.done ?? 0 };
}

/** How many tasks the worker runs ahead of the one being stored: enough to keep it busy, few enough to bound memory. */
const LOOKAHEAD = 3;

/** The tasks of one batch, run ahead of storing their results. Ask for them in order: next(0), next(1), ... */
export class ParsePipeline<T extends ParseTask> {
  private readonly thread: ParseThread | null;
  private readonly ahead = new Map<number, Promise<ResultOf<T>>>();

  constructor(
    private readonly tasks: readonly T[],
    script: ParseWorkerScript | null,
  ) {
    this.thread = threadFor(script);
  }

  async next(i: number): Promise<ResultOf<T>> {
    // Work done on this thread may never wait for I/O (a REFI-QDA source is already in memory):
    // give the worker's "ready" a turn of the event loop to arrive.
    if (this.thread && !this.thread.ready && !this.thread.gone) await new Promise(setImmediate);
    const handed = this.ahead.get(i);
    this.ahead.delete(i);
    this.handOut(i + 1);
    if (handed) {
      try {
        return await handed;
      } catch (e) {
        if (!(e instanceof ThreadGone)) throw e;
      }
    }
    return runParseTask(this.tasks[i]!);
  }

  private handOut(from: number): void {
    const thread = this.thread;
    if (!thread?.ready || thread.gone) return;
    for (let k = from; k < Math.min(this.tasks.length, from + LOOKAHEAD); k++) {
      if (this.ahead.has(k)) continue;
      const parse = thread.run(this.tasks[k]!);
      // Failures are reported when the file's turn comes, or never if the batch is cancelled.
      parse.catch(() => {});
      this.ahead.set(k, parse);
    }
  }
}
