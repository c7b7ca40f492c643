import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DocumentDetail, ProjectInfo } from '../../shared/types.js';
import { createEnv, dispatch, Session } from '../../electron/core/index.js';
import { buildDocx } from '../fixtures/transcripts/helpers.js';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'electron/cli/bin.cjs');
const DEMO = path.join(ROOT, 'resources/demo');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-cli-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs the real `chorus` binary, with its settings in the temp folder. */
function chorus(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, CHORUS_HOME: path.join(dir, 'home'), CHORUS_USER: 'Test Coder' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('chorus CLI', () => {
  it('creates a project, imports a transcript and reports its speakers and turns', () => {
    const p = path.join(dir, 'p.chorus');
    expect(chorus('new', p).code).toBe(0);
    const imported = chorus('import', p, path.join(DEMO, 'fg3-site-b.txt'));
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('4 speakers');
    expect(imported.stdout).toMatch(/Kwame \(28\)/);

    const info = chorus('info', p, '--json');
    expect(info.code).toBe(0);
    const parsed = JSON.parse(info.stdout) as ProjectInfo;
    expect(parsed.counts.documents).toBe(1);
    expect(parsed.counts.speakers).toBe(4);
    const doc = parsed.documents[0]!;
    expect(doc.speakers.map((s) => s.label)).toEqual(['Dr. Alvarez', 'Kwame', 'Sofia', 'Dev']);
    // Speaker turns plus the header before the first speaker.
    expect(doc.turns).toBe(doc.speakers.reduce((n, s) => n + s.turns, 0) + 1);
    expect(parsed.user.name).toBe('Test Coder');
  });

  it('refuses a file that is not a project, prints one line, exits 2 and leaves it unchanged', () => {
    const p = path.join(dir, 'notes.chorus');
    fs.writeFileSync(p, 'These are my notes, not a database.\n');
    const before = sha256(p);
    const r = chorus('info', p);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/not a Chorus project/);
    expect(sha256(p)).toBe(before);
    expect(fs.existsSync(`${p}-wal`)).toBe(false);
    const imp = chorus('import', p, path.join(DEMO, 'fg1-site-a.txt'));
    expect(imp.code).toBe(2);
    expect(sha256(p)).toBe(before);
  });

  it('writes the demo study, exports its codebook, and undoes through the log', () => {
    const p = path.join(dir, 'demo.chorus');
    const demo = chorus('demo', p);
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain('4 documents');
    const md = path.join(dir, 'codebook.md');
    expect(chorus('export', p, '--format', 'codebook-md', '-o', md).code).toBe(0);
    expect(fs.readFileSync(md, 'utf8')).toContain('## Support has to be safe to ask for');

    const themes = path.join(dir, 'themes.md');
    expect(chorus('export', p, '--format', 'themes-md', '-o', themes, '--attribution', '{participant}, {document}').code).toBe(0);
    expect(fs.readFileSync(themes, 'utf8')).toMatch(/^> — Kwame, Focus group 3 \(Site B\)$/m);
    const docx = path.join(dir, 'themes.docx');
    expect(chorus('export', p, '--format', 'themes-docx', '-o', docx).code).toBe(0);
    expect(fs.readFileSync(docx).subarray(0, 2).toString()).toBe('PK');
    expect(chorus('export', p, '--format', 'themes-pdf', '-o', docx).stderr).toContain('themes-md or themes-docx');

    const undo = chorus('undo', p);
    expect(undo.code).toBe(0);
    expect(undo.stdout).toContain('Wrote 6 journal entries and 6 memos');
    expect((JSON.parse(chorus('info', p, '--json').stdout) as ProjectInfo).counts.memos).toBe(0);
    expect(chorus('redo', p).code).toBe(0);
    expect((JSON.parse(chorus('info', p, '--json').stdout) as ProjectInfo).counts.memos).toBe(12);
    expect(chorus('history', p).stdout).toContain('Imported 4 transcripts');
  }, 60_000); // a dozen runs of the CLI, each starting Node and tsx

  it('ends quietly when the reader has closed the pipe (chorus info P | head)', () => {
    const p = path.join(dir, 'demo.chorus');
    expect(chorus('demo', p).code).toBe(0);
    const shell = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" info "${p}" | true`], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, CHORUS_HOME: path.join(dir, 'home'), CHORUS_USER: 'Test Coder' },
    });
    expect(shell.stderr).toBe('');
    // Without the pipe closed, the same command prints many lines: the test would not show anything.
    expect(chorus('info', p).stdout.split('\n').length).toBeGreaterThan(5);
  });

  it('reports usage errors and failed imports with exit code 2', () => {
    expect(chorus('frobnicate').code).toBe(2);
    expect(chorus('export', path.join(dir, 'missing.chorus'), '--format', 'codebook-md', '-o', 'x.md').code).toBe(2);
    const p = path.join(dir, 'p.chorus');
    chorus('new', p);
    const bin = path.join(dir, 'audio.txt');
    // The start of a PNG image, renamed .txt.
    fs.writeFileSync(
      bin,
      Buffer.from('89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff610000000173524742', 'hex'),
    );
    const r = chorus('import', p, bin, path.join(DEMO, 'fg1-site-a.txt'));
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('audio.txt: not imported');
    expect((JSON.parse(chorus('info', p, '--json').stdout) as ProjectInfo).counts.documents).toBe(1);
  });
});

describe('chorus server', () => {
  it('puts a project on a new team server with its owner, lists it, and gives it back', () => {
    const p = path.join(dir, 'study.chorus');
    expect(chorus('demo', p, '--no-analysis').code).toBe(0);
    const data = path.join(dir, 'server');
    const withPassword = (...args: string[]) =>
      spawnSync(process.execPath, [BIN, ...args], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, CHORUS_HOME: path.join(dir, 'home'), CHORUS_PASSWORD: 'a long password' },
      });
    const missingName = withPassword('server', 'import', p, '--owner', 'ana', '--data', data);
    expect(missingName.status).toBe(2);
    expect(missingName.stderr).toMatch(/--name/);
    const imported = withPassword('server', 'import', p, '--owner', 'ana', '--name', 'Ana Ruiz', '--data', data);
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/Added Ana Ruiz \(ana\)/);
    const listed = chorus('server', 'projects', '--data', data);
    expect(listed.stdout).toMatch(/\tPeer support among emergency-medicine residents/);
    const back = path.join(dir, 'back.chorus');
    expect(chorus('server', 'export', 'peer support among emergency-medicine residents', '-o', back, '--data', data).code).toBe(0);
    expect(chorus('info', back).stdout).toMatch(/4 documents/);
    const again = chorus('server', 'export', 'Peer support among emergency-medicine residents', '-o', back, '--data', data);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists already/);
    expect(chorus('server', '--database', 'mysql://x', '--data', data).stderr).toMatch(/PostgreSQL address/);
  });
});

describe('chorus import of each transcript format', () => {
  const FIXTURES = path.join(ROOT, 'test/fixtures/transcripts');

  it.each([
    ['txt-timestamps.txt'],
    ['txt-otter.txt'],
    ['txt-bracket-ids.txt'],
    ['md-bold-labels.md'],
    ['vtt-teams.vtt'],
    ['vtt-zoom.vtt'],
    ['srt-descript.srt'],
    ['enc-utf16le-bom.txt'],
    ['enc-windows-1252-crlf.txt'],
    ['docx-table-time-speaker-text.document.xml'],
  ])('%s: the speakers, turns and timestamps of the file', async (fixture) => {
    const expected = JSON.parse(
      fs.readFileSync(path.join(FIXTURES, fixture.replace(/\.(txt|md|vtt|srt|document\.xml)$/, '.expected.json')), 'utf8'),
    ) as { speakers: string[]; turnCount: number; turns: { index: number; timeStart?: number | null }[] };
    let file = path.join(FIXTURES, fixture);
    if (fixture.endsWith('.document.xml')) {
      file = path.join(dir, fixture.replace('.document.xml', '.docx'));
      fs.writeFileSync(file, await buildDocx(fs.readFileSync(path.join(FIXTURES, fixture), 'utf8')));
    }
    const p = path.join(dir, 'p.chorus');
    chorus('new', p);
    const dry = chorus('import', p, file, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`${expected.speakers.length} speakers, ${expected.turnCount} turns`);
    expect((JSON.parse(chorus('info', p, '--json').stdout) as ProjectInfo).counts.documents).toBe(0);

    const imported = chorus('import', p, file);
    expect(imported.code, imported.stderr).toBe(0);
    const info = JSON.parse(chorus('info', p, '--json').stdout) as ProjectInfo;
    const doc = info.documents[0]!;
    expect(doc.speakers.map((s) => s.label)).toEqual(expected.speakers);
    expect(doc.turns).toBe(expected.turnCount);

    // Timestamps, through the contract (the CLI's info does not print them).
    const session = new Session(createEnv({ user: { guid: '0f0e0d0c-0b0a-4909-8807-060504030201', name: 'Reader' } }));
    try {
      await dispatch(session, 'project.open', { path: p });
      const got = await dispatch(session, 'documents.get', { document: doc.guid });
      if (!got.ok) throw new Error(got.error.message);
      const detail = got.value as DocumentDetail;
      for (const t of expected.turns.filter((t) => t.timeStart !== undefined)) {
        const actual = detail.turns[t.index]!.timeStart;
        if (t.timeStart === null) expect(actual, `turn ${t.index}`).toBeNull();
        else expect(actual, `turn ${t.index}`).toBeCloseTo(t.timeStart!, 3);
      }
    } finally {
      session.close();
    }
  });
});
