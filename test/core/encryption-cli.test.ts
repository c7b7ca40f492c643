/**
 * `chorus` on encrypted projects: the passphrase comes from CHORUS_PASSPHRASE (never an argument);
 * without it and without a terminal to ask on, a command says which variable to set, exits 2 and
 * leaves the file as it was. Runs the real binary, as cli.test.ts does.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProjectInfo } from '../../shared/types.js';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'electron/cli/bin.cjs');
const DEMO = path.join(ROOT, 'resources/demo');
const SECRET = 'correct horse battery staple';
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-cli-enc-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs `chorus` with its settings in the temp folder, stdin a pipe (no terminal), and `env` added. */
function chorus(env: Record<string, string>, ...args: string[]) {
  const base: NodeJS.ProcessEnv = { ...process.env, CHORUS_HOME: path.join(dir, 'home'), CHORUS_USER: 'Test Coder' };
  for (const k of ['CHORUS_PASSPHRASE', 'CHORUS_NEW_PASSPHRASE', 'CHORUS_OTHER_PASSPHRASE']) delete base[k];
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', input: '', env: { ...base, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const encrypted = (file: string) => !fs.readFileSync(file).subarray(0, 16).equals(SQLITE_MAGIC);

describe('chorus with an encrypted project', () => {
  it('creates, imports, reports and exports with CHORUS_PASSPHRASE; without it or with a wrong one exits 2 untouched', () => {
    const p = path.join(dir, 'secret.chorus');
    const created = chorus({ CHORUS_NEW_PASSPHRASE: SECRET }, 'new', p, '--encrypt');
    expect(created).toMatchObject({ code: 0 });
    expect(created.stdout).toContain('protected with a passphrase');
    expect(encrypted(p)).toBe(true);
    expect(chorus({ CHORUS_PASSPHRASE: SECRET }, 'import', p, path.join(DEMO, 'fg3-site-b.txt')).code).toBe(0);

    const info = chorus({ CHORUS_PASSPHRASE: SECRET }, 'info', p, '--json');
    expect(info.code).toBe(0);
    // Only JSON on stdout: prompts and notes go to stderr.
    const parsed = JSON.parse(info.stdout) as ProjectInfo;
    expect(parsed).toMatchObject({ encrypted: true, counts: { documents: 1, speakers: 4 } });
    expect(info.stdout).not.toContain(SECRET);

    const before = sha256(p);
    const missing = chorus({}, 'info', p);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/secret\.chorus is protected with a passphrase.*Set CHORUS_PASSPHRASE/);
    const wrong = chorus({ CHORUS_PASSPHRASE: 'not the passphrase' }, 'info', p);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/That passphrase does not open secret\.chorus/);
    expect(wrong.stderr).not.toContain('not the passphrase');
    expect(sha256(p)).toBe(before);
    expect(fs.existsSync(`${p}-wal`)).toBe(false);

    const qdpx = path.join(dir, 'out.qdpx');
    expect(chorus({ CHORUS_PASSPHRASE: SECRET }, 'export', p, '--format', 'qdpx', '-o', qdpx).code).toBe(0);
    expect(fs.statSync(qdpx).size).toBeGreaterThan(0);
  }, 120_000); // each run of the CLI starts Node and tsx, seconds apiece on a busy machine

  it('protects, changes and removes the passphrase (chorus passphrase), asking for the new one from CHORUS_NEW_PASSPHRASE', () => {
    const p = path.join(dir, 'study.chorus');
    expect(chorus({}, 'new', p).code).toBe(0);
    expect(chorus({}, 'import', p, path.join(DEMO, 'fg1-site-a.txt')).code).toBe(0);
    const plainInfo = JSON.parse(chorus({}, 'info', p, '--json').stdout) as ProjectInfo;

    const noNew = chorus({}, 'passphrase', p);
    expect(noNew.code).toBe(2);
    expect(noNew.stderr).toMatch(/Set CHORUS_NEW_PASSPHRASE/);
    expect(encrypted(p)).toBe(false);

    expect(chorus({ CHORUS_NEW_PASSPHRASE: SECRET }, 'passphrase', p)).toMatchObject({ code: 0 });
    expect(encrypted(p)).toBe(true);
    expect(chorus({}, 'info', p).code).toBe(2);
    const changed = chorus({ CHORUS_PASSPHRASE: SECRET, CHORUS_NEW_PASSPHRASE: 'another long one' }, 'passphrase', p);
    expect(changed.code).toBe(0);
    expect(changed.stdout).toContain('protected with the new passphrase');
    expect(chorus({ CHORUS_PASSPHRASE: SECRET }, 'info', p).code).toBe(2);
    const removed = chorus({ CHORUS_PASSPHRASE: 'another long one' }, 'passphrase', p, '--remove');
    expect(removed.code).toBe(0);
    expect(encrypted(p)).toBe(false);
    const after = JSON.parse(chorus({}, 'info', p, '--json').stdout) as ProjectInfo;
    expect({ ...after, encrypted: undefined }).toEqual({ ...plainInfo, encrypted: undefined });
  }, 120_000);

  it('merges an encrypted co-coder copy whose passphrase differs, with CHORUS_OTHER_PASSPHRASE', () => {
    const p = path.join(dir, 'ours.chorus');
    expect(chorus({ CHORUS_NEW_PASSPHRASE: SECRET }, 'new', p, '--encrypt').code).toBe(0);
    const other = path.join(dir, 'theirs.chorus');
    expect(chorus({ CHORUS_NEW_PASSPHRASE: 'theirs is different' }, 'new', other, '--encrypt').code).toBe(0);
    expect(chorus({ CHORUS_PASSPHRASE: 'theirs is different' }, 'import', other, path.join(DEMO, 'fg1-site-a.txt')).code).toBe(0);
    const asked = chorus({ CHORUS_PASSPHRASE: SECRET }, 'merge', p, other, '--dry-run');
    expect(asked.code).toBe(2);
    expect(asked.stderr).toMatch(/theirs\.chorus is protected with a passphrase other than this project's.*CHORUS_OTHER_PASSPHRASE/);
    const merged = chorus({ CHORUS_PASSPHRASE: SECRET, CHORUS_OTHER_PASSPHRASE: 'theirs is different' }, 'merge', p, other);
    expect(merged.code).toBe(0);
    expect(JSON.parse(chorus({ CHORUS_PASSPHRASE: SECRET }, 'info', p, '--json').stdout)).toMatchObject({ counts: { documents: 1 } });
    const log = chorus({ CHORUS_PASSPHRASE: SECRET }, 'history', p, '--json').stdout;
    expect(log).not.toContain('theirs is different');
  }, 120_000);

  it('puts an encrypted project on the team server (chorus server import) with CHORUS_PASSPHRASE', () => {
    const p = path.join(dir, 'hosted.chorus');
    expect(chorus({ CHORUS_NEW_PASSPHRASE: SECRET }, 'new', p, '--encrypt', '--title', 'Hosted study').code).toBe(0);
    const data = path.join(dir, 'server');
    const account = { CHORUS_PASSWORD: 'a long enough password' };
    const refused = chorus(account, 'server', 'import', p, '--owner', 'ana', '--name', 'Ana', '--data', data);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/protected with a passphrase.*Set CHORUS_PASSPHRASE/);
    const imported = chorus({ ...account, CHORUS_PASSPHRASE: SECRET }, 'server', 'import', p, '--owner', 'ana', '--data', data);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('"Hosted study" is on the server');
  }, 120_000);
});
