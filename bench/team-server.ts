/**
 * The team server under many coders, measured: `npx tsx bench/team-server.ts`.
 *
 *   npx tsx bench/team-server.ts [--size small|large] [--seed N] [--coders N] [--applies N] [--postgres] [--json FILE]
 *
 * With `--postgres`, the server keeps its accounts and the project in PostgreSQL (a throwaway
 * cluster on 127.0.0.1, as the tests start it: Debian's postgresql package); else in a folder.
 *
 * Builds the synthetic study of bench/generate.ts (large by default: 200 groups, 500 codes,
 * 100,000 codings), puts it on a team server (`TeamServer`, its HTTP door on 127.0.0.1), signs in
 * `--coders` accounts (20) and has them all code at once: each sends `--applies` (50)
 * `codings.apply` calls over HTTP one after another, with its event stream open. It reports:
 *
 * - `team.apply_p50_ms` / `team.apply_p95_ms`: the time of one `codings.apply` through HTTP, as
 *   the coder's page waits for it, while the others code too;
 * - `team.event_p50_ms` / `team.event_p95_ms`: from a coder sending a coding until a colleague's
 *   page is told (the `changed` event arrives on its stream);
 * - `team.appear_p50_ms` / `team.appear_p95_ms`: until the colleague's page has it, that is, its
 *   refetch of the document's codings (what the page does on the event) holds the new coding.
 *
 * Set-up only: the study's planned codings are written to the file in one transaction, as in
 * bench/analysis-find.ts. Nothing is asserted: this prints numbers.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { OpInput, OpName, OpOutput } from '../shared/api.js';
import { createEnv, dispatch, Session, TeamServer } from '../electron/core/index.js';
import { sqliteConnection } from '../electron/core/store/sqlite.js';
import { startTeamDoor } from '../electron/server/team-door.js';
import { createDatabase, startPostgres } from '../test/postgres.js';
import { generateStudy, type SizeName } from './generate.js';

interface Options {
  size: SizeName;
  seed: number;
  coders: number;
  applies: number;
  postgres: boolean;
  json: string | null;
}

function parseOptions(argv: string[]): Options {
  const o: Options = { size: 'large', seed: 1, coders: 20, applies: 50, postgres: false, json: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value.`);
      return v;
    };
    if (a === '--size') {
      const v = value();
      if (v !== 'small' && v !== 'large') throw new Error(`--size is small or large, not "${v}".`);
      o.size = v;
    } else if (a === '--seed') o.seed = Number.parseInt(value(), 10);
    else if (a === '--coders') o.coders = Math.max(2, Number.parseInt(value(), 10));
    else if (a === '--applies') o.applies = Math.max(1, Number.parseInt(value(), 10));
    else if (a === '--json') o.json = path.resolve(value());
    else if (a === '--postgres') o.postgres = true;
    else throw new Error(`Unknown option ${a}. Usage: npx tsx bench/team-server.ts [--size small|large] [--seed N] [--coders N] [--applies N] [--postgres] [--json FILE]`);
  }
  return o;
}

const progress = (m: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

async function call<N extends OpName>(session: Session, name: N, input: OpInput<N>): Promise<OpOutput<N>> {
  const r = await dispatch(session, name, input);
  if (!r.ok) throw new Error(`${name} failed: ${r.error.code}: ${r.error.message}`);
  return r.value as OpOutput<N>;
}

/** A desktop project holding the whole study, codings included. */
async function buildStudy(o: Options, tmp: string): Promise<{ file: string; docGuids: string[]; docTexts: string[]; codeGuids: string[] }> {
  const transcripts = path.join(tmp, 'transcripts');
  fs.mkdirSync(transcripts);
  const session = new Session(createEnv({ user: { guid: '00000000-0000-4000-8000-00000000be4c', name: 'Benchmark' } }));
  try {
    const study = generateStudy(transcripts, o.size, o.seed);
    const file = path.join(tmp, 'study.chorus');
    await call(session, 'project.create', { path: file, title: 'Team benchmark' });
    const docGuids: string[] = [];
    const files = study.documents.map((d) => d.file);
    for (let i = 0; i < files.length; i += 20) {
      const report = await call(session, 'documents.import', { sources: files.slice(i, i + 20).map((p) => ({ kind: 'path' as const, path: p })) });
      for (const f of report.files) docGuids.push(f.document!.guid);
    }
    progress(`imported ${docGuids.length} transcripts`);
    const codeGuids: string[] = [];
    for (const c of study.codes) codeGuids.push((await call(session, 'codes.create', { name: c.name, parent: c.parent === null ? null : codeGuids[c.parent]! })).guid);
    const db = sqliteConnection(session.project!.db);
    const idOf = (table: string, guid: string) => (db.prepare(`SELECT id FROM ${table} WHERE guid = ?`).get(guid) as { id: number }).id;
    const docIds = docGuids.map((g) => idOf('documents', g));
    const codeIds = codeGuids.map((g) => idOf('codes', g));
    const insert = db.prepare(`INSERT INTO codings (guid, document_id, code_id, start, end, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    const at = new Date().toISOString();
    db.transaction(() => {
      for (const c of study.codings) insert.run(randomUUID(), docIds[c.doc]!, codeIds[c.code]!, c.start, c.end, session.env.user.guid, at);
    })();
    progress(`coded ${study.codings.length.toLocaleString('en-US')} passages`);
    const docTexts = study.documents.map((d) => fs.readFileSync(d.file, 'utf8'));
    return { file, docGuids, docTexts, codeGuids };
  } finally {
    session.close();
  }
}

/** A coder's page: its session cookie, and its event stream with the time each event came. */
class Page {
  cookie = '';
  readonly events: { at: number; domains: string[] }[] = [];
  private stream: http.ClientRequest | null = null;
  constructor(
    readonly origin: string,
    readonly port: number,
  ) {}

  async post<T>(url: string, body: unknown): Promise<T> {
    const res = await fetch(new URL(url, this.origin), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: this.origin.replace(/\/$/, ''), Cookie: this.cookie },
      body: JSON.stringify(body),
    });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!;
    const json = (await res.json()) as { ok: boolean; value: T; error?: { message: string } };
    if (!json.ok) throw new Error(`${url}: ${json.error?.message}`);
    return json.value;
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stream = http.get({ host: '127.0.0.1', port: this.port, path: '/api/events', headers: { Cookie: this.cookie } }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`events: ${res.statusCode}`));
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          const now = performance.now();
          buffer += chunk;
          if (buffer.includes(': connected')) resolve();
          let at;
          while ((at = buffer.indexOf('\n\n')) >= 0) {
            const data = buffer.slice(0, at).split('\n').find((l) => l.startsWith('data: '));
            buffer = buffer.slice(at + 2);
            if (data) {
              const event = JSON.parse(data.slice(6)) as { type: string; domains?: string[] };
              if (event.type === 'changed') this.events.push({ at: now, domains: event.domains ?? [] });
            }
          }
        });
      });
      this.stream.on('error', () => {});
    });
  }

  close(): void {
    this.stream?.destroy();
  }
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const loadAtStart = os.loadavg().map((l) => Number(l.toFixed(2)));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-bench-team-'));
  const staticDir = path.join(tmp, 'static');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Chorus</title>');
  progress(`size ${o.size}, ${o.coders} coders × ${o.applies} codings, working in ${tmp}`);
  const { file, docGuids, docTexts, codeGuids } = await buildStudy(o, tmp);
  /** A passage of document `d` from about `at`, `length` long, not splitting a character written as two UTF-16 units. */
  const span = (d: number, at: number, length: number) => {
    const text = docTexts[d]!;
    const inside = (i: number) => i > 0 && i < text.length && /[\udc00-\udfff]/.test(text[i]!);
    let start = Math.min(at, text.length - 2);
    let end = Math.min(start + length, text.length);
    while (inside(start)) start++;
    while (inside(end)) end++;
    return { start, end };
  };

  const serverEnv = createEnv({ user: { guid: '00000000-0000-4000-8000-000000000000', name: 'Server' } });
  const pg = o.postgres ? await startPostgres() : null;
  const team = pg ? TeamServer.openPostgres(createDatabase(pg.url, 'chorus_bench'), serverEnv) : TeamServer.openInFolder(path.join(tmp, 'server'), serverEnv);
  const door = await startTeamDoor({ team, staticDir });
  const port = Number(new URL(door.origin).port);
  try {
    const password = 'benchmark password';
    const logins = Array.from({ length: o.coders }, (_, i) => `coder${i + 1}`);
    for (const login of logins) await team.createAccount({ login, name: login, password });
    const importStarted = performance.now();
    const project = team.importProject(file, logins[0]!);
    const importMs = performance.now() - importStarted;
    progress(`put the study on the server in ${(importMs / 1000).toFixed(1)} s`);
    const invites: string[] = [];
    const owner = new Page(door.origin, port);
    await owner.post('/team/team.signIn', { login: logins[0], password });
    for (let i = 1; i < o.coders; i++) invites.push((await owner.post<{ code: string }>('/team/team.invite', { project: project.guid, role: 'coder' })).code);
    const pages: Page[] = [];
    for (let i = 0; i < o.coders; i++) {
      const page = new Page(door.origin, port);
      if (i === 0) await page.post('/team/team.signIn', { login: logins[0], password });
      else await page.post('/team/team.join', { code: invites[i - 1], name: `Coder ${i + 1}`, login: `joined${i + 1}`, password });
      await page.post('/team/team.open', { project: project.guid });
      await page.listen();
      pages.push(page);
    }
    progress(`${pages.length} coders signed in, each with an event stream`);

    // Each coder codes passages of its own transcript, one call after another; all at once.
    let seed = o.seed;
    const random = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const applies: number[] = [];
    const sent: { coder: number; at: number; document: string; guid: string }[] = [];
    const t0 = performance.now();
    await Promise.all(
      pages.map(async (page, i) => {
        const d = i % docGuids.length;
        for (let k = 0; k < o.applies; k++) {
          const at = Math.floor(random() * Math.max(1, docTexts[d]!.length - 400));
          const input = { document: docGuids[d]!, code: { guid: codeGuids[Math.floor(random() * codeGuids.length)]! }, ...span(d, at, 40 + Math.floor(random() * 200)) };
          const sentAt = performance.now();
          const r = await page.post<{ coding: { guid: string } }>('/api/codings.apply', input);
          applies.push(performance.now() - sentAt);
          sent.push({ coder: i, at: sentAt, document: input.document, guid: r.coding.guid });
        }
      }),
    );
    const wallMs = performance.now() - t0;
    progress(`${applies.length} codings in ${(wallMs / 1000).toFixed(1)} s`);

    // When a colleague (the next coder) was told of each coding: its first 'codings' event after the send.
    const eventDelays: number[] = [];
    for (const s of sent) {
      const colleague = pages[(s.coder + 1) % pages.length]!;
      const e = colleague.events.find((ev) => ev.at >= s.at && ev.domains.includes('codings'));
      if (e) eventDelays.push(e.at - s.at);
    }
    // How long until a colleague's page has a new coding: send, event, refetch, as the page does.
    const appear: number[] = [];
    const watcher = pages[1]!;
    for (let k = 0; k < 30; k++) {
      const d = k % docGuids.length;
      const passage = span(d, Math.floor(random() * Math.max(1, docTexts[d]!.length - 400)), 60);
      const before = watcher.events.length;
      const at = performance.now();
      const r = await pages[0]!.post<{ coding: { guid: string } }>('/api/codings.apply', { document: docGuids[d]!, code: { guid: codeGuids[k % codeGuids.length]! }, ...passage });
      while (watcher.events.length === before) await new Promise((res) => setTimeout(res, 1));
      const list = await watcher.post<{ guid: string }[]>('/api/codings.list', { document: docGuids[d]! });
      if (!list.some((c) => c.guid === r.coding.guid)) throw new Error('The colleague’s refetch does not hold the new coding.');
      appear.push(performance.now() - at);
    }

    const results = {
      'team.storage': o.postgres ? 'postgres' : 'folder',
      'team.import_ms': Number(importMs.toFixed(0)),
      'team.coders': o.coders,
      'team.codings': applies.length,
      'team.codings_per_s': Number((applies.length / (wallMs / 1000)).toFixed(1)),
      'team.apply_p50_ms': Number(quantile(applies, 0.5).toFixed(1)),
      'team.apply_p95_ms': Number(quantile(applies, 0.95).toFixed(1)),
      'team.apply_max_ms': Number(Math.max(...applies).toFixed(1)),
      'team.event_p50_ms': Number(quantile(eventDelays, 0.5).toFixed(1)),
      'team.event_p95_ms': Number(quantile(eventDelays, 0.95).toFixed(1)),
      'team.appear_p50_ms': Number(quantile(appear, 0.5).toFixed(1)),
      'team.appear_p95_ms': Number(quantile(appear, 0.95).toFixed(1)),
    };
    const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, loadAtStart, loadAtEnd: os.loadavg().map((l) => Number(l.toFixed(2))) };
    for (const [k, v] of Object.entries(results)) process.stdout.write(`${k.padEnd(26)} ${v}\n`);
    if (o.json) fs.writeFileSync(o.json, JSON.stringify({ size: o.size, seed: o.seed, machine, results }, null, 2));
    for (const p of pages) p.close();
    owner.close();
  } finally {
    await door.close();
    team.close();
    await pg?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e: Error) => {
  process.stderr.write(`${e.stack ?? e.message}\n`);
  process.exit(1);
});
