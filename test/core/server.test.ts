import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnv, dispatch, Session } from '../../electron/core/index.js';
import { resolveStatic, startServer, type RunningServer } from '../../electron/server/server.js';

let dir: string;
let projects: string;
let server: RunningServer;
let session: Session;
let port: number;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-server-'));
  const staticDir = path.join(dir, 'static');
  projects = path.join(dir, 'projects');
  fs.mkdirSync(staticDir);
  fs.mkdirSync(projects);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Chorus</title>');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'outside');
  session = new Session(createEnv({ user: { guid: '7d1f7f0e-2a51-4c0e-9d4b-0c6f3c1b2a10', name: 'Tester' } }));
  const created = await dispatch(session, 'project.create', { path: path.join(projects, 'p.chorus') });
  expect(created.ok).toBe(true);
  server = await startServer({ session, staticDir, projectsFolder: projects, port: 0 });
  port = Number(new URL(server.origin).port);
});

afterAll(async () => {
  await server.close();
  session.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const withToken = () => ({ Authorization: `Bearer ${server.token}` });

const post = (name: string, body: unknown, headers: Record<string, string> = withToken()) =>
  fetch(new URL(`api/${name}`, server.origin), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

/**
 * A request exactly as written, with headers fetch would not let a script set (Host) and a path
 * it would normalise (`/../`).
 */
function raw(
  method: string,
  target: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: target, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const ours = () => ({ Host: `127.0.0.1:${port}` });

describe('browser-mode server', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.url).toBe(`${server.origin}?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(40);
  });

  it('runs operations of the contract and answers with the result envelope', async () => {
    const res = await post('codes.create', { name: 'Hierarchy' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; value: { name: string } };
    expect(body).toMatchObject({ ok: true, value: { name: 'Hierarchy' } });
  });

  it('maps errors to 4xx with the error as JSON', async () => {
    const dup = await post('codes.create', { name: 'hierarchy' });
    expect(dup.status).toBe(409);
    expect(await dup.json()).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const bad = await post('codes.create', { name: '' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const unknown = await post('codes.explode', {});
    expect(unknown.status).toBe(404);
    const notJson = await fetch(new URL('api/codes.list', server.origin), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...withToken() },
      body: '{nope',
    });
    expect(notJson.status).toBe(400);
  });


  it('says it has no accounts when the page asks whether it is a team server', async () => {
    const r = await raw('POST', '/team/team.whoami', { Host: `127.0.0.1:${port}`, 'Content-Type': 'application/json' }, '{}');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ ok: true, value: null });
    // Still only for this server's own pages.
    expect((await raw('POST', '/team/team.whoami', { Host: 'evil.example', 'Content-Type': 'application/json' }, '{}')).status).toBe(403);
  });

  it('serves the renderer with a Content Security Policy and nothing outside it', async () => {
    const res = await fetch(server.origin);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(resolveStatic('/srv/app', '/assets/app.js')).toBe('/srv/app/assets/app.js');
    expect(resolveStatic('/srv/app', '/../secret.txt')).toBeNull();
    expect(resolveStatic('/srv/app', '/%2e%2e/secret.txt')).toBeNull();
    const traversal = await fetch(new URL('%2e%2e/secret.txt', server.origin));
    expect(traversal.status).toBe(404);
  });
});

describe('the door of browser mode refuses', () => {
  it('a foreign Host before any handler runs (DNS rebinding)', async () => {
    for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1.evil.example:${port}`, `127.0.0.1:${port + 1}`]) {
      const res = await raw('POST', '/api/project.current', { Host: host, 'Content-Type': 'application/json', ...withToken() }, '{}');
      expect(res.status, host).toBe(403);
      expect(res.body).not.toContain(projects);
    }
    expect((await raw('GET', '/', { Host: `evil.example:${port}` })).status).toBe(403);
  });

  it('a matching foreign Origin and Host pair', async () => {
    const res = await raw(
      'POST',
      '/api/documents.import',
      { Host: `evil.example:${port}`, Origin: `http://evil.example:${port}`, 'Content-Type': 'application/json', ...withToken() },
      JSON.stringify({ sources: [{ kind: 'path', path: path.join(dir, 'secret.txt') }] }),
    );
    expect(res.status).toBe(403);
  });

  it('another site, even with our Host', async () => {
    for (const origin of ['http://evil.example', 'null', `https://127.0.0.1:${port}`, `http://127.0.0.1:${port}.evil.example`]) {
      const res = await post('project.current', {}, { ...withToken(), Origin: origin });
      expect(res.status, origin).toBe(403);
    }
    const fetchMeta = await post('project.current', {}, { ...withToken(), 'Sec-Fetch-Site': 'cross-site' });
    expect(fetchMeta.status).toBe(403);
    const ownPage = await post('project.current', {}, { ...withToken(), Origin: `http://localhost:${port}` });
    expect(ownPage.status).toBe(200);
  });

  it('calls without the run’s token, with a wrong one, and the event stream without it', async () => {
    expect((await post('project.current', {}, {})).status).toBe(401);
    expect((await post('project.current', {}, { Authorization: 'Bearer not-the-token' })).status).toBe(401);
    expect((await post('project.current', {}, { Cookie: 'chorus_token=guess' })).status).toBe(401);
    const events = await raw('GET', '/api/events', ours());
    expect(events.status).toBe(401);
  });

  it('a text/plain form post, and other non-JSON bodies, even with the token', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '']) {
      const headers: Record<string, string> = { ...ours(), ...withToken() };
      if (type) headers['Content-Type'] = type;
      const res = await raw('POST', '/api/codes.create', headers, '{"name":"Planted"}');
      expect(res.status, type || 'no type').toBe(415);
    }
    const codes = (await (await post('codes.list', {})).json()) as { value: { name: string }[] };
    expect(codes.value.map((c) => c.name)).not.toContain('Planted');
  });

  it('GET /../../etc/passwd and its encoded forms', async () => {
    for (const target of [
      '/../../etc/passwd',
      '/../secret.txt',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
      '/..%2f..%2fetc%2fpasswd',
      '/%252e%252e/%252e%252e/etc/passwd',
      '/..%5c..%5cetc%5cpasswd',
      '/index.html%00/../../secret.txt',
      '/assets/../../secret.txt',
    ]) {
      const res = await raw('GET', target, ours());
      expect(res.status, target).toBe(404);
      expect(res.body).not.toContain('root:');
      expect(res.body).not.toContain('outside');
    }
  });

  it('paths on disk the page did not choose: reads, writes, and projects outside its folder', async () => {
    const read = await post('documents.import', { sources: [{ kind: 'path', path: path.join(dir, 'secret.txt') }] });
    expect(read.status).toBe(403);
    const csv = await post('attributes.importCsv', { scope: 'document', source: { kind: 'path', path: '/etc/passwd' } });
    expect(csv.status).toBe(403);
    const merge = await post('team.previewMerge', { source: '/etc/passwd' });
    expect(merge.status).toBe(403);
    const written = path.join(dir, 'written.md');
    const write = await post('export.codebook', { format: 'codebook-md', path: written });
    expect(write.status).toBe(403);
    expect(fs.existsSync(written)).toBe(false);
    for (const p of [path.join(dir, 'elsewhere.chorus'), '../elsewhere.chorus', '/etc/passwd']) {
      const res = await post('project.create', { path: p });
      expect(res.status, p).toBe(403);
    }
    expect(fs.existsSync(path.join(dir, 'elsewhere.chorus'))).toBe(false);
    // A link inside the folder that leads out of it is outside too.
    fs.symlinkSync(dir, path.join(projects, 'out'));
    expect((await post('project.create', { path: 'out/linked.chorus' })).status).toBe(403);
    expect(fs.existsSync(path.join(dir, 'linked.chorus'))).toBe(false);
    const current = (await (await post('project.current', {})).json()) as { value: { path: string } };
    expect(current.value.path).toBe(path.join(fs.realpathSync(projects), 'p.chorus'));
  });

  it('nothing the page chose: downloads, uploads and projects in its folder', async () => {
    const download = (await (await post('export.codebook', { format: 'codebook-md' })).json()) as { ok: boolean };
    expect(download.ok).toBe(true);
    const upload = await post('documents.import', {
      sources: [{ kind: 'bytes', name: 'fg.txt', base64: Buffer.from('Moderator: Hello.\n\nP1: Hi.\n').toString('base64') }],
    });
    expect(upload.status).toBe(200);
    const created = await post('project.create', { path: 'Second study.chorus' });
    expect(created.status).toBe(200);
    const listing = (await (await post('project.files', {})).json()) as { value: { folder: string; files: string[] } };
    expect(listing.value).toEqual({ folder: fs.realpathSync(projects), files: ['p.chorus', 'Second study.chorus'] });
    expect((await post('project.open', { path: 'p.chorus' })).status).toBe(200);
  });

  it('gives the page its token once, as an HttpOnly SameSite=Strict cookie, and takes it back from the address', async () => {
    const wrong = await raw('GET', '/?token=guess', ours());
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const res = await raw('GET', new URL(server.url).pathname + new URL(server.url).search, ours());
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    const cookie = res.headers['set-cookie']![0]!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const pair = cookie.split(';')[0]!;
    const call = await raw('POST', '/api/project.current', { ...ours(), Cookie: pair, 'Content-Type': 'application/json' }, '{}');
    expect(call.status).toBe(200);
  });
});
