import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../shared/errors.js';
import type { SqlDb } from '../../electron/core/store/engine.js';
import { openPostgres } from '../../electron/core/store/postgres/connection.js';
import * as accounts from '../../electron/core/team-server/accounts.js';
import { installServerSchema } from '../../electron/core/team-server/server-schema.js';
import { createDatabase, startPostgres, type PostgresServer } from '../postgres.js';

/**
 * The team server's own tables (accounts, sessions, projects, memberships, invitations) behave the
 * same on both engines: the same statements, through the store's seam, on a SQLite file and on a
 * throwaway PostgreSQL cluster.
 */

let dir: string;
let pg: PostgresServer;
let pgUrl: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-accounts-'));
  pg = await startPostgres();
  pgUrl = createDatabase(pg.url, 'chorus_accounts');
});

afterAll(async () => {
  await pg?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const engines: { name: string; open(tag: string): SqlDb }[] = [
  {
    name: 'sqlite',
    open: (tag) => {
      const db = new Database(path.join(dir, `${tag}.sqlite`));
      db.pragma('foreign_keys = ON');
      return db;
    },
  },
  { name: 'postgres', open: (tag) => openPostgres(pgUrl, { schema: `server_${tag}` }) },
];

const NOW = '2026-12-07T10:00:00.000Z';
const LATER = (days: number) => new Date(Date.parse(NOW) + days * 86_400_000).toISOString();

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return String((e as { code?: unknown }).code);
  }
  return 'no error';
}

describe.each(engines)('the server’s tables on $name', (engine) => {
  let n = 0;
  const fresh = () => {
    const db = engine.open(`t${n++}`);
    installServerSchema(db);
    // Installing again is harmless (the server does it at every start).
    installServerSchema(db);
    return db;
  };

  it('stores accounts with lower-case logins and a hashed password, and refuses a taken login', async () => {
    const db = fresh();
    const passwordHash = await accounts.hashPassword('correct horse battery');
    expect(passwordHash).toMatch(/^\$argon2id\$/);
    const ana = accounts.insertAccount(db, { guid: 'a1', login: 'Ana@Example.org', name: ' Ana ', passwordHash }, NOW);
    expect(ana).toEqual({ guid: 'a1', login: 'ana@example.org', name: 'Ana' });
    expect(codeOf(() => accounts.insertAccount(db, { guid: 'a2', login: 'ANA@example.org', name: 'X', passwordHash }, NOW))).toBe(ErrorCode.CONFLICT);
    expect(await accounts.checkPassword(db, 'ana@EXAMPLE.org', 'correct horse battery')).toEqual(ana);
    await expect(accounts.checkPassword(db, 'ana@example.org', 'wrong horse battery')).rejects.toMatchObject({ code: ErrorCode.UNAUTHENTICATED });
    db.close();
  });

  it('keeps sessions by the hash of their token, until they expire or end', async () => {
    const db = fresh();
    accounts.insertAccount(db, { guid: 'a1', login: 'ana', name: 'Ana', passwordHash: 'x' }, NOW);
    const token = accounts.startSession(db, 'a1', NOW);
    const stored = db.prepare(`SELECT token_hash AS h FROM sessions`).pluck().all() as string[];
    expect(stored).toEqual([accounts.secretHash(token)]);
    expect(stored[0]).not.toContain(token);
    expect(accounts.sessionOf(db, token, NOW)).toEqual({ tokenHash: accounts.secretHash(token), account: { guid: 'a1', login: 'ana', name: 'Ana' }, projectGuid: null });
    expect(accounts.sessionOf(db, token, LATER(accounts.SESSION_DAYS + 1))).toBeNull();
    expect(accounts.sessionOf(db, 'not a token', NOW)).toBeNull();
    accounts.endSession(db, accounts.secretHash(token));
    expect(accounts.sessionOf(db, token, NOW)).toBeNull();
    db.close();
  });

  it('keeps projects, members with roles, and one-time invitations', () => {
    const db = fresh();
    for (const [guid, login] of [['a1', 'ana'], ['b1', 'ben'], ['c1', 'cy']]) accounts.insertAccount(db, { guid: guid!, login: login!, name: login!, passwordHash: 'x' }, NOW);
    accounts.registerProject(db, { guid: 'p1', name: 'Peer support', storage: 'p1.chorus' }, 'a1', NOW);
    accounts.registerProject(db, { guid: 'p2', name: 'another study', storage: 'p2.chorus' }, 'b1', NOW);
    expect(accounts.roleIn(db, 'a1', 'p1')).toBe('owner');
    expect(accounts.roleIn(db, 'a1', 'p2')).toBeNull();

    const { code, expiresAt } = accounts.createInvitation(db, 'p1', 'coder', 'a1', NOW);
    expect(expiresAt).toBe(LATER(accounts.INVITATION_DAYS));
    const invitation = accounts.invitationOf(db, code, NOW);
    expect(invitation).toMatchObject({ projectGuid: 'p1', role: 'coder' });
    expect(codeOf(() => accounts.invitationOf(db, code, LATER(accounts.INVITATION_DAYS)))).toBe(ErrorCode.UNAUTHENTICATED);
    accounts.addMember(db, 'p1', 'b1', invitation.role);
    accounts.useInvitation(db, invitation.codeHash, 'b1', NOW);
    expect(codeOf(() => accounts.invitationOf(db, code, NOW))).toBe(ErrorCode.UNAUTHENTICATED);

    accounts.addMember(db, 'p1', 'c1', 'viewer');
    accounts.addMember(db, 'p1', 'c1', 'coder');
    expect(accounts.membersOf(db, 'p1').map((m) => [m.account.login, m.role])).toEqual([
      ['ana', 'owner'],
      ['ben', 'coder'],
      ['cy', 'coder'],
    ]);
    expect(accounts.projectsOf(db, 'b1')).toEqual([
      { guid: 'p2', name: 'another study', role: 'owner' },
      { guid: 'p1', name: 'Peer support', role: 'coder' },
    ]);
    expect(accounts.ownerCount(db, 'p1')).toBe(1);
    accounts.removeMember(db, 'p1', 'c1');
    expect(accounts.roleIn(db, 'c1', 'p1')).toBeNull();

    // Choosing a project is kept with the session; deleting the project forgets the choice.
    const token = accounts.startSession(db, 'b1', NOW);
    accounts.chooseProject(db, accounts.secretHash(token), 'p1');
    expect(accounts.sessionOf(db, token, NOW)?.projectGuid).toBe('p1');
    db.prepare(`DELETE FROM projects WHERE guid = ?`).run('p1');
    expect(accounts.sessionOf(db, token, NOW)?.projectGuid).toBeNull();
    expect(accounts.roleIn(db, 'b1', 'p1')).toBeNull();
    db.close();
  });
});
