import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { AccountInfo, Member, Role, TeamProject } from '../../../shared/team-server-api.js';
import type { SqlDb } from '../store/engine.js';
import { stmt } from '../store/statements.js';

/**
 * Accounts of the team server: passwords, signed-in sessions, memberships with a role, and
 * invitations. Business rules only; the HTTP door (electron/server/team-door.ts) carries the
 * session token in a cookie and calls these.
 */

/** How long a sign-in lasts. */
export const SESSION_DAYS = 14;
/** How long an invitation code can be used. */
export const INVITATION_DAYS = 7;

const DAY_MS = 24 * 60 * 60 * 1000;

/** A long random secret, as sent to the browser or the invitee. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** What the server keeps of a secret: its SHA-256 (the secret has 256 random bits, so no salt or slow hash is needed). */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function later(now: string, days: number): string {
  return new Date(Date.parse(now) + days * DAY_MS).toISOString();
}

const normalLogin = (login: string) => login.trim().toLowerCase();

interface AccountRow extends AccountInfo {
  passwordHash: string;
}

const ACCOUNT = `guid, login, name, password_hash AS passwordHash`;

function accountByLogin(db: SqlDb, login: string): AccountRow | undefined {
  return stmt(db, `SELECT ${ACCOUNT} FROM accounts WHERE login = ?`).get(normalLogin(login)) as AccountRow | undefined;
}

export function accountByGuid(db: SqlDb, guid: string): AccountInfo | undefined {
  return stmt(db, `SELECT guid, login, name FROM accounts WHERE guid = ?`).get(guid) as AccountInfo | undefined;
}

/**
 * The stored form of a new password: argon2id at the library's defaults (OWASP's recommended
 * memory and time cost); the hash carries its own parameters and salt. Done before the
 * transaction that stores it, since hashing takes tens of milliseconds on purpose.
 */
export async function hashPassword(password: string): Promise<string> {
  if (password.length < 10) throw new ChorusError(ErrorCode.INVALID_INPUT, 'A password has at least 10 characters.');
  return hash(password);
}

/** Stores a new account; CONFLICT when its login is taken. */
export function insertAccount(db: SqlDb, input: { guid: string; login: string; name: string; passwordHash: string }, now: string): AccountInfo {
  const login = normalLogin(input.login);
  if (accountByLogin(db, login)) throw new ChorusError(ErrorCode.CONFLICT, `The login "${login}" is taken.`);
  const name = input.name.trim();
  stmt(db, `INSERT INTO accounts (guid, login, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)`).run(input.guid, login, name, input.passwordHash, now);
  return { guid: input.guid, login, name };
}

/** Spent on a login that does not exist, so that a wrong login takes as long as a wrong password. */
let decoy: Promise<string> | null = null;

const WRONG = 'The login or the password is wrong.';

/** The account whose password this is, or UNAUTHENTICATED (the same message for a wrong login and a wrong password). */
export async function checkPassword(db: SqlDb, login: string, password: string): Promise<AccountInfo> {
  const row = accountByLogin(db, login);
  if (!row) {
    decoy ??= hash(newSecret());
    await verify(await decoy, password).catch(() => false);
    throw new ChorusError(ErrorCode.UNAUTHENTICATED, WRONG);
  }
  if (!(await verify(row.passwordHash, password).catch(() => false))) throw new ChorusError(ErrorCode.UNAUTHENTICATED, WRONG);
  return { guid: row.guid, login: row.login, name: row.name };
}

/** Signs an account in: the token goes to the browser (in an HttpOnly cookie), its hash stays here. */
export function startSession(db: SqlDb, accountGuid: string, now: string): string {
  const token = newSecret();
  stmt(db, `DELETE FROM sessions WHERE expires_at <= ?`).run(now);
  stmt(db, `INSERT INTO sessions (token_hash, account_guid, created_at, expires_at) VALUES (?, ?, ?, ?)`).run(
    secretHash(token),
    accountGuid,
    now,
    later(now, SESSION_DAYS),
  );
  return token;
}

export interface SignedIn {
  tokenHash: string;
  account: AccountInfo;
  /** The project this browser chose, if any. */
  projectGuid: string | null;
}

/** The signed-in session a token belongs to, or null when it is unknown or has expired. */
export function sessionOf(db: SqlDb, token: string | undefined, now: string): SignedIn | null {
  if (!token) return null;
  const tokenHash = secretHash(token);
  const row = stmt(
    db,
    `SELECT a.guid, a.login, a.name, s.project_guid AS projectGuid, s.expires_at AS expiresAt
     FROM sessions s JOIN accounts a ON a.guid = s.account_guid WHERE s.token_hash = ?`,
  ).get(tokenHash) as (AccountInfo & { projectGuid: string | null; expiresAt: string }) | undefined;
  if (!row || row.expiresAt <= now) return null;
  return { tokenHash, account: { guid: row.guid, login: row.login, name: row.name }, projectGuid: row.projectGuid };
}

export function endSession(db: SqlDb, tokenHash: string): void {
  stmt(db, `DELETE FROM sessions WHERE token_hash = ?`).run(tokenHash);
}

export function chooseProject(db: SqlDb, tokenHash: string, projectGuid: string): void {
  stmt(db, `UPDATE sessions SET project_guid = ? WHERE token_hash = ?`).run(projectGuid, tokenHash);
}

// -- Projects and memberships ---------------------------------------------------------------------

export function registerProject(
  db: SqlDb,
  project: { guid: string; name: string; storage: string },
  ownerGuid: string,
  now: string,
): void {
  stmt(db, `INSERT INTO projects (guid, name, storage, created_at) VALUES (?, ?, ?, ?)`).run(project.guid, project.name, project.storage, now);
  addMember(db, project.guid, ownerGuid, 'owner');
}

export function projectStorage(db: SqlDb, guid: string): { guid: string; name: string; storage: string } | undefined {
  return stmt(db, `SELECT guid, name, storage FROM projects WHERE guid = ?`).get(guid) as
    | { guid: string; name: string; storage: string }
    | undefined;
}

export function addMember(db: SqlDb, projectGuid: string, accountGuid: string, role: Role): void {
  stmt(db, `DELETE FROM memberships WHERE project_guid = ? AND account_guid = ?`).run(projectGuid, accountGuid);
  stmt(db, `INSERT INTO memberships (project_guid, account_guid, role) VALUES (?, ?, ?)`).run(projectGuid, accountGuid, role);
}

export function removeMember(db: SqlDb, projectGuid: string, accountGuid: string): void {
  stmt(db, `DELETE FROM memberships WHERE project_guid = ? AND account_guid = ?`).run(projectGuid, accountGuid);
}

export function ownerCount(db: SqlDb, projectGuid: string): number {
  return stmt(db, `SELECT count(*) AS n FROM memberships WHERE project_guid = ? AND role = 'owner'`).pluck(true).get(projectGuid) as number;
}

/** The account's role in the project, or null when it is not a member. */
export function roleIn(db: SqlDb, accountGuid: string, projectGuid: string): Role | null {
  const row = stmt(db, `SELECT role FROM memberships WHERE account_guid = ? AND project_guid = ?`).get(accountGuid, projectGuid) as
    | { role: Role }
    | undefined;
  return row?.role ?? null;
}

export function projectsOf(db: SqlDb, accountGuid: string): TeamProject[] {
  return stmt(
    db,
    `SELECT p.guid, p.name, m.role FROM memberships m JOIN projects p ON p.guid = m.project_guid
     WHERE m.account_guid = ? ORDER BY lower(p.name), p.guid`,
  ).all(accountGuid) as TeamProject[];
}

export function membersOf(db: SqlDb, projectGuid: string): Member[] {
  const rows = stmt(
    db,
    `SELECT a.guid, a.login, a.name, m.role FROM memberships m JOIN accounts a ON a.guid = m.account_guid
     WHERE m.project_guid = ? ORDER BY lower(a.name), a.guid`,
  ).all(projectGuid) as (AccountInfo & { role: Role })[];
  return rows.map(({ role, ...account }) => ({ account, role }));
}

// -- Invitations ------------------------------------------------------------------------------------

/** An invitation to the project with a role: the code is shown once, to pass on to the invitee. */
export function createInvitation(db: SqlDb, projectGuid: string, role: Role, byGuid: string, now: string): { code: string; expiresAt: string } {
  const code = newSecret();
  const expiresAt = later(now, INVITATION_DAYS);
  stmt(db, `INSERT INTO invitations (code_hash, project_guid, role, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`).run(
    secretHash(code),
    projectGuid,
    role,
    byGuid,
    now,
    expiresAt,
  );
  return { code, expiresAt };
}

/** The project and role an unused, unexpired invitation code grants, or UNAUTHENTICATED. */
export function invitationOf(db: SqlDb, code: string, now: string): { codeHash: string; projectGuid: string; role: Role } {
  const codeHash = secretHash(code);
  const row = stmt(
    db,
    `SELECT project_guid AS projectGuid, role, expires_at AS expiresAt, used_at AS usedAt FROM invitations WHERE code_hash = ?`,
  ).get(codeHash) as { projectGuid: string; role: Role; expiresAt: string; usedAt: string | null } | undefined;
  if (!row || row.usedAt !== null || row.expiresAt <= now) {
    throw new ChorusError(ErrorCode.UNAUTHENTICATED, 'This invitation code is not valid: it was used already, has expired, or was mistyped.');
  }
  return { codeHash, projectGuid: row.projectGuid, role: row.role };
}

export function useInvitation(db: SqlDb, codeHash: string, accountGuid: string, now: string): void {
  stmt(db, `UPDATE invitations SET used_by = ?, used_at = ? WHERE code_hash = ?`).run(accountGuid, now, codeHash);
}
