import type { Migration } from './index.js';

/**
 * Turns lose their per-row insert capture trigger. They are only ever inserted in bulk (an import,
 * a REFI-QDA import, a merge, a redo), and the bulk helpers record the insertions themselves with
 * capture off; SQLite fired the trigger for every row all the same, which was about a third of the
 * time an import spent inserting turns (change-capture.ts, INSERTED_IN_BULK_ONLY). The capture
 * triggers are made again from the schema after every migration, without this one.
 */
export const migration0080: Migration = {
  version: 80,
  name: 'turns-inserted-in-bulk-only',
  sql: `DROP TRIGGER IF EXISTS capture_turns_insert;`,
};
