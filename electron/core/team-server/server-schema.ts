import type { SqlDb } from '../store/engine.js';

/**
 * The team server's own tables, beside its projects: accounts, signed-in sessions, the projects it
 * hosts, who belongs to which (with a role) and open invitations. Written in the SQL both engines
 * take through the store's seam (store/engine.ts); ids come from the application's guids, never
 * from the engine, so the same statements serve SQLite and PostgreSQL.
 *
 * Secrets are kept only as hashes: passwords as argon2id (accounts.ts), session tokens and
 * invitation codes as SHA-256 (they are long random values, so a fast hash is enough), so that a
 * copy of this database signs nobody in.
 */
const TABLES = `
CREATE TABLE IF NOT EXISTS accounts (
  guid TEXT PRIMARY KEY,
  -- Lower case: logins are compared without regard to case.
  login TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS projects (
  guid TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  -- Where the project's data is: a file name in the server's projects folder (SQLite).
  storage TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY,
  account_guid TEXT NOT NULL REFERENCES accounts(guid) ON DELETE CASCADE,
  -- The project this browser works on, once chosen.
  project_guid TEXT REFERENCES projects(guid) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS memberships (
  project_guid TEXT NOT NULL REFERENCES projects(guid) ON DELETE CASCADE,
  account_guid TEXT NOT NULL REFERENCES accounts(guid) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('owner', 'coder', 'viewer')),
  PRIMARY KEY (project_guid, account_guid)
);
CREATE TABLE IF NOT EXISTS invitations (
  code_hash TEXT PRIMARY KEY,
  project_guid TEXT NOT NULL REFERENCES projects(guid) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('owner', 'coder', 'viewer')),
  created_by TEXT NOT NULL REFERENCES accounts(guid),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_by TEXT REFERENCES accounts(guid),
  used_at TEXT
);
`;

/** Creates the server's tables where they are missing. */
export function installServerSchema(db: SqlDb): void {
  db.exec(TABLES);
}
