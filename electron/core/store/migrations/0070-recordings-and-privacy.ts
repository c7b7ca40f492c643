import type { Migration } from './index.js';

/**
 * Recordings and privacy.
 * - `media`: the audio or video recording of a transcript's session. Chorus links the file where
 *   it lies and never copies it (recordings are large and often must stay on an approved drive):
 *   its path, size and SHA-256 are kept so that a moved or replaced file is noticed and asked for
 *   again. One recording per transcript; the turns' time_start/time_end are the sync points.
 * - `pseudonyms`: the project's list of real names (participants, places, hospitals ...) and the
 *   pseudonym each is written as when an export is pseudonymised. The stored text never changes.
 * - `redactions`: spans of a transcript blacked out in every export, as positions like codings.
 */
export const migration0070: Migration = {
  version: 70,
  name: 'recordings-and-privacy',
  sql: `
CREATE TABLE media (
  id INTEGER PRIMARY KEY,
  guid TEXT NOT NULL UNIQUE,
  document_id INTEGER NOT NULL UNIQUE REFERENCES documents(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('audio', 'video')),
  -- Absolute path where the file was last found, and its name, for asking for it again.
  path TEXT NOT NULL,
  name TEXT NOT NULL,
  mime TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  -- Seconds, when known.
  duration REAL,
  created_by TEXT NOT NULL REFERENCES users(guid),
  created_at TEXT NOT NULL
);

CREATE TABLE pseudonyms (
  id INTEGER PRIMARY KEY,
  guid TEXT NOT NULL UNIQUE,
  real_name TEXT NOT NULL UNIQUE,
  pseudonym TEXT NOT NULL,
  category TEXT NOT NULL CHECK (category IN ('person', 'place', 'organisation', 'other')),
  created_by TEXT NOT NULL REFERENCES users(guid),
  created_at TEXT NOT NULL,
  CHECK (real_name <> '' AND pseudonym <> '')
);

CREATE TABLE redactions (
  id INTEGER PRIMARY KEY,
  guid TEXT NOT NULL UNIQUE,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  created_by TEXT NOT NULL REFERENCES users(guid),
  created_at TEXT NOT NULL,
  CHECK (start < end)
);
CREATE INDEX redactions_document_start ON redactions(document_id, start);
`,
};
