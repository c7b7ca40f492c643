import type { CoreEnv } from './env.js';
import { startParseThread } from './documents/parse-thread.js';
import type { Project } from './project.js';

/**
 * One front door's working state: the open project, the queue that runs one operation at a time
 * (a command may await between steps inside its transaction; nothing may interleave with it), and
 * the cancel switches of long operations.
 */
export class Session {
  private current: Project | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private readonly running = new Map<string, AbortController>();

  constructor(readonly env: CoreEnv) {
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
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => undefined);
    return run;
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
