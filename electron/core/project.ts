import type Database from 'better-sqlite3';
import type { CoreEnv } from './env.js';
import type { Stamp } from './store/documents.js';
import { ensureUser } from './store/users.js';

/** An open project file and the environment it is worked on in. */
export class Project {
  constructor(
    readonly db: Database.Database,
    readonly path: string,
    readonly env: CoreEnv,
  ) {}

  /**
   * Who and when, for rows written now. Registers the local coder in the same transaction (a
   * project shared between coders gains a users row for each).
   */
  stamp(): Stamp {
    const at = this.env.now();
    ensureUser(this.db, this.env.user, at);
    return { by: this.env.user.guid, at };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
