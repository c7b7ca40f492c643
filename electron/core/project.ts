import type { SqlDb } from './store/engine.js';
import type { UserInfo } from '../../shared/types.js';
import type { CoreEnv } from './env.js';
import type { Stamp } from './store/documents.js';
import { IdleCheckpoints } from './store/checkpoints.js';
import { documentText } from './store/documents.js';
import { ensureUser } from './store/users.js';

/**
 * How much document text stays in memory, in UTF-16 code units (2 bytes each): 64 MB holds the
 * text of a large study (200 two-hour groups are 26 MB on disk), so listing a code's segments
 * across every group does not reread transcripts.
 */
const TEXT_CACHE_UNITS = 32 * 1024 * 1024;

/**
 * Document texts by guid. Safe to cache: a document's text never changes after import, and a
 * guid is never given to another document (row ids can be, after an undone import).
 */
class TextCache {
  readonly texts = new Map<string, string>();
  units = 0;
}

/**
 * An open project and the environment it is worked on in. On the team server several coders
 * work on one project: each gets a view of it (`asUser`) that shares the connection and the text
 * cache, and writes as that coder.
 */
export class Project {
  private readonly cache: TextCache;
  private readonly checkpoints: IdleCheckpoints;
  private readonly ownsConnection: boolean;

  constructor(
    readonly db: SqlDb,
    readonly path: string,
    readonly env: CoreEnv,
    shared?: { cache: TextCache; checkpoints: IdleCheckpoints },
  ) {
    this.cache = shared?.cache ?? new TextCache();
    this.checkpoints = shared?.checkpoints ?? new IdleCheckpoints(db);
    this.ownsConnection = shared === undefined;
  }

  /**
   * The same project worked on by another coder: rows it writes are theirs, and undo takes back
   * their own steps only (`history/command-log.ts`). Closing the view leaves the connection open.
   */
  asUser(user: UserInfo): Project {
    const view = new Project(this.db, this.path, { ...this.env, user }, { cache: this.cache, checkpoints: this.checkpoints });
    view.undoMine = true;
    return view;
  }

  /** Undo and redo take back this coder's own steps, not a colleague's (team server). */
  undoMine = false;

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
    const { texts } = this.cache;
    const cached = texts.get(documentGuid);
    if (cached !== undefined) {
      // Re-insert to mark as most recently used.
      texts.delete(documentGuid);
      texts.set(documentGuid, cached);
      return cached;
    }
    const text = documentText(this.db, documentGuid);
    if (text === undefined) return undefined;
    texts.set(documentGuid, text);
    this.cache.units += text.length;
    for (const [guid, old] of texts) {
      if (this.cache.units <= TEXT_CACHE_UNITS || guid === documentGuid) break;
      texts.delete(guid);
      this.cache.units -= old.length;
    }
    return text;
  }

  /** A write committed (a command, an undo, a redo): see store/checkpoints.ts. */
  afterWrite(): void {
    this.checkpoints.afterWrite();
  }

  close(): void {
    if (!this.ownsConnection) return;
    this.checkpoints.close();
    if (this.db.open) this.db.close();
  }
}
