import type { SqlDb } from './engine.js';
import { isPostgres } from './statements.js';

/**
 * WAL checkpoints between operations, not inside them.
 *
 * A project commits into its write-ahead log; a checkpoint copies the log back into the file and
 * syncs it (synchronous=FULL). Left to SQLite, the commit that takes the log past 1,000 pages
 * runs the checkpoint itself, so whichever operation happens to cross the line waits for it: a
 * merge of two large codes spent a fifth of its time (about 20 ms of 100) copying and syncing
 * pages it had not even written. Here a passive checkpoint runs a moment after the last write,
 * when the researcher is reading the result, and SQLite's own stays only as a backstop for a long
 * burst of writes with no pause (an import of a whole study): at about 40 MB of log.
 *
 * Nothing about durability changes: a commit is synced to the log before it returns, and the log
 * is what a crash recovers from. PostgreSQL has no such log to manage.
 */
const BACKSTOP_BYTES = 40 * 1024 * 1024;
/** How long after the last write the checkpoint runs; writes in between postpone it. */
const IDLE_MS = 150;

interface SqliteConnection {
  open: boolean;
  inTransaction: boolean;
  pragma(source: string, options?: { simple: boolean }): unknown;
}

export class IdleCheckpoints {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly db: SqliteConnection | null;

  constructor(db: SqlDb) {
    this.db = isPostgres(db) ? null : (db as unknown as SqliteConnection);
    if (this.db?.open) {
      const pageSize = this.db.pragma('page_size', { simple: true }) as number;
      this.db.pragma(`wal_autocheckpoint = ${Math.ceil(BACKSTOP_BYTES / pageSize)}`);
    }
  }

  /** A write committed: checkpoint once the project has been quiet for a moment. */
  afterWrite(): void {
    if (!this.db) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), IDLE_MS);
    // An idle checkpoint never keeps a CLI command or a test alive.
    this.timer.unref?.();
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private run(): void {
    this.timer = undefined;
    const db = this.db;
    if (!db?.open) return;
    // An operation is between its statements (an import waiting for the parser thread): later.
    if (db.inTransaction) return this.afterWrite();
    try {
      // PASSIVE: copies what no reader still needs and never waits for one.
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Another connection holds the file (a second window, the CLI): its commits or the
      // backstop checkpoint the log instead. Nothing is lost by skipping one.
    }
  }
}
