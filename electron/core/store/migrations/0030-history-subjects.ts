import type { Migration } from './index.js';

/**
 * The story of each code: which log entries touched which code, and how. A command records these
 * events as it runs (`CommandScope.about`), so `codes.story` reads a code's history with one
 * indexed query instead of decoding every entry's row images. The rows belong to their log entry:
 * they go when it goes, and an undone entry's events drop out of the story with it.
 */
export const migration0030: Migration = {
  version: 30,
  name: 'history-subjects',
  sql: `
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
