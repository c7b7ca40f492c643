import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Whoami } from '../../shared/team-server-api.js';
import { createEnv, dispatch, Session, TeamServer } from '../../electron/core/index.js';
import { startTeamDoor, type RunningTeamServer } from '../../electron/server/team-door.js';
import { createDatabase, startPostgres, type PostgresServer } from '../postgres.js';

/**
 * The team server through its HTTP door, as browsers meet it: accounts and sessions, roles,
 * isolation between projects, CSRF refusals, colleagues' changes arriving as events, per-coder
 * undo, and a desktop project going to the server and back.
 */

let dir: string;
let team: TeamServer;
let door: RunningTeamServer;
let port: number;
let desktopFile: string;
let pg: PostgresServer | undefined;
let projectGuid: string;
let otherGuid: string;

const PASSWORD = 'correct horse battery';

/** A parsed JSON answer, read loosely: the tests check its shape themselves. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** A browser: keeps its session cookie and sends this server's Origin, as a page of it would. */
class Browser {
  cookie: string | null = null;
  constructor(readonly origin = door.origin.replace(/\/$/, '')) {}

  async post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Json; setCookie: string | null }> {
    const res = await fetch(new URL(url, door.origin), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: this.origin, ...(this.cookie ? { Cookie: this.cookie } : {}), ...headers },
      body: JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!.endsWith('=') ? null : setCookie.split(';')[0]!;
    return { status: res.status, json: await res.json(), setCookie };
  }

  team(name: string, input: unknown = {}) {
    return this.post(`/team/${name}`, input);
  }

  async api<T = Json>(name: string, input: unknown = {}): Promise<T> {
    const r = await this.post(`/api/${name}`, input);
    if (!r.json.ok) throw Object.assign(new Error(`${name}: ${r.json.error.code} ${r.json.error.message}`), { status: r.status, code: r.json.error.code });
    return r.json.value as T;
  }

  async signIn(login: string, project?: string): Promise<Whoami> {
    const r = await this.team('team.signIn', { login, password: PASSWORD });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    if (project) return (await this.team('team.open', { project })).json.value as Whoami;
    return r.json.value as Whoami;
  }

  /** Opens the project's event stream; resolves with the events seen so far on demand. */
  events(): { seen: Json[]; close: () => void; ready: Promise<void>; ended: Promise<void> } {
    const seen: Json[] = [];
    let req!: http.ClientRequest;
    let markEnded!: () => void;
    const ended = new Promise<void>((resolve) => (markEnded = resolve));
    const ready = new Promise<void>((resolve, reject) => {
      req = http.get({ host: '127.0.0.1', port, path: '/api/events', headers: { Cookie: this.cookie ?? '', Origin: this.origin } }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`events: ${res.statusCode}`));
        res.setEncoding('utf8');
        res.on('end', markEnded);
        let buffer = '';
        res.on('data', (chunk: string) => {
          buffer += chunk;
          if (buffer.includes(': connected')) resolve();
          let at;
          while ((at = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, at);
            buffer = buffer.slice(at + 2);
            const data = block.split('\n').find((l) => l.startsWith('data: '));
            if (data) seen.push(JSON.parse(data.slice(6)));
          }
        });
      });
      req.on('error', () => {});
    });
    return { seen, close: () => req.destroy(), ready, ended };
  }
}

async function until<T>(check: () => T | undefined, ms = 2000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function raw(method: string, target: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: target, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Every row of every table, for comparing two files. */
function dump(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' ORDER BY name`).pluck().all() as string[];
    return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()]));
  } finally {
    db.close();
  }
}

/** The same flows with the projects in a folder of `.chorus` files and in PostgreSQL. */
describe.each(['folder', 'postgres'] as const)('the team server with its projects in %s', (storage) => {
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-team-'));
    const staticDir = path.join(dir, 'static');
    fs.mkdirSync(staticDir);
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Chorus</title>');

    // A desktop project with one transcript, as a researcher would bring it.
    desktopFile = path.join(dir, 'study.chorus');
    const desktop = new Session(createEnv({ user: { guid: '0b8f3d1e-9a4c-4f53-8f0e-2f1a3c5d7e90', name: 'Desktop' } }));
    expect((await dispatch(desktop, 'project.create', { path: desktopFile, title: 'Peer support' })).ok).toBe(true);
    const text = 'Interviewer: How do you support each other?\n\nResident A: We debrief after hard shifts.\n\nResident B: Mostly over coffee.\n';
    const imported = await dispatch(desktop, 'documents.import', { sources: [{ kind: 'bytes', name: 'Group 1.txt', base64: Buffer.from(text).toString('base64') }] });
    expect(imported.ok).toBe(true);
    desktop.close();

    const serverEnv = createEnv({ user: { guid: '00000000-0000-4000-8000-000000000000', name: 'Server' } });
    if (storage === 'postgres') {
      pg = await startPostgres();
      team = TeamServer.openPostgres(createDatabase(pg.url, 'chorus_team'), serverEnv);
    } else team = TeamServer.openInFolder(path.join(dir, 'server'), serverEnv);
    for (const [login, name] of [['ana', 'Ana'], ['ben', 'Ben'], ['cy', 'Cy'], ['dee', 'Dee']] as const) {
      await team.createAccount({ login, name, password: PASSWORD });
    }
    projectGuid = team.importProject(desktopFile, 'ana').guid;
    // Dee's own project, which the others must not see.
    const otherFile = path.join(dir, 'other.chorus');
    const other = new Session(createEnv({ user: { guid: '0b8f3d1e-9a4c-4f53-8f0e-2f1a3c5d7e91', name: 'Dee' } }));
    expect((await dispatch(other, 'project.create', { path: otherFile, title: 'Dee’s study' })).ok).toBe(true);
    other.close();
    otherGuid = team.importProject(otherFile, 'dee').guid;

    door = await startTeamDoor({ team, staticDir });
    port = Number(new URL(door.origin).port);
  });

  afterAll(async () => {
    await door?.close();
    team?.close();
    await pg?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('signing in', () => {
    it('refuses every project call without a session, and a wrong password the same way as an unknown login', async () => {
      const b = new Browser();
      const r = await b.post('/api/codes.list', {});
      expect(r.status).toBe(401);
      expect(r.json.error.code).toBe('UNAUTHENTICATED');
      expect((await raw('GET', '/api/events', { Host: `127.0.0.1:${port}` })).status).toBe(401);
      const wrong = await b.team('team.signIn', { login: 'ana', password: 'not the password' });
      const unknown = await b.team('team.signIn', { login: 'nobody', password: 'not the password' });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.json.error.message).toBe(unknown.json.error.message);
      expect(b.cookie).toBeNull();
    });

    it('keeps the session in an HttpOnly, SameSite=Strict cookie and lists the member’s projects with roles', async () => {
      const b = new Browser();
      const r = await b.team('team.signIn', { login: 'ANA', password: PASSWORD });
      expect(r.status).toBe(200);
      expect(r.setCookie).toMatch(/^chorus_session=[\w-]{40,};/);
      expect(r.setCookie).toContain('HttpOnly');
      expect(r.setCookie).toContain('SameSite=Strict');
      const me = r.json.value as Whoami;
      expect(me.account.login).toBe('ana');
      expect(me.projects).toEqual([{ guid: projectGuid, name: 'Peer support', role: 'owner' }]);
      expect(me.current).toBeNull();
      // No project chosen yet.
      expect((await b.post('/api/codes.list', {})).json.error.code).toBe('NO_PROJECT');
      await b.team('team.open', { project: projectGuid });
      expect(await b.api('codes.list')).toEqual([]);
      await b.team('team.signOut');
      expect(b.cookie).toBeNull();
    });

    it('lets an owner invite a coder and a viewer by one-time codes, and nobody else invite', async () => {
      const ana = new Browser();
      await ana.signIn('ana');
      const coder = await ana.team('team.invite', { project: projectGuid, role: 'coder' });
      const viewer = await ana.team('team.invite', { project: projectGuid, role: 'viewer' });
      expect(coder.status).toBe(200);

      const eve = new Browser();
      const joined = await eve.team('team.join', { code: coder.json.value.code, name: 'Eve', login: 'eve', password: PASSWORD });
      expect(joined.status).toBe(200);
      expect(joined.json.value.current).toEqual({ guid: projectGuid, name: 'Peer support', role: 'coder' });
      const again = await new Browser().team('team.join', { code: coder.json.value.code, name: 'Mal', login: 'mal', password: PASSWORD });
      expect(again.status).toBe(401);

      const fay = new Browser();
      expect((await fay.team('team.join', { code: viewer.json.value.code, name: 'Fay', login: 'fay', password: PASSWORD })).status).toBe(200);
      // A coder cannot invite.
      const byCoder = await eve.team('team.invite', { project: projectGuid, role: 'owner' });
      expect(byCoder.status).toBe(403);
      const members = (await ana.team('team.members', { project: projectGuid })).json.value as { account: { login: string }; role: string }[];
      expect(members.map((m) => [m.account.login, m.role])).toEqual([
        ['ana', 'owner'],
        ['eve', 'coder'],
        ['fay', 'viewer'],
      ]);
    });
  });

  describe('owners managing members', () => {
    it('changes roles and removes members, keeps one owner, and lets nobody else do it', async () => {
      const ana = new Browser();
      await ana.signIn('ana', projectGuid);
      const invite = await ana.team('team.invite', { project: projectGuid, role: 'coder' });
      const gus = new Browser();
      const joined = (await gus.team('team.join', { code: invite.json.value.code, name: 'Gus', login: 'gus', password: PASSWORD })).json.value as Whoami;
      const gusGuid = joined.account.guid;
      await gus.api('codes.create', { name: 'Written by Gus' });

      expect((await gus.team('team.setRole', { project: projectGuid, account: gusGuid, role: 'owner' })).status).toBe(403);
      const members = await ana.team('team.setRole', { project: projectGuid, account: gusGuid, role: 'viewer' });
      expect(members.json.value.find((m: { account: { login: string } }) => m.account.login === 'gus').role).toBe('viewer');
      expect((await gus.post('/api/codes.create', { name: 'Now a viewer' })).status).toBe(403);

      const anaGuid = (await ana.team('team.whoami')).json.value.account.guid;
      const lastOwner = await ana.team('team.setRole', { project: projectGuid, account: anaGuid, role: 'coder' });
      expect(lastOwner.status).toBe(409);

      expect((await ana.team('team.setRole', { project: projectGuid, account: gusGuid, role: null })).status).toBe(200);
      expect((await gus.post('/api/codes.list', {})).status).toBe(404);
      expect(((await gus.team('team.whoami')).json.value as Whoami).projects).toEqual([]);
    });
  });

  describe('guessing passwords', () => {
    it('locks a login for a while after five failed sign-ins, even against the right password', async () => {
      const b = new Browser();
      for (let i = 0; i < 5; i++) expect((await b.team('team.signIn', { login: 'cy', password: `guess number ${i}` })).status).toBe(401);
      const locked = await b.team('team.signIn', { login: 'cy', password: PASSWORD });
      expect(locked.status).toBe(401);
      expect(locked.json.error.message).toMatch(/Too many failed sign-ins/);
      // Other logins are not affected.
      expect((await b.team('team.signIn', { login: 'dee', password: PASSWORD })).status).toBe(200);
    });
  });

  describe('security', () => {
    it('refuses requests from other sites and other hosts, and form posts', async () => {
      const ana = new Browser();
      await ana.signIn('ana', projectGuid);
      const evil = await ana.post('/api/codes.create', { name: 'Injected' }, { Origin: 'http://evil.example' });
      expect(evil.status).toBe(403);
      const crossSite = await ana.post('/api/codes.create', { name: 'Injected' }, { 'Sec-Fetch-Site': 'cross-site' });
      expect(crossSite.status).toBe(403);
      const rebound = await raw('POST', '/api/codes.create', { Host: 'evil.example', Cookie: ana.cookie!, 'Content-Type': 'application/json' }, '{"name":"Injected"}');
      expect(rebound.status).toBe(403);
      const form = await raw('POST', '/api/codes.create', { Host: `127.0.0.1:${port}`, Cookie: ana.cookie!, 'Content-Type': 'text/plain' }, '{"name":"Injected"}');
      expect(form.status).toBe(415);
      expect((await ana.api<{ name: string }[]>('codes.list')).map((c) => c.name)).not.toContain('Injected');
    });

    it('lets a viewer read but not write, undo or redo', async () => {
      const fay = new Browser();
      await fay.signIn('fay', projectGuid);
      expect(Array.isArray(await fay.api('codes.list'))).toBe(true);
      for (const [name, input] of [
        ['codes.create', { name: 'By a viewer' }],
        ['history.undo', {}],
        ['project.setPhase', { phase: 2 }],
      ] as const) {
        const r = await fay.post(`/api/${name}`, input);
        expect(r.status, name).toBe(403);
        expect(r.json.error.code).toBe('FORBIDDEN');
      }
    });

    it('keeps one project’s members out of another project', async () => {
      const dee = new Browser();
      await dee.signIn('dee');
      for (const [name, input] of [
        ['team.open', { project: projectGuid }],
        ['team.members', { project: projectGuid }],
        ['team.invite', { project: projectGuid, role: 'coder' }],
      ] as const) {
        const r = await dee.team(name, input);
        expect(r.status, name).toBe(404);
      }
      await dee.team('team.open', { project: otherGuid });
      expect(await dee.api('documents.list')).toEqual([]);
    });

    it('refuses paths on the server and opening project files from the page', async () => {
      const ana = new Browser();
      await ana.signIn('ana', projectGuid);
      expect((await ana.post('/api/project.open', { path: desktopFile })).status).toBe(403);
      expect((await ana.post('/api/documents.import', { sources: [{ kind: 'path', path: '/etc/passwd' }] })).status).toBe(403);
    });
  });

  describe('working together', () => {
    it('shows a colleague’s new codings within a second, attributed to them, and undo takes back only one’s own step', async () => {
      const ana = new Browser();
      const eve = new Browser();
      await ana.signIn('ana', projectGuid);
      await eve.signIn('eve', projectGuid);
      const doc = (await ana.api<{ guid: string }[]>('documents.list'))[0]!;
      const code = await ana.api<{ guid: string }>('codes.create', { name: 'Debriefing' });

      const anaEvents = ana.events();
      const eveEvents = eve.events();
      await Promise.all([anaEvents.ready, eveEvents.ready]);
      const sent = Date.now();
      await ana.api('codings.apply', { document: doc.guid, code: { guid: code.guid }, start: 61, end: 86 });
      const event = await until(() => eveEvents.seen.find((e) => e.type === 'changed' && e.domains.includes('codings')), 1000);
      expect(Date.now() - sent).toBeLessThan(1000);
      expect(event.domains).toContain('codings');
      // Ana's own page refreshes itself; her stream is not told of her own change.
      expect(anaEvents.seen.filter((e) => e.type === 'changed')).toEqual([]);

      const seenByEve = await eve.api<{ coder: string; start: number }[]>('codings.list', { document: doc.guid });
      expect(seenByEve).toHaveLength(1);
      const anaGuid = (await ana.team('team.whoami')).json.value.account.guid;
      expect(seenByEve[0]!.coder).toBe(anaGuid);
      await eve.api('codings.apply', { document: doc.guid, code: { guid: code.guid }, start: 101, end: 119 });
      const both = await ana.api<{ coder: string; start: number }[]>('codings.list', { document: doc.guid });
      expect(both.map((c) => c.start).sort((a, b) => a - b)).toEqual([61, 101]);
      const eveGuid = (await eve.team('team.whoami')).json.value.account.guid;
      expect(both.find((c) => c.start === 101)!.coder).toBe(eveGuid);

      // Ana's undo takes back her coding, not Eve's later one.
      const undone = await ana.api<{ undone: string }>('history.undo');
      expect(undone.undone).toMatch(/coded|Applied|Coded/i);
      const left = await eve.api<{ start: number }[]>('codings.list', { document: doc.guid });
      expect(left.map((c) => c.start)).toEqual([101]);
      anaEvents.close();
      // Signing out ends the browser's stream: its page stops hearing of the project.
      await eve.team('team.signOut');
      await eveEvents.ended;
      expect((await raw('GET', '/api/events', { Host: `127.0.0.1:${port}`, Cookie: eve.cookie ?? '' })).status).toBe(401);
    });

    it('refuses to undo a step whose rows a colleague changed since, and loses nothing', async () => {
      const ana = new Browser();
      const eve = new Browser();
      await ana.signIn('ana', projectGuid);
      await eve.signIn('eve', projectGuid);
      const code = await ana.api<{ guid: string; name: string }>('codes.create', { name: 'Coffee' });
      await eve.api('codes.update', { code: code.guid, name: 'Coffee breaks' });
      const r = await ana.post('/api/history.undo', {});
      expect(r.status).toBe(409);
      expect(r.json.error.code).toBe('CONFLICT');
      expect(r.json.error.message).toContain('Eve');
      expect((await ana.api<{ name: string }[]>('codes.list')).map((c) => c.name)).toContain('Coffee breaks');
    });
  });

  describe('undo that would take a colleague’s work with it', () => {
    it('refuses, and the colleague’s coding stays', async () => {
      const ana = new Browser();
      const eve = new Browser();
      await ana.signIn('ana', projectGuid);
      await eve.signIn('eve', projectGuid);
      const doc = (await ana.api<{ guid: string }[]>('documents.list'))[0]!;
      const code = await ana.api<{ guid: string }>('codes.create', { name: 'Humour' });
      await eve.api('codings.apply', { document: doc.guid, code: { guid: code.guid }, start: 20, end: 40 });
      const r = await ana.post('/api/history.undo', {});
      expect(r.status).toBe(409);
      expect(r.json.error.message).toMatch(/work done since by others \(1 row of codings\)/);
      const codings = await eve.api<{ codeGuid: string }[]>('codings.list', { document: doc.guid });
      expect(codings.filter((c) => c.codeGuid === code.guid)).toHaveLength(1);
      expect((await ana.api<{ guid: string }[]>('codes.list')).map((c) => c.guid)).toContain(code.guid);
      // Once Eve takes her coding back, Ana's undo goes through.
      await eve.api('history.undo');
      await ana.api('history.undo');
      expect((await ana.api<{ guid: string }[]>('codes.list')).map((c) => c.guid)).not.toContain(code.guid);
    });
  });

  describe('two coders editing one code at once', () => {
    it('tells the later one, saves nothing of theirs, and keeps edits of other fields', async () => {
      const ana = new Browser();
      const eve = new Browser();
      await ana.signIn('ana', projectGuid);
      await eve.signIn('eve', projectGuid);
      const code = await ana.api<{ guid: string; name: string; color: string; definition: string }>('codes.create', { name: 'Night shifts' });
      // Both editors show the code as it is now; Eve saves first.
      const seen = { name: code.name, definition: code.definition, color: code.color };
      await eve.api('codes.update', { code: code.guid, definition: 'Working between 19:00 and 07:00.', seen: { definition: seen.definition } });
      const late = await ana.post('/api/codes.update', { code: code.guid, definition: 'Nights on call.', seen: { definition: seen.definition } });
      expect(late.status).toBe(409);
      expect(late.json.error.code).toBe('CONFLICT');
      expect(late.json.error.message).toContain('Eve');
      const after = (await ana.api<{ guid: string; definition: string }[]>('codes.list')).find((c) => c.guid === code.guid)!;
      expect(after.definition).toBe('Working between 19:00 and 07:00.');
      // A field Eve did not touch saves as usual.
      await ana.api('codes.update', { code: code.guid, color: '#aa3355', seen: { color: seen.color } });
      const recoloured = (await eve.api<{ guid: string; color: string; definition: string }[]>('codes.list')).find((c) => c.guid === code.guid)!;
      expect(recoloured).toMatchObject({ color: '#aa3355', definition: 'Working between 19:00 and 07:00.' });
    });
  });

  describe('moving in and out', () => {
    it('puts a desktop project on the server and gives it back with nothing lost', async () => {
      // The demo study with its analysis in progress: codes, themes, codings, memos, journal, log.
      const demoFile = path.join(dir, 'demo.chorus');
      const desktop = new Session(createEnv({ user: { guid: '0b8f3d1e-9a4c-4f53-8f0e-2f1a3c5d7e92', name: 'Desktop' } }));
      expect((await dispatch(desktop, 'project.createDemo', { path: demoFile, analysis: true })).ok).toBe(true);
      desktop.close();
      const before = dump(demoFile);
      expect(before.codings!.length).toBeGreaterThan(10);

      const hosted = team.importProject(demoFile, 'dee');
      expect(hosted.role).toBe('owner');
      // The hosted project exports to REFI-QDA exactly as the desktop file does.
      const dee = new Browser();
      await dee.signIn('dee', hosted.guid);
      const fromServer = await dee.api<{ content: string }>('export.refi', { format: 'qdpx' });
      const desktopAgain = new Session(createEnv({ user: { guid: '0b8f3d1e-9a4c-4f53-8f0e-2f1a3c5d7e92', name: 'Desktop' } }));
      expect((await dispatch(desktopAgain, 'project.open', { path: demoFile })).ok).toBe(true);
      const fromDesktop = await dispatch(desktopAgain, 'export.refi', { format: 'qdpx' });
      desktopAgain.close();
      const qde = async (base64: string) => {
        const zip = await JSZip.loadAsync(Buffer.from(base64, 'base64'));
        return (await zip.file('project.qde')!.async('string')).replace(/(creationDateTime|modifiedDateTime)="[^"]*"/g, '$1=""');
      };
      expect(await qde(fromServer.content)).toBe(await qde((fromDesktop as { ok: true; value: { content: string } }).value.content));
      const out = path.join(dir, 'back.chorus');
      await team.exportProject(hosted.guid, out);
      expect(dump(out)).toEqual(before);
      expect(dump(demoFile)).toEqual(before);
      // The same project twice would have two copies drift apart under one identity.
      expect(() => team.importProject(demoFile, 'ana')).toThrow(/on the server already/);
    });

    it('gives a member the project as REFI-QDA (.qdpx) as a download, and refuses to write it on the server', async () => {
      const ana = new Browser();
      await ana.signIn('ana', projectGuid);
      const qdpx = await ana.api<{ path: string | null; content: string; encoding: string; fileName: string }>('export.refi', { format: 'qdpx' });
      expect(qdpx.path).toBeNull();
      expect(qdpx.encoding).toBe('base64');
      expect(qdpx.fileName).toMatch(/\.qdpx$/);
      expect(Buffer.from(qdpx.content, 'base64').subarray(0, 2).toString('latin1')).toBe('PK');
      expect((await ana.post('/api/export.refi', { format: 'qdpx', path: path.join(dir, 'on-the-server.qdpx') })).status).toBe(403);
      expect(fs.existsSync(path.join(dir, 'on-the-server.qdpx'))).toBe(false);
    });

    it('refuses a file that is not a Chorus project and keeps nothing of it', () => {
      const notes = path.join(dir, 'notes.chorus');
      fs.writeFileSync(notes, 'Interviewer: hello\n');
      const kept = () => (storage === 'folder' ? fs.readdirSync(path.join(dir, 'server', 'projects')).sort() : []);
      const before = kept();
      expect(() => team.importProject(notes, 'ana')).toThrow(/not a Chorus project|could not be opened/);
      expect(kept()).toEqual(before);
      expect(team.listProjects().map((p) => p.name)).not.toContain('notes');
    });
  });
});
