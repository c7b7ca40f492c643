import type Database from 'better-sqlite3';
import type { CoreEnv } from './env.js';
import type { Stamp } from './store/documents.js';
import { documentText } from './store/documents.js';
import { ensureUser } from './store/users.js';

/** How many document texts stay in memory: a working set of transcripts, not the whole study. */
const TEXT_CACHE_SIZE = 16;

/** An open project file and the environment it is worked on in. */
export class Project {
  /**
   * Document texts by guid. Safe to cache: a document's text never changes after import, and a
   * guid is never given to another document (row ids can be, after an undone import).
   */
  private readonly texts = new Map<string, string>();

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

  /** The text of a document, from a small cache; undefined if there is no such document. */
  textOf(documentGuid: string): string | undefined {
    const cached = this.texts.get(documentGuid);
    if (cached !== undefined) {
      // Re-insert to mark as most recently used.
      this.texts.delete(documentGuid);
      this.texts.set(documentGuid, cached);
      return cached;
    }
    const text = documentText(this.db, documentGuid);
    if (text === undefined) return undefined;
    this.texts.set(documentGuid, text);
    if (this.texts.size > TEXT_CACHE_SIZE) this.texts.delete(this.texts.keys().next().value!);
    return text;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
