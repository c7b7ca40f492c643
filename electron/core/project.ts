import type { SqlDb } from './store/engine.js';
import type { CoreEnv } from './env.js';
import type { Stamp } from './store/documents.js';
import { documentText } from './store/documents.js';
import { ensureUser } from './store/users.js';

/**
 * How much document text stays in memory, in UTF-16 code units (2 bytes each): 64 MB holds the
 * text of a large study (200 two-hour groups are 26 MB on disk), so listing a code's segments
 * across every group does not reread transcripts.
 */
const TEXT_CACHE_UNITS = 32 * 1024 * 1024;

/** An open project file and the environment it is worked on in. */
export class Project {
  /**
   * Document texts by guid. Safe to cache: a document's text never changes after import, and a
   * guid is never given to another document (row ids can be, after an undone import).
   */
  private readonly texts = new Map<string, string>();
  private cachedUnits = 0;

  constructor(
    readonly db: SqlDb,
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
    this.cachedUnits += text.length;
    for (const [guid, old] of this.texts) {
      if (this.cachedUnits <= TEXT_CACHE_UNITS || guid === documentGuid) break;
      this.texts.delete(guid);
      this.cachedUnits -= old.length;
    }
    return text;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
