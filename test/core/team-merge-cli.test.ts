import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { call, dbOf } from './helpers.js';
import { DANA, makePair, spans, type Pair } from './team-merge-fixture.js';

const BIN = path.resolve(__dirname, '../../electron/cli/bin.cjs');

let p: Pair;
afterEach(() => p?.h.cleanup());

function chorus(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: p.h.dir,
    encoding: 'utf8',
    env: { ...process.env, CHORUS_HOME: path.join(p.h.dir, 'home'), CHORUS_USER: 'Test Coder' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

it('chorus merge: --dry-run shows the plan and conflicts side by side, refuses without --take, applies with it', async () => {
  p = await makePair();
  const x = p.codes.find((c) => c.kind === 'code' && c.name !== 'Shared before the copy')!;
  await call(p.a, 'codes.update', { code: x.guid, name: 'Our name' });
  await call(p.b, 'codes.update', { code: x.guid, name: 'Their name' });
  await call(p.b, 'codings.apply', { document: p.docs[0]!.guid, start: 10, end: 60, code: { guid: x.guid } });
  const count = () => dbOf(p.a).prepare(`SELECT count(*) FROM codings`).pluck().get();
  const before = count();

  const dry = chorus('merge', p.fileA, p.fileB, '--dry-run');
  expect(dry.stderr).toBe('');
  expect(dry.code).toBe(0);
  expect(dry.stdout).toContain('common ancestor: log entry');
  expect(dry.stdout).toContain('Dana (new coder): 1 codings to add');
  expect(dry.stdout).toMatch(/rename\s+Our name/u);
  expect(dry.stdout).toContain(`base:   name: "${x.name}"`);
  expect(dry.stdout).toContain('ours:   name: "Our name"');
  expect(dry.stdout).toContain('theirs: name: "Their name"');
  expect(count()).toBe(before);

  const refused = chorus('merge', p.fileA, p.fileB);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('1 conflict(s) need a choice; nothing was merged');
  expect(count()).toBe(before);

  const applied = chorus('merge', p.fileA, p.fileB, '--take', 'theirs');
  expect(applied.stderr).toBe('');
  expect(applied.stdout.trim()).toBe("Merged Dana's project: 1 coding, 0 codes, 1 conflict resolved");
  expect(spans(dbOf(p.a), DANA.guid)).toEqual(spans(dbOf(p.b), DANA.guid));
  expect(dbOf(p.a).prepare(`SELECT name FROM codes WHERE guid = ?`).pluck().get(x.guid)).toBe('Their name');
}, 60_000);
