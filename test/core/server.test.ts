import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnv, dispatch, Session } from '../../electron/core/index.js';
import { resolveStatic, startServer, type RunningServer } from '../../electron/server/server.js';

let dir: string;
let server: RunningServer;
let session: Session;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-server-'));
  const staticDir = path.join(dir, 'static');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Chorus</title>');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'outside');
  session = new Session(createEnv({ user: { guid: '7d1f7f0e-2a51-4c0e-9d4b-0c6f3c1b2a10', name: 'Tester' } }));
  const created = await dispatch(session, 'project.create', { path: path.join(dir, 'p.chorus') });
  expect(created.ok).toBe(true);
  server = await startServer({ session, staticDir, port: 0 });
});

afterAll(async () => {
  await server.close();
  session.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const post = (name: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(new URL(`api/${name}`, server.url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('browser-mode server', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
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
    const notJson = await fetch(new URL('api/codes.list', server.url), { method: 'POST', body: '{nope' });
    expect(notJson.status).toBe(400);
  });

  it('refuses requests from pages of other origins', async () => {
    const res = await post('codes.list', {}, { Origin: 'http://evil.example' });
    expect(res.status).toBe(403);
  });

  it('serves the renderer with a Content Security Policy and nothing outside it', async () => {
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(resolveStatic('/srv/app', '/assets/app.js')).toBe('/srv/app/assets/app.js');
    expect(resolveStatic('/srv/app', '/../secret.txt')).toBeNull();
    expect(resolveStatic('/srv/app', '/%2e%2e/secret.txt')).toBeNull();
    const traversal = await fetch(new URL('%2e%2e/secret.txt', server.url));
    expect(traversal.status).toBe(404);
  });
});
