import { migration0010 } from './0010-initial.js';
import { migration0020 } from './0020-themes-and-journal.js';
import { migration0030 } from './0030-bulk-changes-and-stories.js';
import { migration0040 } from './0040-covering-indexes.js';
import { migration0050 } from './0050-compact-log.js';
import { migration0060 } from './0060-search-index-without-sizes.js';
import { migration0070 } from './0070-recordings-and-privacy.js';
import { migration0080 } from './0080-turns-inserted-in-bulk-only.js';

export interface Migration {
  /** Becomes PRAGMA user_version once applied. Numbered in tens to leave room. */
  version: number;
  name: string;
  sql: string;
}

/** Every migration, in order. A new one is a new file listed here, never an edit of an old one. */
export const MIGRATIONS: readonly Migration[] = [migration0010, migration0020, migration0030, migration0040, migration0050, migration0060, migration0070, migration0080];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
