import type { Migration } from './index.js';

/**
 * Theme development and the reflexive journal (Braun & Clarke's reflexive thematic analysis).
 * - A theme is a `codes` row with kind = 'theme'; it gains a central organising concept, an
 *   exemplar linked to a real coding, and a place on the thematic map.
 * - Labelled links between themes (and codes) on the map.
 * - Journal entries (memos of kind 'journal') carry the phase (1–6) they were written in and
 *   links to the codes, themes and documents they are about; the project records its phase.
 * - Named snapshots of the codebook and themes, for comparing how the analysis evolved.
 */
export const migration0020: Migration = {
  version: 20,
  name: 'themes-and-journal',
  sql: `
ALTER TABLE codes ADD COLUMN central_concept TEXT NOT NULL DEFAULT '';
ALTER TABLE codes ADD COLUMN example_coding_guid TEXT;
ALTER TABLE codes ADD COLUMN map_x REAL;
ALTER TABLE codes ADD COLUMN map_y REAL;

CREATE TABLE code_links (
  id INTEGER PRIMARY KEY,
  guid TEXT NOT NULL UNIQUE,
  source_id INTEGER NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
  target_id INTEGER NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
  label TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL REFERENCES users(guid),
  created_at TEXT NOT NULL,
  CHECK (source_id <> target_id)
);
CREATE INDEX code_links_source ON code_links(source_id);
CREATE INDEX code_links_target ON code_links(target_id);

-- Phases 1–6: familiarisation, generating codes, constructing themes, reviewing themes,
-- defining and naming themes, writing up.
ALTER TABLE project ADD COLUMN phase INTEGER NOT NULL DEFAULT 1 CHECK (phase BETWEEN 1 AND 6);
ALTER TABLE memos ADD COLUMN phase INTEGER CHECK (phase IS NULL OR phase BETWEEN 1 AND 6);

CREATE TABLE memo_links (
  id INTEGER PRIMARY KEY,
  memo_id INTEGER NOT NULL REFERENCES memos(id) ON DELETE CASCADE,
  target_guid TEXT NOT NULL,
  UNIQUE (memo_id, target_guid)
);
CREATE INDEX memo_links_target ON memo_links(target_guid);

CREATE TABLE snapshots (
  id INTEGER PRIMARY KEY,
  guid TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  -- The codebook and themes as they were: JSON written by the snapshot service.
  content_json TEXT NOT NULL,
  created_by TEXT NOT NULL REFERENCES users(guid),
  created_at TEXT NOT NULL
);
`,
};
