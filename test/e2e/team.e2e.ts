/**
 * The Team view in a real browser. Two copies of the demo study: Ana keeps hers (served here) and
 * Dana codes a copy of Focus group 1 differently (some passages alike, some shifted, some left out,
 * some with another code), and each renamed one code differently. Merge Dana's copy through the
 * Team view, settle the rename conflict with an edited name, check the merged counts, undo the
 * merge once from the toast (Dana's codings gone) and redo it, read the agreement report, drill
 * into a disagreement and open it in the transcript, then record a consensus decision in the
 * journal, adopting Dana's coding.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { AgreementReport, Disagreement } from '../../shared/agreement-report.js';
import type { Code, CodedSegment, CoderInfo, DocumentSummary, Memo } from '../../shared/types.js';
import { createEnv, dispatch, loadSettings, saveSettings, Session, type CoreEnv } from '../../electron/core/index.js';
import { serveProject } from '../../electron/server/start.js';
import { useE2e } from './harness.js';

const ANA = { guid: '33333333-3333-4333-8333-333333333333', name: 'Ana Ruiz' };
const DANA = { guid: '44444444-4444-4444-8444-444444444444', name: 'Dana Okafor' };
const FG1 = 'Focus group 1 (Site A)';
const OUR_NAME = 'Asking costs standing';
const THEIR_NAME = 'Fear of being judged for asking';
const AGREED_NAME = 'Asking as a risk to standing';

/** What the test set up, for its checks. */
const setup = {
  /** The code renamed on both sides, and left out by Dana in one passage Ana coded. */
  renamed: '',
  fileB: '',
  /** Dana's codings in her copy (all new to Ana's project). */
  danaCodings: 0,
  anaCodings: 0,
};

async function run<T>(s: Session, name: string, input: unknown): Promise<T> {
  const r = await dispatch(s, name as never, input as never);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.value as T;
}

function openAs(user: { guid: string; name: string }): Session {
  const env: CoreEnv = createEnv({ user });
  return new Session(env);
}

/**
 * Ana makes the project; the file is copied for Dana after one shared step (so the copies have a
 * common ancestor); then each works in her own copy.
 */
async function prepare(dir: string): Promise<string> {
  const fileA = path.join(dir, 'Ana - peer support.chorus');
  const fileB = path.join(dir, 'Dana - peer support.chorus');
  let ana = openAs(ANA);
  await run(ana, 'project.createDemo', { path: fileA, analysis: true });
  await run(ana, 'codes.create', { name: 'Shared before the copy' });
  ana.close(); // closing checkpoints the WAL, so the copy holds everything
  fs.copyFileSync(fileA, fileB);
  ana = openAs(ANA);
  await run(ana, 'project.open', { path: fileA });
  const dana = openAs(DANA);
  await run(dana, 'project.open', { path: fileB });

  const docs = await run<DocumentSummary[]>(ana, 'documents.list', {});
  const fg1 = docs.find((d) => d.name === FG1)!;
  const codes = await run<Code[]>(ana, 'codes.list', {});
  const theirs = (await run<CodedSegment[]>(ana, 'codings.list', { document: fg1.guid })).sort((a, b) => a.start - b.start || a.end - b.end);
  expect(theirs.length).toBeGreaterThan(20);
  const leaves = codes.filter((c) => c.kind === 'code' && c.codings > 0);

  // Dana codes Focus group 1 her way, passage by passage of Ana's codings.
  for (const [i, c] of theirs.entries()) {
    const code = { guid: c.codeGuid };
    if (i % 4 === 0) await run(dana, 'codings.apply', { document: fg1.guid, start: c.start, end: c.end, code });
    else if (i % 4 === 1) await run(dana, 'codings.apply', { document: fg1.guid, start: c.start, end: c.end - Math.floor((c.end - c.start) / 3), code });
    else if (i % 4 === 3) {
      const other = leaves.find((l) => l.guid !== c.codeGuid)!;
      await run(dana, 'codings.apply', { document: fg1.guid, start: c.start, end: c.end, code: { guid: other.guid } });
    }
    // i % 4 === 2: Dana leaves the passage uncoded.
  }
  // The code of a passage Dana left out is the one both rename.
  const renamed = theirs[2]!.codeGuid;
  await run(ana, 'codes.update', { code: renamed, name: OUR_NAME });
  await run(dana, 'codes.update', { code: renamed, name: THEIR_NAME });

  setup.renamed = renamed;
  setup.fileB = fileB;
  setup.danaCodings = (await run<CoderInfo[]>(dana, 'team.coders', {})).find((c) => c.guid === DANA.guid)!.codings;
  setup.anaCodings = (await run<CoderInfo[]>(ana, 'team.coders', {})).find((c) => c.guid === ANA.guid)!.codings;
  ana.close();
  dana.close();
  return fileA;
}

const e2e = useE2e('chorus-e2e-team-', async (dir) => {
  // This installation is Ana's.
  const settings = loadSettings(dir);
  saveSettings({ ...settings, user: ANA }, dir);
  const fileA = await prepare(dir);
  return serveProject({ project: fileA, dataDir: dir });
});
const api = e2e.api;

const codersByName = async () => new Map((await api<CoderInfo[]>('team.coders', {})).map((c) => [c.name, c.codings]));

async function openTeam(page: Page): Promise<void> {
  await page.getByTestId('view-team').click();
  await page.getByTestId('team-view').waitFor();
}

describe('the Team view', () => {
  it('merges a co-coder’s copy after settling a rename conflict', async () => {
    const { page } = e2e.b;
    await page.goto(e2e.server.url);
    await page.getByTestId('project-title').filter({ hasText: 'documents' }).waitFor();
    await openTeam(page);
    // One coder so far: the view opens on Coders.
    await page.getByTestId('team-coders').waitFor();
    expect(await page.getByTestId('coder-row').count()).toBe(1);
    await e2e.b.screenshot('team-coders-one.png');

    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('team-merge').click()]);
    await chooser.setFiles(setup.fileB);
    const dialog = page.getByTestId('merge-project');
    const conflict = dialog.getByTestId('merge-conflict');
    await conflict.waitFor();
    expect(await conflict.count()).toBe(1);
    expect(await conflict.getAttribute('data-kind')).toBe('rename');
    expect(await conflict.getByTestId('conflict-ours').textContent()).toContain(OUR_NAME);
    expect(await conflict.getByTestId('conflict-theirs').textContent()).toContain(THEIR_NAME);
    expect(await conflict.getByTestId('conflict-base').textContent()).not.toContain(OUR_NAME);
    // Dana's codings are counted for her, as a new coder.
    const danaRow = dialog.getByTestId('merge-coder-row').filter({ hasText: DANA.name });
    expect(await danaRow.getByTestId('merge-coder-codings').textContent()).toBe(setup.danaCodings.toLocaleString('en-US'));
    expect(await dialog.getByTestId('merge-project-apply').isDisabled()).toBe(true);
    await e2e.b.screenshot('team-merge-preview.png');

    await conflict.getByTestId('conflict-take-edited').check();
    const name = conflict.getByTestId('conflict-edit-name');
    expect(await name.inputValue()).toBe(THEIR_NAME);
    await name.fill(AGREED_NAME);
    await expect.poll(() => dialog.getByTestId('merge-project-apply').isDisabled()).toBe(false);
    await e2e.b.screenshot('team-merge-resolved.png');
    await dialog.getByTestId('merge-project-apply').click();
    await dialog.waitFor({ state: 'detached' });

    const toast = page.getByTestId('toast').filter({ hasText: 'Merged' });
    await toast.waitFor();
    await expect.poll(codersByName).toEqual(new Map([[ANA.name, setup.anaCodings], [DANA.name, setup.danaCodings]]));
    expect((await api<Code[]>('codes.list', {})).find((c) => c.guid === setup.renamed)!.name).toBe(AGREED_NAME);
    await page.getByTestId('coder-row').filter({ hasText: DANA.name }).waitFor();
    await e2e.b.screenshot('team-merged.png');

    // Undo from the toast: one step takes the whole merge back.
    await toast.getByTestId('toast-action').click();
    await expect.poll(codersByName).toEqual(new Map([[ANA.name, setup.anaCodings]]));
    expect((await api<Code[]>('codes.list', {})).find((c) => c.guid === setup.renamed)!.name).toBe(OUR_NAME);
    await expect.poll(() => page.getByTestId('coder-row').count()).toBe(1);
    await e2e.b.screenshot('team-merge-undone.png');

    await page.getByTestId('redo').click();
    await expect.poll(codersByName).toEqual(new Map([[ANA.name, setup.anaCodings], [DANA.name, setup.danaCodings]]));
    await expect.poll(() => page.getByTestId('coder-row').count()).toBe(2);
  });

  it('reports agreement per code and drills into a disagreement, opening it in the transcript', async () => {
    const { page } = e2e.b;
    await page.getByTestId('team-tab-agreement').click();
    const report = page.getByTestId('agreement-report');
    await report.getByTestId('agreement-pooled').waitFor();
    // Ana and Dana are compared by default, at the character unit, with NVivo's statistics.
    const expected = await api<AgreementReport>('team.agreement', { coders: [ANA.guid, DANA.guid], unit: 'character' });
    expect(await report.getByTestId('agreement-row').count()).toBe(expected.perCode.length);
    expect(await report.getByTestId('agreement-notes').textContent()).toContain('Left out 3 documents that not every coder coded');
    const pooledPercent = expected.pooled.statistics.find((s) => s.statistic === 'percent')!.value!;
    expect(await report.getByTestId('agreement-pooled').locator('[data-statistic="percent"]').textContent()).toBe(`${(pooledPercent * 100).toFixed(1)} %`);
    await e2e.b.screenshot('team-agreement.png');

    // The report as a download, CSV and XLSX, as the other exports are offered.
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('agreement-export-csv').click()]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    expect(fs.readFileSync((await csv.path())!, 'utf8')).toContain(AGREED_NAME);
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('agreement-export-xlsx').click()]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(fs.readFileSync((await xlsx.path())!).subarray(0, 2).toString()).toBe('PK');

    // The renamed code has a passage Ana coded and Dana did not.
    const row = report.locator(`[data-testid="agreement-row"][data-key="${setup.renamed}"]`);
    expect(Number(await row.getAttribute('data-disagreed'))).toBeGreaterThan(0);
    await row.getByRole('button', { name: AGREED_NAME }).click();
    const drill = page.getByTestId('agreement-drill');
    const first = drill.getByTestId('disagreement').first();
    await first.waitFor();
    const sides = first.getByTestId('disagreement-side');
    expect(await sides.count()).toBe(2);
    expect(await sides.nth(0).textContent()).toContain(ANA.name);
    expect(await sides.nth(1).textContent()).toContain(DANA.name);
    expect(await first.textContent()).toContain(FG1);
    await e2e.b.screenshot('team-agreement-drill.png');

    const text = (await sides.nth(0).locator('.disagreement-text').first().textContent())!.trim();
    await first.getByTestId('open-passage').click();
    await page.getByTestId('document-title').filter({ hasText: FG1 }).waitFor();
    const words = text.slice(0, 30);
    await expect.poll(() => page.evaluate(() => window.getSelection()?.toString() ?? '')).toContain(words.split(' … ')[0]!.slice(0, 20));
    await e2e.b.screenshot('team-open-in-transcript.png');
  });

  it('lists the disagreements for discussion and records a decision in the journal, adopting Dana’s coding', async () => {
    const { page } = e2e.b;
    await openTeam(page);
    await page.getByTestId('team-tab-consensus').click();
    await page.getByTestId('consensus-why').waitFor();
    await page.getByTestId('consensus-code').filter({ hasText: AGREED_NAME }).waitFor();
    await e2e.b.screenshot('team-consensus.png');

    // A code Dana applied to a passage Ana did not code with it (Dana's other code on every fourth passage).
    const coders = [ANA.guid, DANA.guid];
    const { perCode } = await api<AgreementReport>('team.agreement', { coders, unit: 'character', statistics: ['percent'] });
    let target: { code: string; name: string; start: number } | null = null;
    for (const r of perCode.filter((x) => x.counts.disagreed > 0)) {
      const list = await api<Disagreement[]>('team.disagreements', { coders, unit: 'character', code: r.code.guid });
      const d = list.find((x) => x.sides[0]!.spans.length === 0);
      if (d) {
        target = { code: r.code.guid, name: r.code.name, start: d.start };
        break;
      }
    }
    expect(target).not.toBeNull();
    await page.getByTestId('consensus-code').filter({ has: page.getByText(target!.name, { exact: true }) }).click();
    await page.getByTestId('consensus-passages').locator('h3').filter({ hasText: target!.name }).waitFor();
    const card = page.getByTestId('disagreement').filter({ has: page.locator('.disagreement-side:nth-child(1).disagreement-side--empty') }).first();
    await card.waitFor();
    await card.getByTestId('decision-record').click();
    await card.getByTestId('decision-text').fill('Dana is right: the speaker is describing fear of judgement here. I code it too.');
    await card.getByTestId('decision-adopt').check();
    await e2e.b.screenshot('team-consensus-decision.png');
    const before = (await codersByName()).get(ANA.name)!;
    await card.getByTestId('decision-save').click();

    await expect.poll(async () => (await api<Memo[]>('memos.list', { kind: 'journal' })).filter((m) => m.title.startsWith('Consensus on ')).length).toBe(1);
    const entry = (await api<Memo[]>('memos.list', { kind: 'journal' })).find((m) => m.title.startsWith('Consensus on '))!;
    expect(entry.text).toContain('Dana is right');
    expect(entry.text).toContain('Adopted Dana Okafor');
    expect(entry.links).toHaveLength(2);
    expect(entry.phase).not.toBeNull();
    await expect.poll(async () => (await codersByName()).get(ANA.name)).toBeGreaterThan(before);
    // The passage is settled: its decision is listed as recorded.
    await page.getByTestId('decision').first().waitFor();
    await e2e.b.screenshot('team-consensus-recorded.png');
  });

  it('computes reliability for a pasted coding table', async () => {
    const { page } = e2e.b;
    await page.getByTestId('team-tab-reliability').click();
    await page.getByTestId('reliability-table').fill('unit,A,B\n1,x,x\n2,y,y\n3,x,y\n4,y,y\n');
    await page.getByTestId('reliability-compute').click();
    const rows = page.getByTestId('reliability-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(7);
    expect(await rows.filter({ hasText: 'Percentage agreement' }).locator('.stat').textContent()).toBe('75.0 %');
    await e2e.b.screenshot('team-reliability.png');
  });
});
