import type { Migration } from './index.js';

/**
 * The first schema. Conventions for every table:
 * - `id` INTEGER PRIMARY KEY for joins inside the file; `guid` (UUID) never changes and is what
 *   exchange, merge and agreement match on.
 * - `created_by` is a users.guid, `created_at` ISO 8601 UTC.
 * - Positions are UTF-16 code-unit offsets into documents.text, half-open [start, end).
 */
export const migration0010: Migration = {
  version: 10,
  name: 'initial',
  sql: `
CREATE TABLE project (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  guid TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  guid TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  guid TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  text TEXT NOT NULL,
  -- SHA-256 of the normalised text: matches the same transcript across copies of a project.
  text_hash TEXT NOT NULL,
  -- Length in UTF-16 code units (SQLite's length() counts characters) and in words.
  text_length INTEGER NOT NULL,
  word_count INTEGER NOT NULL,
  source_format TEXT NOT NULL,
  source_name TEXT,
  created_by TEXT NOT NULL REFERENCES users(guid),
  created_at TEXT NOT NULL
);
CREATE INDEX documents_text_hash ON documents(text_hash);

CREATE TABLE participants (
  id INTEGER PRIMARY KEY,
  guid TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL UNIQUE,
  created_by TEXT NOT NULL REFERENCES users(guid),
  created_at TEXT NOT NULL
);

-- Typed attributes of documents and participants (focus group, site, year of training, ...).
CREATE TABLE attributes (
  id INTEGER PRIMARY KEY,
  guid TEXT NOT NULL UNIQUE,
  scope TEXT NOT NULL CHECK (scope IN ('document', 'participant')),
  name TEXT NOT NULL,
  value_type TEXT NOT NULL CHECK (value_type IN ('text', 'number', 'category', 'date')),
  created_by TEXT NOT NULL REFERENCES users(guid),
  created_at TEXT NOT NULL,
  UNIQUE (scope, name)
);
CREATE TABLE document_values (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  attribute_id INTEGER NOT NULL REFERENCES attributes(id) ON DELETE CASCADE,
  value TEXT NOT NULL,
  UNIQUE (document_id, attribute_id)
);
CREATE TABLE participant_values (
  id INTEGER PRIMARY KEY,
  participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
  attribute_id INTEGER NOT NULL REFERENCES attributes(id) ON DELETE CASCADE,
  value TEXT NOT NULL,
  UNIQUE (participant_id, attribute_id)
);

-- A speaker label as written in one document, mapped to a participant of the project.
CREATE TABLE speakers (
  id INTEGER PRIMARY KEY,
  guid TEXT NOT NULL UNIQUE,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  label TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('moderator', 'participant', 'observer')),
  participant_id INTEGER REFERENCES participants(id) ON DELETE SET NULL,
  created_by TEXT NOT NULL REFERENCES users(guid),
  created_at TEXT NOT NULL,
  UNIQUE (document_id, label)
);
CREATE INDEX speakers_participant ON speakers(participant_id);

-- A turn is a span of its document's text with its speaker; speaker_id is NULL for text before
-- the first turn (headings, front matter). The span covers what was said, not the label.
CREATE TABLE turns (
  id INTEGER PRIMARY KEY,
  guid TEXT NOT NULL UNIQUE,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  speaker_id INTEGER REFERENCES speakers(id) ON DELETE SET NULL,
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  time_start REAL,
  time_end REAL,
  -- The words of the span, kept for full-text search (turns_fts).
  text TEXT NOT NULL,
  created_by TEXT NOT NULL REFERENCES users(guid),
  created_at TEXT NOT NULL,
  CHECK (start <= end),
  UNIQUE (document_id, seq)
);
CREATE INDEX turns_document_start ON turns(document_id, start);
CREATE INDEX turns_speaker ON turns(speaker_id);

-- Full-text index over what was said. Rows are added in bulk per document by the importer and
-- by undo/redo (store/change-capture.ts): a per-row insert trigger made import several times slower.
CREATE VIRTUAL TABLE turns_fts USING fts5(text, content='turns', content_rowid='id', tokenize='porter unicode61');
CREATE TRIGGER turns_fts_delete AFTER DELETE ON turns BEGIN
  INSERT INTO turns_fts(turns_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER turns_fts_update AFTER UPDATE OF text ON turns BEGIN
  INSERT INTO turns_fts(turns_fts, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO turns_fts(rowid, text) VALUES (new.id, new.text);
END;

-- One tree of codes and themes.
CREATE TABLE codes (
  id INTEGER PRIMARY KEY,
  guid TEXT NOT NULL UNIQUE,
  parent_id INTEGER REFERENCES codes(id) ON DELETE CASCADE,
  kind TEXT NOT NULL DEFAULT 'code' CHECK (kind IN ('code', 'theme')),
  name TEXT NOT NULL,
  color TEXT NOT NULL,
  definition TEXT NOT NULL DEFAULT '',
  inclusion TEXT NOT NULL DEFAULT '',
  exclusion TEXT NOT NULL DEFAULT '',
  example TEXT NOT NULL DEFAULT '',
  status TEXT CHECK (status IS NULL OR status IN ('candidate', 'reviewed', 'defined')),
  position INTEGER NOT NULL DEFAULT 0,
  created_by TEXT NOT NULL REFERENCES users(guid),
  created_at TEXT NOT NULL
);
CREATE INDEX codes_parent ON codes(parent_id, position);

CREATE TABLE codings (
  id INTEGER PRIMARY KEY,
  guid TEXT NOT NULL UNIQUE,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  code_id INTEGER NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  created_by TEXT NOT NULL REFERENCES users(guid),
  created_at TEXT NOT NULL,
  CHECK (start < end)
);
-- (code_id, document_id) answers a code's counts of codings and documents from the index alone.
CREATE INDEX codings_code ON codings(code_id, document_id);
CREATE INDEX codings_document_start ON codings(document_id, start);

-- Memos and the reflexive journal: Lexical JSON plus its plain text.
CREATE TABLE memos (
  id INTEGER PRIMARY KEY,
  guid TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('journal', 'project', 'document', 'code', 'theme', 'segment', 'turn')),
  target_guid TEXT,
  title TEXT NOT NULL DEFAULT '',
  content_json TEXT NOT NULL,
  content_text TEXT NOT NULL,
  created_by TEXT NOT NULL REFERENCES users(guid),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX memos_target ON memos(target_guid);

-- The command log: undo/redo and the audit trail. A 'discarded' entry was undone and then
-- superseded by a new command; it stays on the record but can no longer be redone.
CREATE TABLE history (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  guid TEXT NOT NULL UNIQUE,
  at TEXT NOT NULL,
  user_guid TEXT NOT NULL,
  operation TEXT NOT NULL,
  payload TEXT NOT NULL,
  summary TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'done' CHECK (state IN ('done', 'undone', 'discarded')),
  changed_at TEXT,
  changed_by TEXT
);
CREATE INDEX history_state ON history(state, seq);

-- The row changes a command made, captured by triggers (see store/change-capture.ts): undo
-- restores the before-images in reverse order, redo the after-images in order.
CREATE TABLE history_changes (
  id INTEGER PRIMARY KEY,
  seq INTEGER NOT NULL REFERENCES history(seq) ON DELETE CASCADE,
  tbl TEXT NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('I', 'U', 'D')),
  row_id INTEGER NOT NULL,
  before TEXT,
  after TEXT
);
CREATE INDEX history_changes_seq ON history_changes(seq);
`,
};
