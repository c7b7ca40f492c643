/**
 * Importing transcripts in a real browser against the browser-mode server, into a new empty
 * project: three formats through the file picker, speaker decisions in the preview (a merge, a
 * new participant), the per-file report, the merged speaker in the transcript and the project;
 * then the participants' attribute grid (a typed value, a refused value, a pasted block), kept
 * across a reload and taken back with undo; and the speakers of an open document.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { AttributeTable, DocumentDetail, DocumentSummary, Participant } from '../../shared/types.js';
import { createEnv, dispatch, Session } from '../../electron/core/index.js';
import { serveProject } from '../../electron/server/start.js';
import { buildDocx } from '../fixtures/transcripts/helpers.js';
import { RESULTS_DIR } from './browser.js';
import { useE2e } from './harness.js';

// A Word file written by another tool when the shared fixtures are there, else one built here
// from a fixture of our own, so that three formats are always imported.
const SHARED_DOCX = path.resolve(import.meta.dirname, '../../../shared/fixtures/transcripts/07_qualcoder_ID1_single-respondent.docx');
const DOCX = fs.existsSync(SHARED_DOCX) ? SHARED_DOCX : 'interview-notes.docx';
async function docxBytes(): Promise<Buffer> {
  if (DOCX === SHARED_DOCX) return fs.readFileSync(SHARED_DOCX);
  const xml = fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/transcripts/docx-paragraphs.document.xml'), 'utf8');
  return Buffer.from(await buildDocx(xml));
}

const e2e = useE2e('chorus-e2e-import-', async (dir) => {
  const project = path.join(dir, 'Import study.chorus');
  // A new, empty project, created the way any front door would and closed again.
  const session = new Session(createEnv({ user: { guid: '22222222-2222-4222-8222-222222222222', name: 'E2E Researcher' } }));
  const created = await dispatch(session, 'project.create', { path: project, title: 'Import study' });
  if (!created.ok) throw new Error(created.error.message);
  session.close();
  return serveProject({ project, dataDir: dir, port: 0 });
});
const api = e2e.api;

async function documentNamed(name: string): Promise<DocumentSummary> {
  const doc = (await api<DocumentSummary[]>('documents.list', {})).find((d) => d.name === name);
  if (!doc) throw new Error(`No document named ${name}`);
  return doc;
}

async function participantValue(participant: string, attribute: string): Promise<string | undefined> {
  const table = await api<AttributeTable>('attributes.table', { scope: 'participant' });
  const def = table.attributes.find((a) => a.name === attribute);
  const row = table.rows.find((r) => r.label === participant);
  return def && row ? row.values[def.guid] : undefined;
}

/** Errors the page is expected to log for a call the core refuses on purpose (HTTP 400). */
function acceptRefusal(operation: string): void {
  const expected = (p: string) =>
    p.includes(`/api/${operation}`) || (p.startsWith('console error: Failed to load resource') && p.includes('400'));
  const unexpected = e2e.b.problems.filter((p) => !expected(p));
  e2e.b.problems.splice(0, e2e.b.problems.length, ...unexpected);
}

const TXT = [
  'Focus group 3 — peer support (pilot)',
  '',
  'Moderator: Welcome, everyone. Could you each say what support looked like in your first year?',
  'P1: Mostly informal. A senior resident checked in after hard shifts.',
  'P2: For me it was the group chat. People answered at 3 a.m.',
  'Mod: Did anyone have a formal debrief?',
  'P1: Once, after a cardiac arrest. It helped more than I expected.',
  'Moderator: What made it helpful?',
  'P2: Someone said out loud that it was hard.',
  '',
].join('\n');

// Microsoft Teams style: the speaker in a <v> voice span; one speaker's consecutive cues are one turn.
const VTT = [
  'WEBVTT',
  '',
  '00:00:01.000 --> 00:00:04.000',
  '<v Dr Amara Okafor>Thanks for joining. Let’s start with introductions.</v>',
  '',
  '00:00:04.500 --> 00:00:08.000',
  '<v Jonah Reyes>Hi, I’m Jonah, second-year resident.</v>',
  '',
  '00:00:08.500 --> 00:00:11.000',
  '<v Jonah Reyes>I work mostly nights.</v>',
  '',
  '00:00:11.500 --> 00:00:15.000',
  '<v Dr Amara Okafor>And what does support look like on nights?</v>',
  '',
].join('\n');

function speakerRow(page: Page, file: string, speaker: string) {
  return page.locator(`[data-testid="import-file"][data-file="${file}"] [data-testid="import-speaker"][data-speaker="${speaker}"]`);
}

function cell(page: Page, participant: string, attribute: string) {
  return page.locator(`[data-testid="grid-row"][data-label="${participant}"] [data-testid="grid-cell"][data-attribute="${attribute}"]`);
}

async function openCases(page: Page): Promise<void> {
  await page.getByTestId('view-cases').click();
  await page.getByTestId('attribute-grid').waitFor();
}

describe('importing transcripts through the preview', () => {
  it('imports a .txt, a WebVTT and a .docx with a merged speaker and a new participant', async () => {
    const { page } = e2e.b;
    await page.goto(e2e.server.url);
    await expect.poll(() => page.getByTestId('project-title').textContent()).toContain('Import study');
    await page.getByTestId('documents-empty').waitFor();

    const files: { name: string; mimeType: string; buffer: Buffer }[] = [
      { name: 'fg3.txt', mimeType: 'text/plain', buffer: Buffer.from(TXT, 'utf8') },
      { name: 'teams-fg4.vtt', mimeType: 'text/vtt', buffer: Buffer.from(VTT, 'utf8') },
    ];
    files.push({
      name: path.basename(DOCX),
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: await docxBytes(),
    });
    await page.getByTestId('import-input').setInputFiles(files);

    const preview = page.getByTestId('import-preview');
    await preview.waitFor();
    await expect.poll(() => preview.locator('[data-testid="import-file"][aria-busy="true"]').count()).toBe(0);
    // Nothing is written by the preview.
    expect(await api<DocumentSummary[]>('documents.list', {})).toEqual([]);

    const txt = preview.locator('[data-testid="import-file"][data-file="fg3.txt"]');
    expect(await txt.getByTestId('import-doc-name').inputValue()).toBe('fg3');
    expect(await txt.getByTestId('import-stats').textContent()).toMatch(/8 turns · 4 speakers/);
    expect(await txt.getByTestId('import-speaker').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.speaker))).toEqual([
      'Moderator',
      'P1',
      'P2',
      'Mod',
    ]);

    // Typing the label of another speaker merges the two, and says so at once.
    const mod = speakerRow(page, 'fg3.txt', 'Mod');
    await mod.getByTestId('import-label').fill('moderator');
    await expect.poll(() => mod.getByTestId('merged-note').textContent()).toContain('Merged with Moderator');
    await page.keyboard.press('Enter');
    await expect.poll(() => mod.getByTestId('import-merge').inputValue()).toBe('Moderator');
    expect(await mod.getByTestId('merged-note').textContent()).toContain('Keep separate');
    const moderator = speakerRow(page, 'fg3.txt', 'Moderator');
    expect(await moderator.getByTestId('merged-from').textContent()).toContain('Mod');
    expect(await moderator.locator('td.num').first().textContent()).toBe('3');
    // ...and "Keep separate" undoes it; the "Merge into" choice makes it again.
    await mod.getByRole('button', { name: 'Keep Mod separate' }).click();
    await expect.poll(() => mod.getByTestId('import-label').inputValue()).toBe('Mod');
    await mod.getByTestId('import-merge').selectOption('Moderator');
    await expect.poll(() => mod.getByTestId('merged-note').textContent()).toContain('Merged with Moderator');

    await speakerRow(page, 'fg3.txt', 'P1').getByTestId('import-participant').selectOption('new');
    await speakerRow(page, 'fg3.txt', 'Moderator').getByTestId('import-role').selectOption('moderator');

    // The other formats, as far as the core reads them.
    const vtt = preview.locator('[data-testid="import-file"][data-file="teams-fg4.vtt"]');
    expect.soft(await vtt.getByTestId('import-file-error').count(), 'the WebVTT file previews').toBe(0);
    const docx = preview.locator(`[data-testid="import-file"][data-file="${path.basename(DOCX)}"]`);
    expect(await docx.getByTestId('import-file-error').count(), 'the .docx file previews').toBe(0);
    // Speaker detection off previews the file again as paragraphs; on again, as it was.
    if ((await vtt.getByTestId('import-file-error').count()) === 0) {
      await vtt.getByText('Detect speakers').click();
      await expect.poll(() => vtt.getByTestId('import-stats').textContent()).toMatch(/paragraph/);
      expect(await vtt.getByTestId('import-speaker').count()).toBe(0);
      await vtt.getByText('Detect speakers').click();
      await expect.poll(() => vtt.getByTestId('import-speaker').count()).toBe(2);
    }
    await preview.locator('.dialog-body').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await e2e.b.screenshot('import-preview-end.png');
    await preview.locator('.dialog-body').evaluate((el) => el.scrollTo(0, 0));
    await e2e.b.screenshot('import-preview.png');

    const count = files.length;
    expect(await page.getByTestId('import-confirm').textContent()).toBe(`Import ${count} files`);
    await page.getByTestId('import-confirm').click();
    const report = page.getByTestId('import-report');
    await report.waitFor();
    const reportText = (await report.textContent()) ?? '';
    expect.soft(reportText).toContain(`Imported ${count} of ${count} files`);
    const txtReport = report.locator('[data-testid="import-report-file"]').filter({ hasText: 'fg3' });
    expect(await txtReport.getAttribute('data-ok')).toBe('true');
    expect(await txtReport.textContent()).toMatch(/Moderator \(3\)/);
    expect(await txtReport.textContent()).not.toMatch(/Mod \(/);
    await e2e.b.screenshot('import-report-three-formats.png');
    await report.getByRole('button', { name: 'Close' }).click();

    // The transcript shows the merged speaker in every turn Mod had.
    await page.getByTestId('document-item').filter({ hasText: 'fg3' }).click();
    await page.getByTestId('document-title').filter({ hasText: 'fg3' }).waitFor();
    await expect.poll(() => page.locator('[data-testid="turn"][data-speaker="Moderator"]').count()).toBe(3);
    expect(await page.locator('[data-testid="turn"][data-speaker="Mod"]').count()).toBe(0);
    const formal = page.locator('[data-testid="turn"]').filter({ hasText: 'Did anyone have a formal debrief?' });
    expect(await formal.getAttribute('data-speaker')).toBe('Moderator');
    expect(await page.getByTestId('speaker').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.speaker))).toEqual(
      expect.arrayContaining(['Moderator', 'P1', 'P2']),
    );

    // ...and so does the project.
    const doc = await documentNamed('fg3');
    const detail = await api<DocumentDetail>('documents.get', { document: doc.guid });
    expect(detail.speakers.map((s) => s.label).sort()).toEqual(['Moderator', 'P1', 'P2']);
    const mod2 = detail.speakers.find((s) => s.label === 'Moderator')!;
    expect(mod2.role).toBe('moderator');
    expect(detail.turns.filter((t) => t.speakerGuid === mod2.guid)).toHaveLength(3);
    const p1 = detail.speakers.find((s) => s.label === 'P1')!;
    expect(p1.participant?.label).toBe('P1');
    expect(detail.speakers.find((s) => s.label === 'P2')!.participant).toBeNull();
    const participants = await api<Participant[]>('participants.list', {});
    expect(participants.map((p) => p.label)).toEqual(['P1']);

    const names = (await api<DocumentSummary[]>('documents.list', {})).map((d) => d.name);
    expect.soft(names, 'the WebVTT file was imported').toContain('teams-fg4');
    if (names.includes('teams-fg4')) {
      const teams = await api<DocumentDetail>('documents.get', { document: (await documentNamed('teams-fg4')).guid });
      expect(teams.speakers.map((s) => s.label).sort()).toEqual(['Dr Amara Okafor', 'Jonah Reyes']);
      // Jonah's two consecutive cues are one turn.
      expect(teams.turns.filter((t) => t.speakerGuid !== null)).toHaveLength(3);
    }
    expect(names, 'the .docx file was imported').toContain(path.basename(DOCX, '.docx'));
  });

  it('edits the participants’ attributes in the grid, across a reload, and undoes', async () => {
    const { page } = e2e.b;
    await openCases(page);
    await page.locator('[data-testid="grid-row"][data-label="P1"]').waitFor();

    await page.getByTestId('add-attribute').click();
    const dialog = page.getByTestId('add-attribute-dialog');
    await dialog.getByTestId('attribute-name').fill('postgraduate year');
    await dialog.getByTestId('attribute-type').selectOption('number');
    await dialog.getByTestId('attribute-save').click();
    await dialog.waitFor({ state: 'detached' });
    const p1Year = cell(page, 'P1', 'postgraduate year');
    await p1Year.waitFor();

    await p1Year.click();
    await p1Year.fill('2');
    await page.keyboard.press('Enter');
    await expect.poll(() => participantValue('P1', 'postgraduate year')).toBe('2');
    // Saved, and the views refreshed (a reload must not cut their requests short).
    await expect.poll(() => page.locator('.cell--saving, .cell--edited').count()).toBe(0);

    await page.reload();
    await openCases(page);
    await expect.poll(() => cell(page, 'P1', 'postgraduate year').inputValue()).toBe('2');
    await page.locator('.cases-header h1').click();
    await e2e.b.screenshot('attributes-grid.png');

    // Undo (the focus is not in a field) takes the value back.
    await page.keyboard.press('Control+z');
    await expect.poll(() => cell(page, 'P1', 'postgraduate year').inputValue()).toBe('');
    expect(await participantValue('P1', 'postgraduate year')).toBeUndefined();

    // A value that is not a number: the core refuses it, the toast says why, the cell keeps it.
    await cell(page, 'P1', 'postgraduate year').fill('seven');
    await page.keyboard.press('Enter');
    const toast = page.getByTestId('toast').filter({ hasText: 'is not a number' });
    await toast.waitFor();
    expect(await toast.textContent()).toContain('postgraduate year: “seven” is not a number');
    await expect.poll(() => cell(page, 'P1', 'postgraduate year').getAttribute('aria-invalid')).toBe('true');
    expect(await cell(page, 'P1', 'postgraduate year').inputValue()).toBe('seven');
    await page.getByTestId('grid-notice').waitFor();
    await e2e.b.screenshot('attributes-grid-invalid.png');
    acceptRefusal('attributes.setValues');
    await toast.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByTestId('grid-discard').click();
    await expect.poll(() => cell(page, 'P1', 'postgraduate year').inputValue()).toBe('');

    // The documents have their own attributes, next to their speakers, turns and words.
    await page.getByTestId('cases-tab-document').click();
    await page.locator('[data-testid="grid-row"][data-label="fg3"]').waitFor();
    expect(await page.getByTestId('grid-row').count()).toBe(3);
    await e2e.b.screenshot('attributes-documents.png');
    await page.getByTestId('cases-tab-participant').click();
    await page.locator('[data-testid="grid-row"][data-label="P1"]').waitFor();
  });

  it('pastes a block of cells from a spreadsheet as one step', async () => {
    const { page } = e2e.b;
    await page.getByTestId('add-participant').click();
    await page.getByTestId('participant-label').fill('P2');
    await page.getByTestId('participant-save').click();
    await page.locator('[data-testid="grid-row"][data-label="P2"]').waitFor();
    await page.getByTestId('add-attribute').click();
    await page.getByTestId('attribute-name').fill('site');
    await page.getByTestId('attribute-type').selectOption('category');
    await page.getByTestId('attribute-save').click();
    await cell(page, 'P2', 'site').waitFor();

    const calls: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/attributes.setValues')) calls.push(r.postData() ?? '');
    });
    // Two rows by two columns, as a spreadsheet puts them on the clipboard.
    await cell(page, 'P1', 'postgraduate year').focus();
    await cell(page, 'P1', 'postgraduate year').evaluate((el) => {
      const data = new DataTransfer();
      data.setData('text/plain', '3\tSite A\r\n1\tSite B\r\n');
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await expect.poll(() => participantValue('P2', 'site')).toBe('Site B');
    expect(await participantValue('P1', 'postgraduate year')).toBe('3');
    expect(await participantValue('P1', 'site')).toBe('Site A');
    expect(await participantValue('P2', 'postgraduate year')).toBe('1');
    expect(calls).toHaveLength(1);
    expect((JSON.parse(calls[0]!) as { values: unknown[] }).values).toHaveLength(4);
    await expect.poll(() => cell(page, 'P2', 'site').inputValue()).toBe('Site B');
    // The category's values are offered in the cell.
    // The attribute list is refetched after the paste: wait for it rather than read it once.
    await expect.poll(() => page.locator(`datalist option[value="Site A"]`).count()).toBe(1);

    await page.locator('.cases-header h1').click();
    await page.keyboard.press('Control+z');
    await expect.poll(() => cell(page, 'P2', 'site').inputValue()).toBe('');
    expect(await participantValue('P1', 'postgraduate year')).toBeUndefined();
  });

  it('imports attribute values from a CSV file and reports the names it could not match', async () => {
    const { page } = e2e.b;
    const csv = 'Participant,gender,postgraduate year\np1,woman,4\nP9,man,1\n';
    await page.getByTestId('import-csv-input').setInputFiles({ name: 'participants.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    const report = page.getByTestId('csv-report');
    await report.waitFor();
    const text = (await report.textContent()) ?? '';
    expect(text).toContain('1 row matched a participant');
    expect(text).toContain('New attributes: gender');
    expect(await report.getByTestId('csv-unmatched').textContent()).toContain('P9');
    await e2e.b.screenshot('csv-report.png');
    await report.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => cell(page, 'P1', 'gender').inputValue()).toBe('woman');
    expect(await cell(page, 'P1', 'postgraduate year').inputValue()).toBe('4');
  });

  it('renames, links and merges the speakers of an open document', async () => {
    const { page } = e2e.b;
    await page.getByTestId('view-transcripts').click();
    await page.getByTestId('document-item').filter({ hasText: 'fg3' }).click();
    await page.getByTestId('document-title').filter({ hasText: 'fg3' }).waitFor();

    // P2 becomes "Priya", linked to the participant P2 added in the grid.
    const p2 = page.locator('[data-testid="speaker"][data-speaker="P2"]');
    await p2.getByTestId('speaker-edit').click();
    const editor = page.getByTestId('speaker-editor');
    await editor.getByTestId('speaker-label').fill('Priya');
    const participant = (await api<Participant[]>('participants.list', {})).find((p) => p.label === 'P2')!;
    await editor.getByTestId('speaker-participant').selectOption(participant.guid);
    await editor.getByTestId('speaker-save').click();
    await editor.waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('[data-testid="turn"][data-speaker="Priya"]').count()).toBe(2);
    const doc = await documentNamed('fg3');
    let detail = await api<DocumentDetail>('documents.get', { document: doc.guid });
    expect(detail.speakers.find((s) => s.label === 'Priya')?.participant?.label).toBe('P2');
    await page.locator('.doc-header').screenshot({ path: path.join(RESULTS_DIR, 'speakers.png') });

    // Typing P1's label merges Priya into P1.
    await page.locator('[data-testid="speaker"][data-speaker="Priya"]').getByTestId('speaker-edit').click();
    await editor.getByTestId('speaker-label').fill('p1');
    expect(await editor.getByTestId('speaker-save').textContent()).toBe('Merge into P1');
    await page.locator('.doc-header').screenshot({ path: path.join(RESULTS_DIR, 'speaker-editor.png') });
    await editor.getByTestId('speaker-save').click();
    await editor.waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('[data-testid="turn"][data-speaker="P1"]').count()).toBe(4);
    detail = await api<DocumentDetail>('documents.get', { document: doc.guid });
    expect(detail.speakers.map((s) => s.label).sort()).toEqual(['Moderator', 'P1']);

    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('[data-testid="turn"][data-speaker="Priya"]').count()).toBe(2);
  });

  it('lists a `Name:` it did not take as a speaker, and takes it once the researcher accepts it', async () => {
    const { page } = e2e.b;
    await page.goto(e2e.server.url);
    await page.getByTestId('project-title').waitFor();
    const text = [
      'P1: The debrief after my first death on shift mattered most.',
      '',
      'P2: For me it was the group chat at three in the morning.',
      '',
      'P1: And the attending who asked how I was.',
      '',
      'Maria: I never had any of that on nights.',
      '',
      'P2: That is exactly the gap.',
      '',
    ].join('\n');
    await page.getByTestId('import-input').setInputFiles([{ name: 'fg5.txt', mimeType: 'text/plain', buffer: Buffer.from(text, 'utf8') }]);
    const file = page.locator('[data-testid="import-file"][data-file="fg5.txt"]');
    await file.getByTestId('import-stats').waitFor();
    expect(await file.getByTestId('import-speaker').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.speaker))).toEqual(['P1', 'P2']);
    const possible = file.locator('[data-testid="import-possible-speaker"][data-label="Maria"]');
    await possible.waitFor();
    expect(await possible.textContent()).toContain('I never had any of that on nights.');
    await e2e.b.screenshot('import-possible-speaker.png');

    await possible.getByTestId('import-accept-speaker').click();
    await expect.poll(() => speakerRow(page, 'fg5.txt', 'Maria').count()).toBe(1);
    expect(await file.getByTestId('import-accepted-speakers').textContent()).toContain('Maria');
    await page.getByTestId('import-confirm').click();
    const report = page.getByTestId('import-report');
    await report.waitFor();
    expect(await report.textContent()).toMatch(/Maria \(1\)/);
    await report.getByRole('button', { name: 'Close' }).click();

    const detail = await api<DocumentDetail>('documents.get', { document: (await documentNamed('fg5')).guid });
    const maria = detail.speakers.find((s) => s.label === 'Maria');
    expect(maria).toBeDefined();
    const turn = detail.turns.find((t) => t.speakerGuid === maria!.guid);
    expect(turn && detail.text.slice(turn.start, turn.end)).toBe('I never had any of that on nights.');
  });
});
