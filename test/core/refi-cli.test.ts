/** `chorus export --format qdpx|qdc` and `chorus import` of .qdpx (new project) and .qdc (merge). */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const BIN = path.resolve(__dirname, '../../electron/cli/bin.cjs');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-refi-cli-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function chorus(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, CHORUS_HOME: path.join(dir, 'home'), CHORUS_USER: 'Test Coder' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('chorus and REFI-QDA', () => {
  it('exports a project as .qdpx and .qdc, creates a project from the .qdpx and merges the .qdc', () => {
    const demo = path.join(dir, 'demo.chorus');
    expect(chorus('demo', demo).code).toBe(0);
    const qdpx = chorus('export', demo, '--format', 'qdpx', '-o', path.join(dir, 'demo.qdpx'));
    expect(qdpx.code, qdpx.stderr).toBe(0);
    expect(chorus('export', demo, '--format', 'qdc', '-o', path.join(dir, 'demo.qdc')).code).toBe(0);

    const copy = path.join(dir, 'copy.chorus');
    const imported = chorus('import', copy, path.join(dir, 'demo.qdpx'));
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/4 documents/);

    const empty = path.join(dir, 'empty.chorus');
    expect(chorus('new', empty).code).toBe(0);
    const dry = chorus('import', empty, path.join(dir, 'demo.qdc'), '--dry-run');
    expect(dry.stdout).toMatch(/Dry run: would add \d+ codes, rename 0, left 0 alone/);
    const merged = chorus('import', empty, path.join(dir, 'demo.qdc'));
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toMatch(/Added \d+ codes, renamed 0, left 0 alone/);

    const bad = chorus('export', demo, '--format', 'nvpx', '-o', path.join(dir, 'x'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/codebook-md, qdc, qdpx, themes-md or themes-docx/);
  }, 60_000);
});
