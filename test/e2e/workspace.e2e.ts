/**
 * The coding workspace with the keyboard only: after the page loads nothing is clicked. Passages
 * are selected by setting a DOM Range (as a reader's selection would be; shift+arrow selection in
 * the read-only view is not implemented) or by moving between turns with J/K; everything else is
 * keys: Q / Ctrl+K / Shift+Enter in the quick-code box, T for a whole turn, V for in-vivo, `.` to
 * step to a coding, Delete, Ctrl+Z / Ctrl+Shift+Z, M for a memo, Ctrl+Enter to save it, `?` help.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Code, CodedSegment, DocumentDetail, DocumentSummary, Memo } from '../../shared/types.js';
import { serveProject } from '../../electron/server/start.js';
import { useE2e } from './harness.js';

const e2e = useE2e('chorus-e2e-ws-', (dir) => serveProject({ dataDir: dir, port: 0, demoAnalysis: false }));
const api = e2e.api;

const FG1 = 'Focus group 1 (Site A)';

async function documentNamed(name: string): Promise<DocumentSummary> {
  const doc = (await api<DocumentSummary[]>('documents.list', {})).find((d) => d.name === name);
  if (!doc) throw new Error(`No document named ${name}`);
  return doc;
}

/** Opens a document from the list with the keyboard: focus its entry, press Enter. */
async function openDocumentByKeyboard(page: Page, name: string): Promise<void> {
  await page.getByTestId('document-item').filter({ hasText: name }).focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('document-title').filter({ hasText: name }).waitFor();
  await page.locator('[data-testid="transcript"] [data-testid="turn"]').first().waitFor();
}

const WORD = /[\p{L}\p{N}\p{M}'’_-]+/gu;

/**
 * Selects a phrase with the keyboard alone, as a researcher would: J / K to its turn, Shift+→ a
 * word at a time to its last word, then Alt+Shift+→ to move the start up to its first word.
 */
async function selectPhrase(page: Page, phrase: string): Promise<void> {
  const detail = await page.evaluate(async () => {
    const current = document.querySelector<HTMLElement>('.turn--current')?.dataset.index;
    return { current: current === undefined ? null : Number(current) };
  });
  const doc = (await api<DocumentSummary[]>('documents.list', {})).find((d) => d.name === FG1)!;
  const full = await api<DocumentDetail>('documents.get', { document: doc.guid });
  const turns = [...full.turns].sort((a, b) => a.start - b.start);
  const at = full.text.indexOf(phrase);
  const target = turns.findIndex((t) => t.start <= at && at + phrase.length <= t.end);
  expect(target, phrase).toBeGreaterThanOrEqual(0);
  // Walk to the turn: the first J lands on the first turn in view when none is current.
  let current = detail.current;
  for (let guard = 0; current !== target && guard < turns.length * 2; guard++) {
    await page.keyboard.press(current === null || current < target ? 'j' : 'k');
    current = await page.evaluate(() => Number(document.querySelector<HTMLElement>('.turn--current')?.dataset.index ?? -1));
  }
  expect(current).toBe(target);
  const before = full.text.slice(turns[target]!.start, at).match(WORD)?.length ?? 0;
  const inside = phrase.match(WORD)?.length ?? 0;
  for (let i = 0; i < before + inside; i++) await page.keyboard.press('Shift+ArrowRight');
  for (let i = 0; i < before; i++) await page.keyboard.press('Alt+Shift+ArrowRight');
  await expect.poll(() => page.evaluate(() => window.getSelection()?.toString())).toBe(phrase);
  await page.getByTestId('code-selection-button').waitFor();
}

async function quickCode(page: Page, typed: string, key: 'Enter' | 'Shift+Enter' = 'Enter'): Promise<void> {
  const input = page.getByTestId('quick-code-input');
  await input.waitFor();
  await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
  await page.keyboard.type(typed);
  await expect.poll(() => page.getByTestId('quick-code-option').count()).toBeGreaterThan(0);
  await page.keyboard.press(key);
}

async function codingsOf(doc: string): Promise<CodedSegment[]> {
  return api<CodedSegment[]>('codings.list', { document: doc });
}

async function codeName(guid: string): Promise<string | undefined> {
  return (await api<Code[]>('codes.list', {})).find((c) => c.guid === guid)?.name;
}

describe('the coding workspace, keyboard only', () => {
  it('codes, in-vivo codes, removes, undoes and redoes, writes a memo, and finds it all after a reload', async () => {
    const { page } = e2e.b;
    await page.goto(e2e.server.url);
    await expect.poll(() => page.getByTestId('project-title').textContent()).toContain('Peer support');
    await openDocumentByKeyboard(page, FG1);
    const doc = await documentNamed(FG1);
    const detail = await api<DocumentDetail>('documents.get', { document: doc.guid });
    expect(await codingsOf(doc.guid)).toHaveLength(0);

    // 1. Q, filter, Enter.
    await selectPhrase(page, 'the room emptied really fast');
    await page.keyboard.press('q');
    await quickCode(page, 'debrief');
    await page.getByTestId('quick-code').waitFor({ state: 'detached' });

    // 2 and 3. Two codes on one passage: Shift+Enter applies and keeps the box open.
    await selectPhrase(page, 'Within two minutes everyone was back at their computers');
    await page.keyboard.press('q');
    await quickCode(page, 'time and shift', 'Shift+Enter');
    await expect.poll(() => page.getByTestId('quick-code-applied').textContent()).toContain('Time and shift patterns');
    await quickCode(page, 'stigma');
    await page.getByTestId('quick-code').waitFor({ state: 'detached' });

    // 4. A whole turn: K twice moves up to Priya's "That was me" turn, T codes it.
    await page.keyboard.press('k');
    await page.keyboard.press('k');
    await expect.poll(() => page.locator('.turn--current').textContent()).toContain('That was me');
    await page.keyboard.press('t');
    await quickCode(page, 'Noticing each other');
    await page.getByTestId('quick-code').waitFor({ state: 'detached' });

    // 5. Ctrl+K, filter, Enter.
    await selectPhrase(page, 'I felt like I was outside my body');
    await page.keyboard.press('Control+k');
    await quickCode(page, 'emotional');
    await page.getByTestId('quick-code').waitFor({ state: 'detached' });

    // In-vivo: V makes the selected words a code and applies it.
    await selectPhrase(page, "It's the parking garage");
    await page.keyboard.press('v');
    await expect.poll(async () => (await codingsOf(doc.guid)).length).toBe(6);

    const coded = await codingsOf(doc.guid);
    const byText = new Map(coded.map((c) => [c.text, c]));
    const turn = detail.turns.find((t) => detail.text.slice(t.start, t.end).startsWith('That was me'))!;
    expect(byText.get(detail.text.slice(turn.start, turn.end))).toBeDefined();
    expect(coded.filter((c) => c.text === 'Within two minutes everyone was back at their computers')).toHaveLength(2);
    const inVivo = byText.get("It's the parking garage")!;
    expect(await codeName(inVivo.codeGuid)).toBe("It's the parking garage");

    // One stripe per coding in the margin, in its code's colour.
    await expect.poll(() => page.getByTestId('coding-stripe').count()).toBe(6);

    // Remove one coding: `.` steps through codings in reading order (the in-vivo one first, then
    // the whole turn); the popover has the focus and Delete removes.
    const wholeTurn = byText.get(detail.text.slice(turn.start, turn.end))!;
    await page.keyboard.press('.');
    await page.keyboard.press('.');
    const popover = page.getByTestId('coding-popover');
    await expect.poll(() => popover.textContent()).toContain('Noticing each other');
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator(`mark[data-codings~="${wholeTurn.guid}"]`).count()).toBe(0);
    expect((await codingsOf(doc.guid)).map((c) => c.guid)).not.toContain(wholeTurn.guid);

    // Undo brings it back; redo takes it away again.
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator(`mark[data-codings~="${wholeTurn.guid}"]`).count()).toBeGreaterThan(0);
    expect((await codingsOf(doc.guid)).map((c) => c.guid)).toContain(wholeTurn.guid);
    await page.keyboard.press('Control+Shift+Z');
    await expect.poll(() => page.locator(`mark[data-codings~="${wholeTurn.guid}"]`).count()).toBe(0);
    expect(await codingsOf(doc.guid)).toHaveLength(5);
    await expect.poll(() => page.getByTestId('coding-stripe').count()).toBe(5);

    // A memo on the in-vivo coding: `.` selects it, M opens the editor, Ctrl+Enter saves.
    await page.keyboard.press('.');
    await expect.poll(() => popover.textContent()).toContain("It's the parking garage");
    await page.keyboard.press('m');
    const memoInput = page.getByTestId('memo-input');
    await memoInput.waitFor();
    await expect.poll(() => memoInput.evaluate((el) => el.contains(document.activeElement) || el === document.activeElement)).toBe(true);
    await page.keyboard.type('Where support happens: ');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('outside the building');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('memo-editor').waitFor({ state: 'detached' });
    const memos = await api<Memo[]>('memos.list', { target: inVivo.guid });
    expect(memos).toHaveLength(1);
    expect(memos[0]!.kind).toBe('segment');
    expect(memos[0]!.text).toBe('Where support happens: outside the building');
    expect(memos[0]!.content).toContain('"format":1'); // the bold run
    await page.locator(`[data-testid="memo-marker"][data-target="${inVivo.guid}"]`).waitFor();

    // After a reload everything is as it was left.
    const before = (await codingsOf(doc.guid)).map((c) => [c.guid, c.start, c.end]).sort();
    await page.reload();
    await openDocumentByKeyboard(page, FG1);
    expect((await codingsOf(doc.guid)).map((c) => [c.guid, c.start, c.end]).sort()).toEqual(before);
    for (const [guid] of before) {
      await expect.poll(() => page.locator(`mark[data-codings~="${guid as string}"]`).count()).toBeGreaterThan(0);
    }
    expect(await page.locator(`mark[data-codings~="${wholeTurn.guid}"]`).count()).toBe(0);
    await expect.poll(() => page.getByTestId('coding-stripe').count()).toBe(5);
    await page.locator(`[data-testid="memo-marker"][data-target="${inVivo.guid}"]`).waitFor();
    expect(await api<Memo[]>('memos.list', { target: inVivo.guid })).toHaveLength(1);

    // The memo opens again from the Memos menu with its text.
    await page.getByTestId('memos-button').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('memo-item').first().waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('memo-input').textContent()).toBe('Where support happens: outside the building');
    await page.keyboard.press('Escape');
    await page.getByTestId('memo-editor').waitFor({ state: 'detached' });

    await page.evaluate(() => document.querySelector('mark[data-codings]')?.scrollIntoView({ block: 'start' }));
    await page.evaluate(() => document.querySelector<HTMLElement>('[data-testid="transcript-scroll"]')!.scrollBy(0, -120));
    await e2e.b.screenshot('workspace.png');

    // `?` lists every shortcut.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('?');
    await page.getByTestId('help-overlay').waitFor();
    const help = (await page.getByTestId('help-overlay').textContent()) ?? '';
    for (const words of ['Code the whole current turn', 'In-vivo', 'Shift+Enter', 'Adjust', 'Memo on the current turn', 'Undo', 'Redo', 'Next / previous coding']) {
      expect(help).toContain(words);
    }
    await e2e.b.screenshot('help-overlay.png');
    await page.keyboard.press('Escape');
    await page.getByTestId('help-overlay').waitFor({ state: 'detached' });
  });

  it('adjusts a coding by words, filters turns, finds in the document, writes turn and document memos, and lists segments with context', async () => {
    const { page } = e2e.b;
    const doc = await documentNamed(FG1);
    const inVivo = (await codingsOf(doc.guid)).find((c) => c.text === "It's the parking garage")!;

    // Adjust: `.` selects the first coding, A starts adjusting, ] moves the start a word on,
    // Shift+[ the end a word back, Enter saves (codings.resize).
    await page.keyboard.press('.');
    await expect.poll(() => page.getByTestId('coding-popover').textContent()).toContain("It's the parking garage");
    await page.keyboard.press('a');
    await page.getByTestId('adjust-bar').waitFor();
    await page.keyboard.press('BracketRight');
    await page.keyboard.press('Shift+BracketLeft');
    await page.keyboard.press('Enter');
    await page.getByTestId('adjust-bar').waitFor({ state: 'detached' });
    await expect.poll(async () => (await codingsOf(doc.guid)).find((c) => c.guid === inVivo.guid)?.text).toBe('the parking');
    await expect.poll(() => page.locator(`mark[data-codings~="${inVivo.guid}"]`).textContent()).toBe('the parking');
    // ...and undo puts the boundaries back.
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator(`mark[data-codings~="${inVivo.guid}"]`).textContent()).toBe("It's the parking garage");

    // Filters (keyboard-operable selects in the toolbar): one speaker, then only turns with a code.
    const shownSpeakers = () =>
      page.evaluate(() => [...new Set([...document.querySelectorAll<HTMLElement>('[data-testid="turn"]:not(.turn--filtered)')].map((t) => t.dataset.speaker ?? ''))]);
    await page.getByTestId('filter-speaker').selectOption({ label: 'Priya' });
    await expect.poll(shownSpeakers).toEqual(['Priya']);
    await page.getByTestId('filter-code').selectOption({ label: 'Debriefs after critical events' });
    await expect.poll(() => page.locator('[data-testid="turn"]:not(.turn--filtered)').count()).toBe(1);
    await page.getByTestId('filter-speaker').selectOption({ label: 'All speakers' });
    await page.getByTestId('filter-code').selectOption({ label: 'Any code' });
    await expect.poll(() => page.locator('[data-testid="turn"].turn--filtered').count()).toBe(0);

    // Find: Ctrl+F, type, Enter steps through the hits (highlights, not a rebuild of the view).
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Control+f');
    const find = page.getByTestId('find-input');
    await expect.poll(() => find.evaluate((el) => el === document.activeElement)).toBe(true);
    // A probe on the turn blocks: a rebuild of the view would lose it.
    await page.evaluate(() => document.querySelectorAll<HTMLElement>('[data-testid="turn"]').forEach((t) => (t.dataset.probe = '1')));
    await page.keyboard.type('parking garage');
    await expect.poll(() => page.getByTestId('find-count').textContent()).toMatch(/^1 \/ [2-9]/);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('find-count').textContent()).toMatch(/^2 \//);
    expect(await page.evaluate(() => CSS.highlights.get('chorus-find')?.size ?? 0)).toBeGreaterThanOrEqual(2);
    expect(await page.evaluate(() => CSS.highlights.get('chorus-find-current')?.size ?? 0)).toBe(1);
    expect(await page.locator('[data-testid="turn"]:not([data-probe])').count()).toBe(0);
    await e2e.b.screenshot('workspace-find.png');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => CSS.highlights.has('chorus-find'))).toBe(false);

    // A memo on the current turn (J moves to a turn, M opens the editor) and one on the document.
    const detail = await api<DocumentDetail>('documents.get', { document: doc.guid });
    await page.keyboard.press('j');
    const current = await page.locator('.turn--current').getAttribute('data-turn');
    expect(current).toBeTruthy();
    await page.keyboard.press('m');
    await page.getByTestId('memo-input').waitFor();
    await page.keyboard.type('Long pause before this answer.');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('memo-editor').waitFor({ state: 'detached' });
    await expect.poll(async () => (await api<Memo[]>('memos.list', { target: current! })).map((m) => [m.kind, m.text])).toEqual([['turn', 'Long pause before this answer.']]);
    expect(detail.turns.map((t) => t.guid)).toContain(current);
    await page.locator(`[data-testid="memo-marker"][data-target="${current}"]`).waitFor();

    await page.keyboard.press('Shift+M');
    await page.getByTestId('memo-input').waitFor();
    await page.keyboard.type('Group warmed up after the parking-garage story.');
    // A bulleted list (Ctrl+Shift+8) of what to follow up.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+Shift+8');
    await page.keyboard.type('Ask about nights');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Ask about seniors');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('memo-editor').waitFor({ state: 'detached' });
    await expect.poll(async () => (await api<Memo[]>('memos.list', { target: doc.guid })).map((m) => m.kind)).toEqual(['document']);
    const [docMemo] = await api<Memo[]>('memos.list', { target: doc.guid });
    expect(docMemo!.content).toContain('"type":"list"');
    expect(docMemo!.text).toMatch(/Ask about nights\n+Ask about seniors/);
    await page.getByTestId('memos-button').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('memo-item').count()).toBe(3);
    await page.locator(`[data-testid="memo-marker"][data-target="${current}"]`).evaluate((m) => m.scrollIntoView({ block: 'center' }));
    await e2e.b.screenshot('workspace-memos.png');
    await page.keyboard.press('Escape');

    // Coded segments of a code, with the words around them; Enter on one jumps to it.
    await page.locator('[data-testid="code-row"][data-code-name="Emotional toll and burnout"]').focus();
    await page.keyboard.press('Enter');
    const segment = page.getByTestId('segment').first();
    await segment.waitFor();
    const shown = (await segment.getByTestId('segment-text').textContent()) ?? '';
    expect(shown).toContain('I felt like I was outside my body');
    expect(shown).toMatch(/asking about his ankle and\s+I felt like/);
    await segment.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => window.getSelection()?.toString() ?? '')).toContain('I felt like I was outside my body');
  });
});
