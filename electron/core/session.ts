import type { CoreEnv } from './env.js';
import { startParseThread } from './documents/parse-thread.js';
import type { Project } from './project.js';

/**
 * Runs one operation at a time, in the order they were asked for. A session has its own; on the
 * team server, the sessions of a project's coders share the project's, since they share its
 * connection.
 */
export class OperationQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` after every task queued before it. */
  enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => undefined);
    return run;
  }
}

/**
 * One front door's working state: the open project, the queue that runs one operation at a time
 * (a command may await between steps inside its transaction; nothing may interleave with it), and
 * the cancel switches of long operations.
 */
export class Session {
  private current: Project | null = null;
  private readonly running = new Map<string, AbortController>();
  private readonly queue: OperationQueue;

  constructor(
    readonly env: CoreEnv,
    options: { queue?: OperationQueue } = {},
  ) {
    this.queue = options.queue ?? new OperationQueue();
    // The parser thread of imports starts with the session, so that an import never waits for it.
    startParseThread(env.parseWorker);
  }

  get project(): Project | null {
    return this.current;
  }

  /** Makes `project` the open one, closing the previous. */
  setProject(project: Project | null): void {
    if (this.current && this.current !== project) this.current.close();
    this.current = project;
    if (project) startParseThread(this.env.parseWorker);
  }

  /** Runs `task` after every task queued before it. */
  enqueue<T>(task: () => Promise<T>): Promise<T> {
    return this.queue.enqueue(task);
  }

  startOperation(id: string | undefined): AbortController {
    const controller = new AbortController();
    if (id) this.running.set(id, controller);
    return controller;
  }

  endOperation(id: string | undefined): void {
    if (id) this.running.delete(id);
  }

  cancel(id: string): boolean {
    const c = this.running.get(id);
    c?.abort();
    return c !== undefined;
  }

  close(): void {
    this.setProject(null);
  }
}
