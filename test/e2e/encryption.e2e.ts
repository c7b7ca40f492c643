/**
 * Encrypted projects in the page: opening one asks for its passphrase in a dialog, a wrong one is
 * said under the field (and the file is left as it was), the right one opens the project; the
 * Project menu protects an open project with a passphrase.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProjectInfo } from '../../shared/types.js';
import { createEnv, dispatch, Session } from '../../electron/core/index.js';
import { serveProject } from '../../electron/server/start.js';
import { RESULTS_DIR } from './browser.js';
import { useE2e } from './harness.js';

const SECRET = 'correct horse battery staple';
const LOCKED = 'Secret study.chorus';
const TRANSCRIPT = 'Moderator: What helps after a night shift?\n\nP1: Breakfast with the others, honestly.\n';

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** An encrypted project with one transcript, and a plain one that the server starts on, side by side. */
async function start(dir: string) {
  const session = new Session(createEnv({ user: { guid: '0b8f3d1e-9a4c-4f53-8f0e-2f1a3c5d7e99', name: 'Researcher' } }));
  const made = await dispatch(session, 'project.create', { path: path.join(dir, LOCKED), title: 'Secret study', passphrase: SECRET });
  if (!made.ok) throw new Error(made.error.message);
  const imported = await dispatch(session, 'documents.import', {
    sources: [{ kind: 'bytes', name: 'Night shifts.txt', base64: Buffer.from(TRANSCRIPT).toString('base64') }],
  });
  if (!imported.ok) throw new Error(imported.error.message);
  const plain = await dispatch(session, 'project.create', { path: path.join(dir, 'Open study.chorus'), title: 'Open study' });
  if (!plain.ok) throw new Error(plain.error.message);
  session.close();
  return serveProject({ project: path.join(dir, 'Open study.chorus'), dataDir: dir, port: 0 });
}

const e2e = useE2e('chorus-e2e-enc-', start);

/** The page logs the core's refusals of a wrong passphrase (HTTP 403): expected here, and nothing else. */
function acceptRefusals(): void {
  const expected = (p: string) =>
    p.includes('/api/project.open') || p.includes('/api/team.previewMerge') || (p.startsWith('console error: Failed to load resource') && p.includes('403'));
  const unexpected = e2e.b.problems.filter((p) => !expected(p));
  e2e.b.problems.splice(0, e2e.b.problems.length, ...unexpected);
}

describe('an encrypted project in the page', () => {
  it('asks for the passphrase, says when it is wrong without touching the file, and opens with the right one', async () => {
    const { page } = e2e.b;
    const file = path.join(e2e.dir, LOCKED);
    const before = sha256(file);
    await page.goto(e2e.server.url);
    await page.getByTestId('project-title').filter({ hasText: 'Open study' }).waitFor();

    await page.getByTestId('project-menu').click();
    await page.getByTestId('project-path').fill(LOCKED);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    const dialog = page.getByTestId('unlock-project');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Secret study.chorus is protected with a passphrase');
    // Asking is not an error: no toast.
    expect(await page.getByTestId('toast').count()).toBe(0);

    await page.getByTestId('unlock-passphrase').fill('Correct horse battery staple');
    await page.getByTestId('unlock-open').click();
    const error = page.getByTestId('unlock-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/That passphrase does not open Secret study\.chorus/);
    expect(await page.getByTestId('unlock-passphrase').getAttribute('aria-invalid')).toBe('true');
    expect(sha256(file)).toBe(before);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    const shot = await e2e.b.screenshot('passphrase.png');
    fs.copyFileSync(shot, '/tmp/passphrase.png');
    acceptRefusals();

    await page.getByTestId('unlock-passphrase').fill(SECRET);
    expect(await error.count()).toBe(0);
    await page.getByTestId('unlock-open').click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('project-title').filter({ hasText: 'Secret study' }).waitFor();
    await page.getByTestId('document-item').filter({ hasText: 'Night shifts' }).waitFor();
    const info = await e2e.api<ProjectInfo>('project.info', {});
    expect(info).toMatchObject({ title: 'Secret study', encrypted: true });
    expect(JSON.stringify(info)).not.toContain(SECRET);
    e2e.b.expectClean();
  });

  it('protects the open project with a passphrase from the Project menu, after a warning and a confirmation', async () => {
    const { page } = e2e.b;
    await e2e.api('project.open', { path: 'Open study.chorus' });
    await page.reload();
    await page.getByTestId('project-title').filter({ hasText: 'Open study' }).waitFor();
    await page.getByTestId('project-menu').click();
    await page.getByTestId('passphrase-protect').click();
    const dialog = page.getByTestId('passphrase-settings');
    await dialog.waitFor();
    expect(await page.getByTestId('passphrase-warning').textContent()).toMatch(/nobody can open the project again.*no way to recover it/);
    await page.getByTestId('passphrase-new').fill('night shifts only');
    await page.getByTestId('passphrase-again').fill('night shifts only');
    // Not before the researcher has said they understand that it cannot be recovered.
    expect(await page.getByTestId('passphrase-save').isDisabled()).toBe(true);
    await page.getByTestId('passphrase-understood').check();
    await e2e.b.screenshot('passphrase-protect.png');
    await page.getByTestId('passphrase-save').click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('toast').filter({ hasText: 'now protected with a passphrase' }).waitFor();
    expect((await e2e.api<ProjectInfo>('project.info', {})).encrypted).toBe(true);
    const header = fs.readFileSync(path.join(e2e.dir, 'Open study.chorus')).subarray(0, 16).toString('latin1');
    expect(header).not.toBe('SQLite format 3\0');
    // The menu now offers to change or remove it.
    await page.getByTestId('project-menu').click();
    await page.getByTestId('passphrase-change').waitFor();
    expect(fs.existsSync(path.join(RESULTS_DIR, 'passphrase-protect.png'))).toBe(true);
    e2e.b.expectClean();
  });

  it('merges a co-coder’s copy protected with another passphrase, asking for it inside the merge dialog', async () => {
    const { page } = e2e.b;
    // The co-coder's own encrypted project, with a transcript this one does not have.
    const copy = path.join(e2e.dir, 'Dana.chorus');
    const dana = new Session(createEnv({ user: { guid: '0b8f3d1e-9a4c-4f53-8f0e-2f1a3c5d7e98', name: 'Dana' } }));
    try {
      const made = await dispatch(dana, 'project.create', { path: copy, passphrase: 'co-coder only' });
      if (!made.ok) throw new Error(made.error.message);
      const imported = await dispatch(dana, 'documents.import', {
        sources: [{ kind: 'bytes', name: 'Dana group.txt', base64: Buffer.from(TRANSCRIPT).toString('base64') }],
      });
      if (!imported.ok) throw new Error(imported.error.message);
    } finally {
      dana.close();
    }
    await page.getByTestId('exchange-menu').click();
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('merge-project').click()]);
    await chooser.setFiles(copy);
    const dialog = page.getByTestId('merge-project');
    await dialog.getByTestId('merge-passphrase').waitFor();
    expect(await dialog.getByRole('alert').textContent()).toMatch(/Dana\.chorus is protected with a passphrase other than this project's/);
    await dialog.getByTestId('merge-passphrase').fill('not the one');
    await dialog.getByTestId('merge-passphrase-read').click();
    await dialog.getByRole('alert').filter({ hasText: 'does not open Dana.chorus' }).waitFor();
    await e2e.b.screenshot('merge-passphrase.png');
    await dialog.getByTestId('merge-passphrase').fill('co-coder only');
    await dialog.getByTestId('merge-passphrase-read').click();
    await dialog.getByTestId('merge-project-counts').waitFor();
    // Said in the dialog, not also in a toast.
    expect(await page.getByTestId('toast').filter({ hasText: 'Dana.chorus' }).count()).toBe(0);
    acceptRefusals();
    await dialog.getByTestId('merge-project-apply').click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('document-item').filter({ hasText: 'Dana group' }).waitFor();
    const log = await e2e.api<{ summary: string }[]>('history.list', {});
    expect(JSON.stringify(log)).not.toContain('co-coder only');
    e2e.b.expectClean();
  });
});
