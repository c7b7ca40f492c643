/**
 * Two coders on the team server in one Chromium, each in a browser context of their own (so each
 * has their own session cookie): signing in through the page, an owner inviting a co-coder who
 * joins with the code, both opening the same transcript, and each one's coding appearing on the
 * other's screen without a reload.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CodedSegment, DocumentSummary } from '../../shared/types.js';
import type { Whoami } from '../../shared/team-server-api.js';
import { createEnv, dispatch, Session, TeamServer } from '../../electron/core/index.js';
import { startTeamDoor, type RunningTeamServer } from '../../electron/server/team-door.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../chromium.js';
import { createDatabase, startPostgres, type PostgresServer } from '../postgres.js';
import { RESULTS_DIR } from './browser.js';
import { selectPhraseByDrag } from './select.js';

const STATIC_DIR = path.resolve(import.meta.dirname, '../../out/renderer');
const PASSWORD = 'correct horse battery';
const BEN_PASSWORD = 'staple cabbage lantern';
const PROJECT = 'Peer support';
const OTHER_PROJECT = 'Night shifts';
const DOCUMENT = 'Group 1';
const TRANSCRIPT = [
  'Moderator: How do you support each other after a difficult shift?',
  'Priya: We debrief after hard shifts, usually in the break room before going home.',
  'Tom: Mostly over coffee, when the ward is quiet enough to sit down.',
  'Priya: Sometimes we just sit together for a minute and say nothing.',
  'Tom: And we text each other on the way home.',
  '',
].join('\n\n');

/**
 * Answers a signed-out page is meant to get: the start-up probe finds no session, and a wrong
 * password is refused. Anything else at or above 400 is a failure, as in the other e2e files,
 * unless a coder's page is meant to meet it (a viewer's refused write).
 */
const SIGNED_OUT = [
  { path: '/team/team.whoami', status: 401 },
  { path: '/team/team.signIn', status: 401 },
];

type Answer = { path: string; status: number };

interface Coder {
  context: BrowserContext;
  page: Page;
  problems: string[];
}

let dir: string;
let team: TeamServer;
let door: RunningTeamServer;
let browser: Browser;
let ana: Coder;
let ben: Coder;
let dee: Coder;
let pg: PostgresServer | undefined;

async function newCoder(alsoExpected: Answer[] = []): Promise<Coder> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems: string[] = [];
  const allowed = [...SIGNED_OUT, ...alsoExpected];
  const expected = (url: string, status: number) => allowed.some((a) => a.status === status && a.path === new URL(url).pathname);
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // Chromium logs every answer >= 400 to the console as well; the expected ones are let through.
    const status = /status of (\d{3})/.exec(m.text())?.[1];
    if (status && m.location().url && expected(m.location().url, Number(status))) return;
    problems.push(`console error: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !expected(r.url(), r.status()) && !new URL(r.url()).pathname.endsWith('/favicon.ico')) {
      problems.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
    }
  });
  page.on('requestfailed', (r) => {
    const reason = r.failure()?.errorText ?? '';
    const { pathname } = new URL(r.url());
    // Signing out or switching project closes the event stream and aborts answers on their way.
    if (pathname.startsWith('/api/') && reason.includes('ABORTED')) return;
    if (pathname.endsWith('/favicon.ico')) return;
    problems.push(`request failed: ${r.method()} ${r.url()} ${reason}`);
  });
  return { context, page, problems };
}

function expectClean(c: Coder | undefined): void {
  if (!c) return;
  expect(c.problems.splice(0), 'the page reported errors').toEqual([]);
}

async function screenshot(c: Coder, name: string): Promise<string> {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, name);
  await c.page.screenshot({ path: file });
  return file;
}

/** The project contract as the coder's page calls it: with its session cookie and this server's Origin. */
async function apiAs<T>(c: Coder, name: string, input: unknown): Promise<T> {
  const origin = door.origin.replace(/\/$/, '');
  const cookie = (await c.context.cookies(origin)).map((k) => `${k.name}=${k.value}`).join('; ');
  const res = await fetch(`${origin}/${name.startsWith('team.') ? 'team' : 'api'}/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: origin, Cookie: cookie },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { ok: true; value: T } | { ok: false; error: { message: string } };
  if (!body.ok) throw new Error(`${name}: ${body.error.message}`);
  return body.value;
}

async function signIn(page: Page, login: string, password: string): Promise<void> {
  await page.getByTestId('sign-in-screen').waitFor();
  await page.getByLabel('Login').fill(login);
  await page.getByLabel('Password').fill(password);
  await page.keyboard.press('Enter');
}

async function openProject(page: Page, name = PROJECT): Promise<void> {
  await page.getByTestId('project-chooser').waitFor();
  await page.locator(`[data-testid="team-project"][data-project-name="${name}"]`).click();
  await expect.poll(() => page.getByTestId('project-title').textContent()).toContain(name);
}

async function openDocument(page: Page): Promise<void> {
  await page.getByTestId('document-item').filter({ hasText: DOCUMENT }).click();
  await page.getByTestId('document-title').filter({ hasText: DOCUMENT }).waitFor();
  await page.locator('[data-testid="transcript"] [data-testid="turn"]').first().waitFor();
}


/** Codes the selected phrase with a new code through the quick-code box, by keyboard. */
async function codeWithNewCode(page: Page, phrase: string, code: string): Promise<void> {
  await selectPhraseByDrag(page, phrase);
  await page.getByTestId('code-selection-button').waitFor();
  await page.keyboard.press('q');
  const input = page.getByTestId('quick-code-input');
  await input.waitFor();
  await input.pressSequentially(code);
  await expect.poll(() => page.getByTestId('quick-code-option').first().textContent()).toContain(`Create code “${code}”`);
  await page.keyboard.press('Enter');
  await page.getByTestId('quick-code').waitFor({ state: 'detached' });
  await page.evaluate(() => window.getSelection()?.removeAllRanges());
}

/** The text under every highlight of the open transcript, one entry per coding. */
function highlighted(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const byCoding = new Map<string, string>();
    for (const mark of document.querySelectorAll<HTMLElement>('[data-testid="transcript"] mark[data-codings]')) {
      for (const guid of (mark.dataset.codings ?? '').split(/\s+/).filter(Boolean)) {
        byCoding.set(guid, (byCoding.get(guid) ?? '') + (mark.textContent ?? ''));
      }
    }
    return [...byCoding.values()].sort();
  });
}

/** The same session twice: projects in a folder of `.chorus` files, then in PostgreSQL. */
describe.each(['folder', 'postgres'] as const)('projects in %s', (storage) => {
  beforeAll(async () => {
    if (!fs.existsSync(path.join(STATIC_DIR, 'index.html'))) throw new Error('The renderer is not built: run `npm run build` first.');
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package.`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-e2e-team-'));

    // A desktop project with one short transcript, as a researcher would bring it to the server.
    const desktopFile = path.join(dir, 'study.chorus');
    const desktop = new Session(createEnv({ user: { guid: '6f1c2a9e-3b7d-4e15-9a0c-5d8e7f6a4b21', name: 'Desktop' } }));
    expect((await dispatch(desktop, 'project.create', { path: desktopFile, title: PROJECT })).ok).toBe(true);
    const imported = await dispatch(desktop, 'documents.import', {
      sources: [{ kind: 'bytes', name: `${DOCUMENT}.txt`, base64: Buffer.from(TRANSCRIPT).toString('base64') }],
    });
    expect(imported.ok, JSON.stringify(imported)).toBe(true);
    desktop.close();

    const serverEnv = createEnv({ user: { guid: '00000000-0000-4000-8000-000000000000', name: 'Server' } });
    if (storage === 'postgres') {
      pg = await startPostgres();
      team = TeamServer.openPostgres(createDatabase(pg.url, 'chorus_e2e'), serverEnv);
    } else team = TeamServer.openInFolder(path.join(dir, 'server'), serverEnv);
    await team.createAccount({ login: 'ana', name: 'Ana Ribeiro', password: PASSWORD });
    // Cy has an account but no project: Ben's account comes from Ana's invitation, through the page.
    await team.createAccount({ login: 'cy', name: 'Cy', password: PASSWORD });
    expect(team.importProject(desktopFile, 'ana').role).toBe('owner');
    // A second, empty project of Ana's, to switch to and back.
    const otherFile = path.join(dir, 'other.chorus');
    const other = new Session(createEnv({ user: { guid: '6f1c2a9e-3b7d-4e15-9a0c-5d8e7f6a4b22', name: 'Desktop' } }));
    expect((await dispatch(other, 'project.create', { path: otherFile, title: OTHER_PROJECT })).ok).toBe(true);
    other.close();
    team.importProject(otherFile, 'ana');
    door = await startTeamDoor({ team, staticDir: STATIC_DIR });

    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    ana = await newCoder();
    ben = await newCoder();
    // A viewer's write is refused by the server: the page shows it as it shows any error.
    dee = await newCoder([
      { path: '/api/codes.create', status: 403 },
      { path: '/api/codings.apply', status: 403 },
    ]);
  });

  afterEach(() => {
    expectClean(ana);
    expectClean(ben);
    expectClean(dee);
  });

  afterAll(async () => {
    await browser?.close();
    await door?.close();
    team?.close();
    await pg?.stop();
    pg = undefined;
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('two coders on the team server', () => {
    it('shows a signed-out page the sign-in form, and a wrong password as an error in words', async () => {
      const { page } = ana;
      await page.goto(door.origin);
      await page.getByTestId('sign-in-screen').waitFor();
      expect(await page.getByTestId('document-item').count()).toBe(0);
      await expect.poll(() => page.getByLabel('Login').evaluate((el) => el === document.activeElement)).toBe(true);

      await signIn(page, 'ana', 'not the password');
      const error = page.getByTestId('server-error');
      await error.waitFor();
      expect(await error.textContent()).toMatch(/login or the password is wrong/i);
      expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
      await screenshot(ana, 'team-server-sign-in.png');
    });

    it('signs the owner in, lists her projects with her role, and opens one', async () => {
      const { page } = ana;
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByTestId('sign-in-submit').click();
      await page.getByTestId('project-chooser').waitFor();
      expect(await page.getByTestId('signed-in-name').textContent()).toBe('Ana Ribeiro');
      const project = page.locator(`[data-testid="team-project"][data-project-name="${PROJECT}"]`);
      expect(await project.getByTestId('team-role').getAttribute('data-role')).toBe('owner');
      await screenshot(ana, 'team-server-projects.png');
      await openProject(page);
      await page.getByTestId('account-menu').click();
      expect(await page.getByTestId('account-project').textContent()).toContain(PROJECT);
      expect(await page.getByTestId('account-project').getByTestId('team-role').textContent()).toBe('Owner');
      await screenshot(ana, 'team-server-account.png');
      await page.keyboard.press('Escape');
      // A reload keeps the session and the chosen project.
      await page.reload();
      await expect.poll(() => page.getByTestId('project-title').textContent()).toContain(PROJECT);
    });

    it('lets the owner invite a coder, who joins with the code through the page', async () => {
      await ana.page.getByTestId('account-menu').click();
      await ana.page.getByTestId('open-members').click();
      const dialog = ana.page.getByTestId('members-dialog');
      await dialog.waitFor();
      await expect.poll(() => dialog.getByTestId('member').count()).toBe(1);
      await dialog.getByTestId('invite-role').selectOption('coder');
      await dialog.getByTestId('invite-create').click();
      const codeBox = dialog.getByTestId('invitation-code');
      await codeBox.waitFor();
      const code = await codeBox.inputValue();
      expect(code.length).toBeGreaterThanOrEqual(10);
      expect(await dialog.getByTestId('invitation-expiry').textContent()).toMatch(/Works once, until .*\d/);
      await dialog.getByTestId('invitation-copy').waitFor();
      await screenshot(ana, 'team-server-invite.png');

      // Ben, signed out, joins with the code: a new account, signed in, on the invitation's project.
      const { page } = ben;
      await page.goto(door.origin);
      await page.getByTestId('show-join').click();
      await page.getByLabel('Invitation code').fill(code);
      await page.getByLabel('Your name').fill('Ben Okafor');
      await page.getByLabel('Login').fill('ben');
      await page.getByLabel('Password').fill(BEN_PASSWORD);
      await page.getByTestId('join-submit').click();
      await expect.poll(() => page.getByTestId('project-title').textContent()).toContain(PROJECT);
      expect(await page.getByTestId('account-name').textContent()).toBe('Ben');
      await page.getByTestId('account-menu').click();
      expect(await page.getByTestId('account-full-name').textContent()).toBe('Ben Okafor (ben)');
      await page.keyboard.press('Escape');

      // The owner sees the new member with the role she chose.
      await dialog.getByRole('button', { name: 'Close' }).first().click();
      await ana.page.getByTestId('account-menu').click();
      await ana.page.getByTestId('open-members').click();
      await expect
        .poll(async () =>
          (
            await ana.page
              .getByTestId('member')
              .evaluateAll((rows) => rows.map((r) => `${(r as HTMLElement).dataset.login} ${(r.querySelector('[data-testid="member-role"]') as HTMLSelectElement | null)?.value}`))
          ).join(', '),
        )
        .toBe('ana owner, ben coder');
      // The owner changes a role there: Ben a viewer, then a coder again.
      const benRole = ana.page.locator('[data-testid="member"][data-login="ben"] [data-testid="member-role"]');
      await benRole.selectOption('viewer');
      await expect.poll(async () => (await apiAs<{ account: { login: string }; role: string }[]>(ana, 'team.members', { project: (await apiAs<Whoami>(ana, 'team.whoami', {})).current!.guid })).find((m) => m.account.login === 'ben')?.role).toBe('viewer');
      await benRole.selectOption('coder');
      await expect.poll(async () => (await apiAs<{ account: { login: string }; role: string }[]>(ana, 'team.members', { project: (await apiAs<Whoami>(ana, 'team.whoami', {})).current!.guid })).find((m) => m.account.login === 'ben')?.role).toBe('coder');
      await ana.page.keyboard.press('Escape');
      await ana.page.getByTestId('members-dialog').waitFor({ state: 'detached' });
    });

    it('signs the coder out and in again through the page', async () => {
      const { page } = ben;
      await page.getByTestId('account-menu').click();
      await page.getByTestId('sign-out').click();
      await page.getByTestId('sign-in-screen').waitFor();
      await signIn(page, 'BEN', BEN_PASSWORD);
      await openProject(page);
      await page.getByTestId('account-menu').click();
      expect(await page.getByTestId('account-project').getByTestId('team-role').textContent()).toBe('Coder');
      await page.keyboard.press('Escape');
    });

    it('lets a coder switch to another project and back', async () => {
      const { page } = ana;
      await page.getByTestId('account-menu').click();
      await page.getByTestId('switch-project').click();
      await page.getByTestId('project-chooser').waitFor();
      expect(await page.locator('[data-testid="team-project"][aria-current="true"]').getAttribute('data-project-name')).toBe(PROJECT);
      await openProject(page, OTHER_PROJECT);
      await page.getByTestId('documents-empty').waitFor();
      expect(await page.getByTestId('document-item').count()).toBe(0);

      await page.getByTestId('account-menu').click();
      await page.getByTestId('switch-project').click();
      await openProject(page, PROJECT);
      await page.getByTestId('document-item').filter({ hasText: DOCUMENT }).waitFor();
    });

    it('shows each coder’s new coding on the other’s screen without a reload', async () => {
      await openDocument(ana.page);
      await openDocument(ben.page);
      expect(await highlighted(ana.page)).toEqual([]);
      expect(await highlighted(ben.page)).toEqual([]);
      const anaLoads = ana.page.evaluate(() => performance.getEntriesByType('navigation').length);

      const debrief = 'We debrief after hard shifts';
      await codeWithNewCode(ana.page, debrief, 'Debriefing');
      await expect.poll(() => highlighted(ana.page)).toEqual([debrief]);
      const seenAt = Date.now();
      await expect.poll(() => highlighted(ben.page), { timeout: 5000 }).toEqual([debrief]);
      expect(Date.now() - seenAt).toBeLessThan(5000);

      const coffee = 'Mostly over coffee';
      await codeWithNewCode(ben.page, coffee, 'Coffee breaks');
      await expect.poll(() => highlighted(ana.page), { timeout: 5000 }).toEqual([coffee, debrief]);
      await expect.poll(() => highlighted(ben.page)).toEqual([coffee, debrief]);
      expect(await ana.page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(await anaLoads);

      // Each coding is its coder's own.
      const doc = (await apiAs<DocumentSummary[]>(ana, 'documents.list', {})).find((d) => d.name.startsWith(DOCUMENT))!;
      const codings = await apiAs<CodedSegment[]>(ben, 'codings.list', { document: doc.guid });
      const anaGuid = (await apiAs<Whoami>(ana, 'team.whoami', {})).account.guid;
      const benGuid = (await apiAs<Whoami>(ben, 'team.whoami', {})).account.guid;
      expect(Object.fromEntries(codings.map((c) => [c.text, c.coder]))).toEqual({ [debrief]: anaGuid, [coffee]: benGuid });

      // The codebook beside the transcript shows the colleague's new code too.
      await ana.page.locator('[data-testid="code-row"][data-code-name="Coffee breaks"]').waitFor();
      await screenshot(ana, 'team-server-ana.png');
      await screenshot(ben, 'team-server-ben.png');
    });

    it('tells an account without projects so, and shows a viewer’s refused write as an error', async () => {
      const { page } = dee;
      await page.goto(door.origin);
      await signIn(page, 'cy', PASSWORD);
      await page.getByTestId('no-team-projects').waitFor();
      await page.getByTestId('sign-out').click();

      const { code } = await apiAs<{ code: string }>(ana, 'team.invite', { project: (await apiAs<Whoami>(ana, 'team.whoami', {})).current!.guid, role: 'viewer' });
      await page.getByTestId('show-join').click();
      await page.getByLabel('Invitation code').fill(code);
      await page.getByLabel('Your name').fill('Dee');
      await page.getByLabel('Login').fill('dee');
      await page.getByLabel('Password').fill('short');
      await page.getByTestId('join-submit').click();
      // The contract's own rule, in its words, and the code is not spent by a refused attempt.
      await expect.poll(() => page.getByTestId('server-error').textContent()).toContain('at least 10 characters');
      await page.getByLabel('Password').fill(BEN_PASSWORD);
      await page.getByTestId('join-submit').click();
      await expect.poll(() => page.getByTestId('project-title').textContent()).toContain(PROJECT);

      await openDocument(page);
      await expect.poll(() => highlighted(page)).toHaveLength(2);
      await selectPhraseByDrag(page, 'we just sit together');
      await page.getByTestId('code-selection-button').waitFor();
      await page.keyboard.press('q');
      await page.getByTestId('quick-code-input').pressSequentially('Silence');
      await page.keyboard.press('Enter');
      const toast = page.getByTestId('toast').filter({ hasText: 'You can read this project but not change it' });
      await toast.waitFor();
      expect(await toast.getAttribute('role')).toBe('alert');
      await expect.poll(() => highlighted(page)).toHaveLength(2);
      await screenshot(dee, 'team-server-viewer.png');
    });
  });
});
