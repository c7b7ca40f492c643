import type { Migration } from './index.js';

/**
 * 1. Bulk changes in the command log: history_changes may hold an op 'B', one column set to one
 *    value in many rows at once (a merge re-points thousands of codings), recorded as the column,
 *    the old and new value and the row ids instead of two images per row. SQLite cannot change a
 *    CHECK constraint in place, so the table is rebuilt with its rows.
 * 2. The story of each code: which log entries touched which code, and how. A command records these
 * events as it runs (`CommandScope.about`), so `codes.story` reads a code's history with one
 * indexed query instead of decoding every entry's row images. The rows belong to their log entry:
 * they go when it goes, and an undone entry's events drop out of the story with it.
 */
export const migration0030: Migration = {
  version: 30,
  name: 'bulk-changes-and-stories',
  sql: `
-- Copied aside and back rather than renamed: renaming makes SQLite re-check every trigger, and
-- the capture triggers name history_changes (they are recreated after the migration anyway).
CREATE TEMP TABLE history_changes_copy AS SELECT * FROM history_changes;
DROP TABLE history_changes;
CREATE TABLE history_changes (
  id INTEGER PRIMARY KEY,
  seq INTEGER NOT NULL REFERENCES history(seq) ON DELETE CASCADE,
  tbl TEXT NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('I', 'U', 'D', 'B')),
  row_id INTEGER NOT NULL,
  before TEXT,
  after TEXT
);
INSERT INTO history_changes (id, seq, tbl, op, row_id, before, after)
  SELECT id, seq, tbl, op, row_id, before, after FROM history_changes_copy ORDER BY id;
DROP TABLE temp.history_changes_copy;
CREATE INDEX history_changes_seq ON history_changes(seq);

CREATE TABLE history_subjects (
  id INTEGER PRIMARY KEY,
  seq INTEGER NOT NULL REFERENCES history(seq) ON DELETE CASCADE,
  subject_guid TEXT NOT NULL,
  event TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX history_subjects_subject ON history_subjects(subject_guid, seq);
CREATE INDEX history_subjects_seq ON history_subjects(seq);
`,
};
