import fs from 'node:fs';
import path from 'node:path';
import { api, isOpName, type OpName } from '../../../shared/api.js';
import { withDerived } from '../../../shared/api-kit.js';
import { ChorusError, ErrorCode, type Result } from '../../../shared/errors.js';
import { teamApi, type AccountInfo, type Role, type TeamOpName, type TeamProject, type Whoami } from '../../../shared/team-server-api.js';
import type { ChorusEvent } from '../../../shared/types.js';
import { dispatch } from '../dispatch.js';
import type { CoreEnv } from '../env.js';
import type { FileAccess } from '../file-access.js';
import type { Project } from '../project.js';
import { OperationQueue, Session } from '../session.js';
import type { SqlDb } from '../store/engine.js';
import { inTransaction } from '../store/statements.js';
import { checkAccess, changesProject } from './access.js';
import * as accounts from './accounts.js';
import { installServerSchema } from './server-schema.js';
import { openPostgres } from '../store/postgres/connection.js';
import { describeProjectFile, FolderStorage, PostgresStorage, type ProjectStorage } from './storage.js';
import { openSqlite } from '../store/sqlite.js';

/**
 * The team server's core: many coders, signed in, working on the same projects at once. Each
 * hosted project is open once (one connection, one queue of operations shared by its coders);
 * each signed-in browser gets a session on it that writes as its coder. After every change, the
 * project's other browsers are told which of their cached queries are stale (a `changed` event),
 * so a colleague's codings appear without reloading.
 *
 * The HTTP door (electron/server/team-door.ts) only carries tokens and JSON to and from here.
 */

/** Paths are never the page's to name on the server: uploads and downloads only. */
const NO_FILES: FileAccess = {
  folder: null,
  check: () => {
    throw new ChorusError(ErrorCode.FORBIDDEN, 'On the team server, files are uploaded and downloaded; paths on the server cannot be named.');
  },
};

/** A browser's event stream: events go out on it, and the server may end it (the page reconnects). */
export interface EventStream {
  send(event: ChorusEvent): void;
  end(): void;
}

/** A hosted project: open once, shared by its coders. */
class ProjectHost {
  readonly queue = new OperationQueue();
  /** Event streams by the signed-in session (token hash) they belong to. */
  readonly listeners = new Map<string, Set<EventStream>>();

  constructor(
    readonly guid: string,
    readonly project: Project,
  ) {}

  /** Sends an event to every browser on the project but the one that caused it. */
  broadcast(event: ChorusEvent, except: string | null): void {
    for (const [tokenHash, set] of this.listeners) {
      if (tokenHash === except) continue;
      for (const l of set) l.send(event);
    }
  }

  /** Ends a browser's streams on this project. */
  endStreams(tokenHash: string): void {
    for (const l of this.listeners.get(tokenHash) ?? []) l.end();
    this.listeners.delete(tokenHash);
  }
}

interface BrowserSession {
  session: Session;
  projectGuid: string;
  accountGuid: string;
  role: Role;
}

/** Failed sign-ins allowed per login before it is locked for a while: guessing passwords stays slow. */
const MAX_FAILED_SIGN_INS = 5;
const LOCKED_MS = 15 * 60 * 1000;

export interface TeamOutcome {
  result: Result<unknown>;
  /** A new session token to set in the browser's cookie, or null to clear it. */
  token?: string | null;
}

export class TeamServer {
  private readonly hosts = new Map<string, ProjectHost>();
  private readonly browsers = new Map<string, BrowserSession>();
  /** Failed sign-ins by login, kept in memory: a restart forgives, which is fine for a lockout. */
  private readonly failures = new Map<string, { count: number; until: number }>();

  constructor(
    /** The server's own tables (server-schema.ts). */
    readonly db: SqlDb,
    readonly storage: ProjectStorage,
    readonly env: CoreEnv,
  ) {
    installServerSchema(db);
  }

  /**
   * A team server keeping its accounts in `dataDir/server.sqlite` and its projects as `.chorus`
   * files in `dataDir/projects`.
   */
  static openInFolder(dataDir: string, env: CoreEnv): TeamServer {
    fs.mkdirSync(dataDir, { recursive: true });
    const db = openSqlite(path.join(dataDir, 'server.sqlite'), { nativeBinding: env.nativeBinding });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    return new TeamServer(db, new FolderStorage(path.join(dataDir, 'projects')), env);
  }

  /**
   * A team server keeping everything in one PostgreSQL database: its own tables in the schema
   * `chorus_server`, each project in a schema of its own.
   */
  static openPostgres(url: string, env: CoreEnv): TeamServer {
    return new TeamServer(openPostgres(url, { schema: 'chorus_server' }), new PostgresStorage(url), env);
  }

  private now(): string {
    return this.env.now();
  }

  /** Runs `body` in one transaction of the server's own database. */
  private inTransaction<T>(body: () => T): T {
    return inTransaction(this.db, body);
  }

  // -- Accounts and projects, for the CLI and the team contract ----------------------------------

  async createAccount(input: { login: string; name: string; password: string }): Promise<AccountInfo> {
    const passwordHash = await accounts.hashPassword(input.password);
    return this.inTransaction(() => accounts.insertAccount(this.db, { ...input, guid: this.env.newGuid(), passwordHash }, this.now()));
  }

  hasAccount(login: string): boolean {
    return this.db.prepare(`SELECT 1 FROM accounts WHERE login = ?`).get(login.trim().toLowerCase()) !== undefined;
  }

  private accountByLogin(login: string): AccountInfo {
    const row = this.db.prepare(`SELECT guid, login, name FROM accounts WHERE login = ?`).get(login.trim().toLowerCase()) as AccountInfo | undefined;
    if (!row) throw new ChorusError(ErrorCode.NOT_FOUND, `No account has the login "${login}".`);
    return row;
  }

  /**
   * Puts a desktop project on the server, owned by `ownerLogin`: a compact copy of the file (the
   * desktop copy stays as it was), under the project's own guid. An encrypted file is read with
   * its `passphrase` and kept unencrypted: the server opens its projects unattended, so their
   * protection at rest is the server's (disk encryption, the database's own).
   */
  importProject(file: string, ownerLogin: string, passphrase?: string): TeamProject {
    const owner = this.accountByLogin(ownerLogin);
    const { guid, title: name } = describeProjectFile(file, this.env, passphrase);
    if (accounts.projectStorage(this.db, guid)) {
      throw new ChorusError(ErrorCode.CONFLICT, `"${name}" is on the server already; export it from there instead of importing it twice.`);
    }
    const storage = this.storage.nameFor(this.env.newGuid());
    try {
      this.storage.importFile(file, storage, this.env, passphrase);
      this.inTransaction(() => accounts.registerProject(this.db, { guid, name, storage }, owner.guid, this.now()));
    } catch (e) {
      this.storage.remove(storage);
      throw e;
    }
    return { guid, name, role: 'owner' };
  }

  /** Writes a hosted project to `out` as a `.chorus` file: a consistent copy, taken between operations. */
  async exportProject(projectGuid: string, out: string): Promise<void> {
    const host = this.host(projectGuid);
    if (fs.existsSync(out)) throw new ChorusError(ErrorCode.CONFLICT, `${out} exists already; choose a new file name.`);
    const storage = accounts.projectStorage(this.db, projectGuid)!.storage;
    await host.queue.enqueue(async () => this.storage.exportTo(storage, host.project, out, this.env));
  }

  listProjects(): { guid: string; name: string }[] {
    return this.db.prepare(`SELECT guid, name FROM projects ORDER BY lower(name), guid`).all() as { guid: string; name: string }[];
  }

  private host(projectGuid: string): ProjectHost {
    let host = this.hosts.get(projectGuid);
    if (!host) {
      const row = accounts.projectStorage(this.db, projectGuid);
      if (!row) throw new ChorusError(ErrorCode.NOT_FOUND, 'There is no such project on this server.');
      host = new ProjectHost(projectGuid, this.storage.open(row.storage, this.env));
      this.hosts.set(projectGuid, host);
    }
    return host;
  }

  // -- Signed-in browsers -------------------------------------------------------------------------

  private signedIn(token: string | undefined): accounts.SignedIn {
    const s = accounts.sessionOf(this.db, token, this.now());
    if (!s) throw new ChorusError(ErrorCode.UNAUTHENTICATED, 'Sign in to work on the team’s projects.');
    return s;
  }

  /** The browser's session on its chosen project, made on first use. */
  private browser(s: accounts.SignedIn): BrowserSession {
    if (!s.projectGuid) throw new ChorusError(ErrorCode.NO_PROJECT, 'Choose a project to work on first.');
    const role = accounts.roleIn(this.db, s.account.guid, s.projectGuid);
    if (!role) throw new ChorusError(ErrorCode.NOT_FOUND, 'There is no such project on this server.');
    let b = this.browsers.get(s.tokenHash);
    if (!b || b.projectGuid !== s.projectGuid) {
      b?.session.setProject(null);
      const host = this.host(s.projectGuid);
      const user = { guid: s.account.guid, name: s.account.name };
      const tokenHash = s.tokenHash;
      const env: CoreEnv = { ...this.env, user, emit: (e) => this.sendTo(tokenHash, e) };
      const session = new Session(env, { queue: host.queue });
      session.setProject(host.project.asUser(user));
      b = { session, projectGuid: s.projectGuid, accountGuid: s.account.guid, role };
      this.browsers.set(s.tokenHash, b);
    }
    // The role is read on every call: an owner's change takes effect at once.
    b.role = role;
    return b;
  }

  private sendTo(tokenHash: string, event: ChorusEvent): void {
    const b = this.browsers.get(tokenHash);
    if (!b) return;
    for (const l of this.hosts.get(b.projectGuid)?.listeners.get(tokenHash) ?? []) l.send(event);
  }

  private whoami(s: accounts.SignedIn): Whoami {
    const projects = accounts.projectsOf(this.db, s.account.guid);
    return { account: s.account, projects, current: projects.find((p) => p.guid === s.projectGuid) ?? null };
  }

  /**
   * Drops a browser's session on its project and ends its event streams there: after signing out,
   * being removed, or choosing another project (its page then reconnects to the new one).
   */
  private forget(tokenHash: string): void {
    for (const host of this.hosts.values()) host.endStreams(tokenHash);
    this.browsers.get(tokenHash)?.session.setProject(null);
    this.browsers.delete(tokenHash);
  }

  /** The password check, with a lockout after repeated failures for one login. */
  private async checkPasswordThrottled(login: string, password: string): Promise<AccountInfo> {
    const key = login.trim().toLowerCase();
    const now = Date.parse(this.now());
    const seen = this.failures.get(key);
    if (seen && seen.until > now) {
      const minutes = Math.ceil((seen.until - now) / 60_000);
      throw new ChorusError(ErrorCode.UNAUTHENTICATED, `Too many failed sign-ins for this login: try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
    }
    try {
      const account = await accounts.checkPassword(this.db, login, password);
      this.failures.delete(key);
      return account;
    } catch (e) {
      const count = (seen && seen.until <= now && seen.count >= MAX_FAILED_SIGN_INS ? 0 : (seen?.count ?? 0)) + 1;
      this.failures.set(key, { count, until: count >= MAX_FAILED_SIGN_INS ? now + LOCKED_MS : 0 });
      throw e;
    }
  }

  /** Closes the sessions and event streams an account has on a project it no longer belongs to. */
  private forgetMember(projectGuid: string, accountGuid: string): void {
    const host = this.hosts.get(projectGuid);
    for (const [tokenHash, b] of this.browsers) {
      if (b.projectGuid !== projectGuid || b.accountGuid !== accountGuid) continue;
      host?.endStreams(tokenHash);
      this.forget(tokenHash);
    }
  }

  /** One call of the team contract (`shared/team-server-api.ts`). Never throws. */
  async team(name: string, rawInput: unknown, token: string | undefined): Promise<TeamOutcome> {
    try {
      if (!Object.prototype.hasOwnProperty.call(teamApi, name)) {
        throw new ChorusError(ErrorCode.NOT_FOUND, `The team server has no operation named "${name}".`);
      }
      const def = teamApi[name as TeamOpName];
      const parsed = def.input.safeParse(rawInput ?? {});
      if (!parsed.success) {
        throw new ChorusError(ErrorCode.INVALID_INPUT, parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; '));
      }
      return await this.runTeam(name as TeamOpName, parsed.data as Record<string, string>, token);
    } catch (e) {
      return { result: errorResult(e) };
    }
  }

  private async runTeam(name: TeamOpName, input: Record<string, string>, token: string | undefined): Promise<TeamOutcome> {
    const ok = (value: unknown, extra: Partial<TeamOutcome> = {}): TeamOutcome => ({ result: { ok: true, value }, ...extra });
    switch (name) {
      case 'team.signIn': {
        const account = await this.checkPasswordThrottled(input.login!, input.password!);
        const newToken = this.inTransaction(() => accounts.startSession(this.db, account.guid, this.now()));
        return ok(this.whoami(this.signedIn(newToken)), { token: newToken });
      }
      case 'team.join': {
        accounts.invitationOf(this.db, input.code!, this.now());
        const passwordHash = await accounts.hashPassword(input.password!);
        const newToken = this.inTransaction(() => {
          // Checked again inside the transaction: the code may have been used while hashing.
          const invitation = accounts.invitationOf(this.db, input.code!, this.now());
          const account = accounts.insertAccount(this.db, { guid: this.env.newGuid(), login: input.login!, name: input.name!, passwordHash }, this.now());
          accounts.addMember(this.db, invitation.projectGuid, account.guid, invitation.role);
          accounts.useInvitation(this.db, invitation.codeHash, account.guid, this.now());
          const t = accounts.startSession(this.db, account.guid, this.now());
          accounts.chooseProject(this.db, accounts.secretHash(t), invitation.projectGuid);
          return t;
        });
        return ok(this.whoami(this.signedIn(newToken)), { token: newToken });
      }
      default:
        break;
    }
    const s = this.signedIn(token);
    switch (name) {
      case 'team.signOut':
        this.forget(s.tokenHash);
        this.inTransaction(() => accounts.endSession(this.db, s.tokenHash));
        return ok(null, { token: null });
      case 'team.whoami':
        return ok(this.whoami(s));
      case 'team.open': {
        if (!accounts.roleIn(this.db, s.account.guid, input.project!)) throw new ChorusError(ErrorCode.NOT_FOUND, 'There is no such project on this server.');
        this.inTransaction(() => accounts.chooseProject(this.db, s.tokenHash, input.project!));
        this.forget(s.tokenHash);
        const now = this.signedIn(token);
        this.browser(now);
        return ok(this.whoami(now));
      }
      case 'team.members': {
        if (!accounts.roleIn(this.db, s.account.guid, input.project!)) throw new ChorusError(ErrorCode.NOT_FOUND, 'There is no such project on this server.');
        return ok(accounts.membersOf(this.db, input.project!));
      }
      case 'team.setRole': {
        const project = input.project!;
        const mine = accounts.roleIn(this.db, s.account.guid, project);
        if (!mine) throw new ChorusError(ErrorCode.NOT_FOUND, 'There is no such project on this server.');
        if (mine !== 'owner') throw new ChorusError(ErrorCode.FORBIDDEN, 'Only the project’s owners change who works on it.');
        const theirs = accounts.roleIn(this.db, input.account!, project);
        if (!theirs) throw new ChorusError(ErrorCode.NOT_FOUND, 'That account is not a member of this project.');
        const role = (input as { role: Role | null }).role;
        this.inTransaction(() => {
          if (theirs === 'owner' && role !== 'owner' && accounts.ownerCount(this.db, project) === 1) {
            throw new ChorusError(ErrorCode.CONFLICT, 'A project keeps at least one owner: make someone else an owner first.');
          }
          if (role === null) accounts.removeMember(this.db, project, input.account!);
          else accounts.addMember(this.db, project, input.account!, role);
        });
        if (role === null) this.forgetMember(project, input.account!);
        return ok(accounts.membersOf(this.db, project));
      }
      case 'team.invite': {
        const role = accounts.roleIn(this.db, s.account.guid, input.project!);
        if (!role) throw new ChorusError(ErrorCode.NOT_FOUND, 'There is no such project on this server.');
        if (role !== 'owner') throw new ChorusError(ErrorCode.FORBIDDEN, 'Only the project’s owners invite coders.');
        const invitation = this.inTransaction(() => accounts.createInvitation(this.db, input.project!, input.role as Role, s.account.guid, this.now()));
        return ok({ ...invitation, role: input.role });
      }
    }
    throw new ChorusError(ErrorCode.NOT_FOUND, `The team server has no operation named "${name}".`);
  }

  /**
   * One call of the project contract by a signed-in browser, on its chosen project, within its
   * role. A change is announced to the project's other browsers. Never throws.
   */
  async call(token: string | undefined, name: string, input: unknown): Promise<Result<unknown>> {
    let b: BrowserSession;
    try {
      b = this.browser(this.signedIn(token));
      if (!isOpName(name)) throw new ChorusError(ErrorCode.NOT_FOUND, `Chorus has no operation named "${name}".`);
      checkAccess(b.role, name);
    } catch (e) {
      return errorResult(e);
    }
    const result = await dispatch(b.session, name, input, NO_FILES);
    if (result.ok && changesProject(name as OpName)) {
      const tokenHash = accounts.secretHash(token!);
      this.hosts.get(b.projectGuid)?.broadcast({ type: 'changed', domains: withDerived(api[name as OpName].invalidates) }, tokenHash);
    }
    return result;
  }

  /** Listens to the events of the browser's project (its own progress, colleagues' changes). */
  subscribe(token: string | undefined, listener: EventStream): Result<() => void> {
    try {
      const s = this.signedIn(token);
      const b = this.browser(s);
      const host = this.host(b.projectGuid);
      let set = host.listeners.get(s.tokenHash);
      if (!set) host.listeners.set(s.tokenHash, (set = new Set()));
      set.add(listener);
      return {
        ok: true,
        value: () => {
          set.delete(listener);
          if (set.size === 0) host.listeners.delete(s.tokenHash);
        },
      };
    } catch (e) {
      return errorResult(e);
    }
  }

  close(): void {
    for (const b of this.browsers.values()) b.session.setProject(null);
    this.browsers.clear();
    for (const h of this.hosts.values()) h.project.close();
    this.hosts.clear();
    this.db.close();
  }
}

function errorResult(e: unknown): Result<never> {
  if (e instanceof ChorusError) return { ok: false, error: e.toJSON() };
  return { ok: false, error: { code: ErrorCode.INTERNAL, message: `Something went wrong inside Chorus: ${(e as Error)?.message ?? String(e)}` } };
}
