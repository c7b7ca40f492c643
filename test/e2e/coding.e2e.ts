/**
 * Coding in a real browser against the browser-mode server: select words in a transcript, code
 * them through the quick-code box, and check the highlight on screen and the coding in the
 * project (through the API), across a reload, undo and redo.
 */
import type { Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Code, CodedSegment, DocumentDetail, DocumentSummary } from '../../shared/types.js';
import { serveProject } from '../../electron/server/start.js';
import { useE2e } from './harness.js';

const e2e = useE2e('chorus-e2e-', (dir) =>
  // With only a data folder, the server writes a copy of the demo study there and opens it.
  serveProject({ dataDir: dir, port: 0, demoAnalysis: false }),
);
const api = e2e.api;

async function documentNamed(name: string): Promise<DocumentSummary> {
  const docs = await api<DocumentSummary[]>('documents.list', {});
  const doc = docs.find((d) => d.name === name);
  if (!doc) throw new Error(`No document named ${name}`);
  return doc;
}

async function codeNamed(name: string): Promise<Code | undefined> {
  return (await api<Code[]>('codes.list', {})).find((c) => c.name === name);
}

async function openDocument(page: Page, name: string): Promise<void> {
  await page.getByTestId('document-item').filter({ hasText: name }).click();
  await page.getByTestId('document-title').filter({ hasText: name }).waitFor();
  await page.locator('[data-testid="transcript"] [data-testid="turn"]').first().waitFor();
}

/**
 * Selects from the start of `from` to the end of `to` in the transcript's text (each must lie in
 * one text node, outside the turn headers; "|" marks a point inside a phrase) as a reader's drag
 * would, then releases the mouse.
 * `backwards` puts the anchor at the end, like a drag from right to left. Returns the speakers
 * of the turns where the selection starts and ends.
 */
async function selectText(page: Page, from: string, to: string = from, backwards = false): Promise<string[]> {
  return page.evaluate(
    ({ from, to, backwards }) => {
      const root = document.querySelector('[data-testid="transcript"]')!;
      // A "|" in a phrase marks the exact point; without one, a selection starts at the
      // beginning of `from` and ends at the end of `to`.
      const find = (marked: string, atEnd: boolean) => {
        const bar = marked.indexOf('|');
        const phrase = marked.replace('|', '');
        const point = bar >= 0 ? bar : atEnd ? phrase.length : 0;
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
          const at = n.data.indexOf(phrase);
          if (at >= 0 && !n.parentElement?.closest('.turn-header')) return { node: n, at: at + point };
        }
        throw new Error(`"${phrase}" is not in one text node of the transcript`);
      };
      const a = find(from, false);
      const z = find(to, true);
      const sel = window.getSelection()!;
      if (backwards) sel.setBaseAndExtent(z.node, z.at, a.node, a.at);
      else sel.setBaseAndExtent(a.node, a.at, z.node, z.at);
      z.node.parentElement!.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
      const speaker = (n: Text) => (n.parentElement?.closest('[data-testid="turn"]') as HTMLElement | null)?.dataset.speaker ?? '';
      return [speaker(a.node), speaker(z.node)];
    },
    { from, to, backwards },
  );
}

/** The text of every highlight carrying coding `guid`, joined in reading order. */
function markedText(page: Page, guid: string): Promise<string> {
  return page.evaluate(
    (guid) =>
      [...document.querySelectorAll(`[data-testid="transcript"] mark[data-codings~="${guid}"]`)]
        .map((m) => m.textContent)
        .join('|'),
    guid,
  );
}

function codeRow(page: Page, name: string) {
  return page.locator(`[data-testid="code-row"][data-code-name="${name}"]`);
}

const FG1 = 'Focus group 1 (Site A)';
const WORDS = "I didn't want to be the intern who couldn't handle her first death";
const NEW_CODE = 'Hiding distress after a death';

describe('coding a transcript in the browser', () => {
  it('codes selected words with a new code, keeps it across a reload, and undoes and redoes it', async () => {
    const { page } = e2e.b;
    await page.goto(e2e.server.url);
    await expect.poll(() => page.getByTestId('project-title').textContent()).toContain('Peer support');
    await openDocument(page, FG1);
    expect(await page.locator('mark[data-codings]').count()).toBe(0);

    const speakers = await selectText(page, WORDS);
    expect(speakers).toEqual(['Priya', 'Priya']);
    await expect.poll(() => page.locator('[data-testid="turn"][data-speaker="Priya"] .role-badge').first().textContent()).toBe('Participant');
    await page.getByTestId('code-selection-button').waitFor();

    // Keyboard only from here: Q opens the box, the name is new, Enter creates and applies it.
    await page.keyboard.press('q');
    const input = page.getByTestId('quick-code-input');
    await input.waitFor();
    await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
    await input.pressSequentially(NEW_CODE);
    const options = page.getByTestId('quick-code-option');
    await expect.poll(() => options.count()).toBe(1);
    expect(await options.first().textContent()).toContain(`Create code “${NEW_CODE}”`);
    await e2e.b.screenshot('quick-code.png');
    await page.keyboard.press('Enter');
    await page.getByTestId('quick-code').waitFor({ state: 'detached' });

    // The project holds exactly one coding of the new code, over exactly the selected words.
    const doc = await documentNamed(FG1);
    const code = await codeNamed(NEW_CODE);
    expect(code, 'the quick-code box created the code').toBeDefined();
    const codings = (await api<CodedSegment[]>('codings.list', { document: doc.guid })).filter((c) => c.codeGuid === code!.guid);
    expect(codings).toHaveLength(1);
    const coding = codings[0]!;
    expect(coding.text).toBe(WORDS);
    const detail = await api<DocumentDetail>('documents.get', { document: doc.guid });
    expect(detail.text.slice(coding.start, coding.end)).toBe(WORDS);
    expect(coding.speakers).toEqual(['Priya']);

    // ...and the view shows it as one highlight in the code's colour, without a reload.
    await expect.poll(() => markedText(page, coding.guid)).toBe(WORDS);
    const mark = page.locator(`mark[data-codings~="${coding.guid}"]`).first();
    await mark.hover(); // the title naming its codes is written when the pointer reaches it
    expect(await mark.getAttribute('title')).toBe(NEW_CODE);
    expect(await mark.evaluate((m) => getComputedStyle(m).backgroundColor)).not.toMatch(/rgba\(0, 0, 0, 0\)|transparent/);
    await expect.poll(() => codeRow(page, NEW_CODE).getByTestId('code-count').textContent()).toBe('1');
    await page.evaluate(() => window.getSelection()?.removeAllRanges());
    await mark.evaluate((m) => m.scrollIntoView({ block: 'center' }));
    await e2e.b.screenshot('transcript.png');

    // The coding is in the project file, not just on screen.
    await page.reload();
    await openDocument(page, FG1);
    await expect.poll(() => markedText(page, coding.guid)).toBe(WORDS);

    // Ctrl+Z takes back the coding and the code it created; Ctrl+Shift+Z brings both back.
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator(`mark[data-codings~="${coding.guid}"]`).count()).toBe(0);
    await expect.poll(() => codeRow(page, NEW_CODE).getByTestId('code-count').count()).toBe(0);
    expect(await page.locator('mark[data-codings]').count()).toBe(0);
    expect(await codeNamed(NEW_CODE)).toBeUndefined();
    await expect.poll(() => page.getByTestId('redo').getAttribute('title')).toContain(NEW_CODE);

    await page.keyboard.press('Control+Shift+Z');
    await expect.poll(() => page.locator('mark[data-codings]').count()).toBeGreaterThan(0);
    const redone = (await api<CodedSegment[]>('codings.list', { document: doc.guid })).filter((c) => c.text === WORDS);
    expect(redone).toHaveLength(1);
    await expect.poll(() => markedText(page, redone[0]!.guid)).toBe(WORDS);
    await expect.poll(() => codeRow(page, NEW_CODE).getByTestId('code-count').textContent()).toBe('1');

    // Undo and redo pressed at once, while the page still reads the undo state again after the
    // undo (slowed here): the redo waits for the undo rather than being dropped.
    await page.route('**/api/history.state', async (route: Route) => {
      await new Promise((r) => setTimeout(r, 800));
      await route.continue();
    });
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+Shift+Z');
    await expect.poll(async () => (await api<{ canUndo: boolean; canRedo: boolean }>('history.state', {})).canRedo, { timeout: 10_000 }).toBe(false);
    await page.unrouteAll({ behavior: 'wait' });
    expect((await api<CodedSegment[]>('codings.list', { document: doc.guid })).filter((c) => c.text === WORDS)).toHaveLength(1);
    await expect.poll(() => page.locator('mark[data-codings]').count()).toBeGreaterThan(0);
  });

  it('codes a passage across turns with an existing code, chosen by filtering', async () => {
    const { page } = e2e.b;
    const doc = await documentNamed(FG1);
    const detail = await api<DocumentDetail>('documents.get', { document: doc.guid });
    const from = 'But that\'s the thing — everybody thinks';
    const to = 'The car thing';
    // Selected right to left: the anchor is after the focus.
    expect(await selectText(page, from, to, true)).toEqual(['Maya', 'Jonah']);
    await page.getByTestId('code-selection-button').waitFor();
    await page.keyboard.press('Control+k');
    const input = page.getByTestId('quick-code-input');
    await input.waitFor();
    await input.pressSequentially('check');
    await expect.poll(() => page.getByTestId('quick-code-option').first().textContent()).toContain('Hallway check-ins');
    await page.keyboard.press('Enter');
    await page.getByTestId('quick-code').waitFor({ state: 'detached' });

    const start = detail.text.indexOf(from);
    const end = detail.text.indexOf(to, start) + to.length;
    const hallway = (await codeNamed('Hallway check-ins'))!;
    const codings = (await api<CodedSegment[]>('codings.list', { code: hallway.guid })).filter((c) => c.documentGuid === doc.guid);
    expect(codings.map((c) => [c.start, c.end])).toEqual([[start, end]]);
    expect(codings[0]!.speakers).toEqual(expect.arrayContaining(['Maya', 'Jonah', 'Dr. Okafor']));

    // One coding, shown in every turn it crosses; the labels between turns are not shown.
    const guid = codings[0]!.guid;
    await expect.poll(() => page.locator(`mark[data-codings~="${guid}"]`).count()).toBeGreaterThanOrEqual(4);
    const shown = await markedText(page, guid);
    expect(shown.startsWith(from)).toBe(true);
    expect(shown.endsWith(to)).toBe(true);
    const turnTexts = detail.turns
      .filter((t) => t.end > start && t.start < end)
      .map((t) => detail.text.slice(Math.max(t.start, start), Math.min(t.end, end)));
    expect(shown).toBe(turnTexts.join('|'));

    // The codebook lists the segment; opening it from there selects it in the transcript.
    await codeRow(page, 'Hallway check-ins').click();
    const segment = page.locator(`[data-testid="segment"][data-coding="${guid}"]`);
    await segment.waitFor();
    await page.getByTestId('document-item').filter({ hasText: 'Focus group 2 (Site A)' }).click();
    await page.getByTestId('document-title').filter({ hasText: 'Focus group 2' }).waitFor();
    await segment.click();
    await page.getByTestId('document-title').filter({ hasText: FG1 }).waitFor();
    await expect
      .poll(() => page.evaluate(() => window.getSelection()?.toString().replace(/\s+/g, ' ').trim() ?? ''))
      .toContain(from.replace(/\s+/g, ' '));
    await page.getByTestId('code-selection-button').waitFor();
  });

  it('removes a coding from the popover of a clicked highlight', async () => {
    const { page } = e2e.b;
    const doc = await documentNamed(FG1);
    const hallway = (await codeNamed('Hallway check-ins'))!;
    const [coding] = await api<CodedSegment[]>('codings.list', { code: hallway.guid });
    expect(coding).toBeDefined();
    // The segment opened from the codebook is still selected: a click on it shows its codes.
    expect(await page.evaluate(() => window.getSelection()?.isCollapsed)).toBe(false);
    await page.locator(`mark[data-codings~="${coding!.guid}"]`).first().click();
    const popover = page.getByTestId('coding-popover');
    await popover.waitFor();
    expect(await popover.textContent()).toContain('Hallway check-ins');
    await popover.getByTestId('remove-coding').click();
    await expect.poll(() => page.locator(`mark[data-codings~="${coding!.guid}"]`).count()).toBe(0);
    const left = await api<CodedSegment[]>('codings.list', { document: doc.guid });
    expect(left.map((c) => c.guid)).not.toContain(coding!.guid);
    // The other coding of this document is untouched.
    expect(left.map((c) => c.text)).toEqual([WORDS]);
    await expect.poll(() => markedText(page, left[0]!.guid)).toBe(WORDS);
  });

  it('shows overlapping codings as one passage with several codes, and takes one off again', async () => {
    const { page } = e2e.b;
    const doc = await documentNamed(FG1);
    const [words] = await api<CodedSegment[]>('codings.list', { document: doc.guid });
    expect(words?.text).toBe(WORDS);

    // A new coding that starts before an existing highlight and ends inside it.
    await selectText(page, 'anyone, |because ', 'want to be the intern');
    await page.keyboard.press('q');
    await page.getByTestId('quick-code-input').pressSequentially('stigma');
    await page.keyboard.press('Enter');
    await page.getByTestId('quick-code').waitFor({ state: 'detached' });
    const stigma = (await codeNamed('Stigma and fear of judgement'))!;
    const [overlap] = await api<CodedSegment[]>('codings.list', { code: stigma.guid });
    expect(overlap?.text).toBe("because I didn't want to be the intern");

    // The shared words are one mark carrying both codings, drawn with two underlines.
    await expect.poll(() => markedText(page, overlap!.guid)).toBe("because |I didn't want to be the intern");
    await expect.poll(() => markedText(page, words!.guid)).toBe("I didn't want to be the intern| who couldn't handle her first death");
    const both = page.locator(`mark[data-codings~="${overlap!.guid}"][data-codings~="${words!.guid}"]`);
    expect(await both.count()).toBe(1);
    expect(await both.getAttribute('class')).toContain('coding--overlap');
    expect((await both.evaluate((m) => getComputedStyle(m).boxShadow)).match(/inset/g)).toHaveLength(2);

    // More codings through the API; a reload builds them into the view from scratch.
    const detail = await api<DocumentDetail>('documents.get', { document: doc.guid });
    const span = (phrase: string) => ({ start: detail.text.indexOf(phrase), end: detail.text.indexOf(phrase) + phrase.length });
    for (const [phrase, name] of [
      ['I felt like I was outside my body', 'Emotional toll and burnout'],
      ['I finished the shift. I think I looked fine on the outside', 'Stigma and fear of judgement'],
      ['I think I looked fine on the outside. And then, yeah, I sat in my car for a while', 'Emotional toll and burnout'],
      ['Within two minutes everyone was back at their computers', 'Time and shift patterns'],
      ['is this — are we not going to talk about it?', 'Debriefs after critical events'],
    ] as const) {
      await api('codings.apply', { document: doc.guid, ...span(phrase), code: { name } });
    }
    await page.reload();
    await openDocument(page, FG1);
    await expect.poll(() => markedText(page, words!.guid)).toBe("I didn't want to be the intern| who couldn't handle her first death");
    const emotional = (await codeNamed('Emotional toll and burnout'))!;
    expect(await page.locator(`mark.coding--overlap`).count()).toBeGreaterThanOrEqual(2);
    const coded = await api<CodedSegment[]>('codings.list', { document: doc.guid });
    const stigmaCoding = coded.find((c) => c.text.startsWith('I finished the shift'));
    const emotionalCoding = coded.find((c) => c.text.startsWith('I think I looked fine on the outside. And then'));
    const shared = page.locator(`mark[data-codings~="${stigmaCoding!.guid}"][data-codings~="${emotionalCoding!.guid}"]`);
    expect(await shared.count()).toBe(1);
    await shared.hover();
    expect(await shared.getAttribute('title')).toMatch(/^(Stigma and fear of judgement · Emotional toll and burnout|Emotional toll and burnout · Stigma and fear of judgement)$/);
    await page.locator('mark[data-codings]').first().evaluate((m) => m.scrollIntoView({ block: 'center' }));
    await e2e.b.screenshot('transcript-overlaps.png');

    // Removing one coding of an overlap leaves the other whole: one mark again.
    await both.click();
    const popover = page.getByTestId('coding-popover');
    await popover.waitFor();
    expect(await popover.getByTestId('remove-coding').count()).toBe(2);
    await popover.locator('li', { hasText: 'Stigma and fear of judgement' }).getByTestId('remove-coding').click();
    await expect.poll(() => page.locator(`mark[data-codings~="${overlap!.guid}"]`).count()).toBe(0);
    await expect.poll(() => markedText(page, words!.guid)).toBe(WORDS);
    expect(await page.locator(`mark[data-codings~="${emotional.guid}"]`).count()).toBe(0);
  });

  it('codes a real mouse drag that ends on the next speaker’s name up to the end of the turn', async () => {
    const { page } = e2e.b;
    const doc = await documentNamed(FG1);
    const detail = await api<DocumentDetail>('documents.get', { document: doc.guid });
    const from = 'Honestly, the first thing';
    const start = detail.text.indexOf(from);
    const turn = detail.turns.find((t) => t.start <= start && t.end > start)!;

    // From the left edge of the first letter to the name in the next turn's header.
    const p = await page.evaluate((from) => {
      const root = document.querySelector('[data-testid="transcript"]')!;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
        const at = n.data.indexOf(from);
        if (at < 0) continue;
        n.parentElement!.scrollIntoView({ block: 'center' });
        const r = document.createRange();
        r.setStart(n, at);
        r.setEnd(n, at + 1);
        const a = r.getBoundingClientRect();
        const next = n.parentElement!.closest('[data-testid="turn"]')!.nextElementSibling!;
        const z = next.querySelector('.turn-speaker')!.getBoundingClientRect();
        return { ax: a.left + 1, ay: a.top + a.height / 2, zx: z.left + 4, zy: z.top + z.height / 2 };
      }
      throw new Error(`"${from}" not found`);
    }, from);
    await page.mouse.move(p.ax, p.ay);
    await page.mouse.down();
    await page.mouse.move(p.zx, p.zy, { steps: 10 });
    await page.mouse.up();
    await page.getByTestId('code-selection-button').click();
    await page.getByTestId('quick-code-input').pressSequentially('The parking garage');
    await page.keyboard.press('Enter');
    await page.getByTestId('quick-code').waitFor({ state: 'detached' });

    const code = (await codeNamed('The parking garage'))!;
    const [coding] = await api<CodedSegment[]>('codings.list', { code: code.guid });
    expect([coding?.start, coding?.end]).toEqual([start, turn.end]);
    await expect.poll(() => markedText(page, coding!.guid)).toBe(detail.text.slice(start, turn.end));
  });

  it('imports transcripts, reports a failed file, and codes text after an emoji at the right offsets', async () => {
    const { page } = e2e.b;
    const transcript = [
      'Pilot group — offsets check',
      '',
      'Moderator: How did the night shift feel? 🌙',
      'P1: Honestly 😅 it was a blur, but the team 👩‍⚕️ carried me through.',
      'P2: The café after the naïve plan 🎉 helped.',
      '',
    ].join('\n');
    await page.getByTestId('import-input').setInputFiles([
      { name: 'pilot.txt', mimeType: 'text/plain', buffer: Buffer.from(transcript, 'utf8') },
      { name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) },
    ]);
    // The preview shows what will be imported, and that the empty file cannot be.
    const preview = page.getByTestId('import-preview');
    await preview.waitFor();
    await preview.locator('[data-file="empty.txt"] [data-testid="import-file-error"]').waitFor();
    await expect.poll(() => page.getByTestId('import-confirm').textContent()).toBe('Import 1 file');
    await page.getByTestId('import-confirm').click();
    const report = page.getByTestId('import-report');
    await report.waitFor();
    const reportText = (await report.textContent()) ?? '';
    expect(reportText).toContain('Imported 1 of 2 files');
    expect(reportText).toContain('empty.txt');
    expect(reportText).toMatch(/P1 \(1\)/);
    await e2e.b.screenshot('import-report.png');
    await report.getByRole('button', { name: 'Close' }).click();
    await page.getByTestId('document-title').filter({ hasText: 'pilot' }).waitFor();

    const words = 'carried me through';
    expect(await selectText(page, 'it was a blur, but the team 👩‍⚕️ carried', words)).toEqual(['P1', 'P1']);
    await page.keyboard.press('q');
    await page.getByTestId('quick-code-input').pressSequentially('Emoji offsets');
    await page.keyboard.press('Enter');
    await page.getByTestId('quick-code').waitFor({ state: 'detached' });

    const pilot = await documentNamed('pilot');
    const [coding] = await api<CodedSegment[]>('codings.list', { document: pilot.guid });
    expect(coding?.text).toBe('it was a blur, but the team 👩‍⚕️ carried me through');
    const text = (await api<DocumentDetail>('documents.get', { document: pilot.guid })).text;
    expect(coding!.start).toBe(text.indexOf('it was a blur'));
    await expect.poll(() => markedText(page, coding!.guid)).toBe(coding!.text);
  });

  it('shows a long transcript a window at a time, jumps to a far coding and codes there at the right offsets', async () => {
    const { page } = e2e.b;
    // A two-hour group's size: 400 turns, about 130,000 characters. Every turn has words of its
    // own ("t17a") so that a phrase names one place in the text.
    const speakers = ['Moderator', 'Amira', 'Ben', 'Chloe', 'Dev'];
    const words = ['shift', 'ward', 'night', 'handover', 'support', 'colleague', 'patient', 'break', 'rota', 'senior', 'team', 'feeling'];
    const turnText = (i: number) =>
      Array.from({ length: 48 }, (_, k) => (k % 12 === 5 ? `t${i}${String.fromCharCode(97 + Math.floor(k / 12))}` : words[(i * 7 + k * 5) % words.length])).join(' ') + '.';
    const text = Array.from({ length: 400 }, (_, i) => `${speakers[i % speakers.length]}: ${turnText(i)}`).join('\n\n') + '\n';
    await api('documents.import', { sources: [{ kind: 'bytes', name: 'Long group.txt', base64: Buffer.from(text, 'utf8').toString('base64') }] });
    const doc = (await api<DocumentSummary[]>('documents.list', {})).find((d) => d.name.startsWith('Long group'))!;
    const detail = await api<DocumentDetail>('documents.get', { document: doc.guid });
    const turns = [...detail.turns].sort((a, b) => a.start - b.start);
    expect(turns).toHaveLength(400);
    // A coding over the start of every fourth turn (the rest of each turn stays uncoded).
    for (let i = 0; i < 400; i += 4) {
      const t = turns[i]!;
      await api('codings.apply', { document: doc.guid, start: t.start, end: t.start + 60, code: { name: i % 8 === 0 ? 'Long group A' : 'Long group B' } });
    }
    // Turn 392's coding (a code "Long group A" one), near the end.
    const far = (await api<CodedSegment[]>('codings.list', { document: doc.guid })).find((c) => c.start === turns[392]!.start)!;
    expect(far).toBeDefined();

    await page.goto(e2e.server.url);
    await openDocument(page, doc.name);
    // Every turn has its block, but only those near the screen carry their text and marks.
    await expect.poll(() => page.locator('[data-testid="transcript"] [data-testid="turn"]').count()).toBe(400);
    const counts = () =>
      page.evaluate(() => {
        const root = document.querySelector('[data-testid="transcript"]')!;
        return {
          elements: root.querySelectorAll('*').length,
          live: root.querySelectorAll('[data-testid="turn"]:not(.turn--placeholder)').length,
          marks: root.querySelectorAll('mark[data-codings]').length,
        };
      });
    await expect.poll(async () => (await counts()).marks).toBeGreaterThan(0);
    const opened = await counts();
    expect(opened.live).toBeLessThan(80);
    expect(opened.elements).toBeLessThan(2500);
    expect(await page.locator('[data-testid="turn"][data-index="399"]').getAttribute('class')).toContain('turn--placeholder');
    expect(await markedText(page, far.guid)).toBe('');

    // Opening the far coding from the codebook materialises its turn, scrolls to it and selects it.
    await codeRow(page, 'Long group A').click();
    await page.locator(`[data-testid="segment"][data-coding="${far.guid}"]`).click();
    await expect.poll(() => page.evaluate(() => window.getSelection()?.toString() ?? '')).toBe(far.text);
    const mark = page.locator(`mark[data-codings~="${far.guid}"]`).first();
    await expect.poll(() => mark.evaluate((m) => m.classList.contains('coding--focus'))).toBe(true);
    const box = (await mark.boundingBox())!;
    expect(box.y).toBeGreaterThan(0);
    expect(box.y).toBeLessThan(900);
    expect(await markedText(page, far.guid)).toBe(far.text);
    // The top of the transcript has been let go; the DOM stays as small as at the top.
    await expect.poll(() => page.locator('[data-testid="turn"][data-index="0"]').getAttribute('class')).toContain('turn--placeholder');
    const there = await counts();
    expect(there.live).toBeLessThan(80);
    expect(there.elements).toBeLessThan(2500);

    // A jump half way up (the scroll bar dragged): the turns on the screen are built a few per
    // task, and the screen fills with text.
    await page.evaluate(() => {
      const box = document.querySelector('[data-testid="transcript-scroll"]')!;
      box.scrollTop = box.scrollHeight / 2;
    });
    const screenIsText = () =>
      page.evaluate(() => {
        const box = document.querySelector('[data-testid="transcript-scroll"]')!.getBoundingClientRect();
        const shown = [...document.querySelectorAll('[data-testid="transcript"] [data-testid="turn"]')].filter((t) => {
          const r = t.getBoundingClientRect();
          return r.bottom > box.top && r.top < box.bottom;
        });
        return shown.length > 0 && shown.every((t) => !t.classList.contains('turn--placeholder') && (t.textContent ?? '').length > 40);
      });
    await expect.poll(screenIsText).toBe(true);
    await e2e.b.screenshot('transcript-long-jump.png');

    // A passage selected in a turn materialised late maps to the same offsets as anywhere else.
    const phrase = `t395b ${turnText(395).split(' t395b ')[1]!.split(' ').slice(0, 4).join(' ')}`;
    await page.evaluate(() => window.getSelection()?.removeAllRanges());
    await page.locator('[data-testid="turn"][data-index="395"]').evaluate((t) => t.scrollIntoView({ block: 'center' }));
    await expect.poll(() => page.locator('[data-testid="turn"][data-index="395"] .turn-body').textContent()).toContain(phrase);
    expect(await selectText(page, phrase)).toEqual([speakers[395 % 5], speakers[395 % 5]]);
    await page.keyboard.press('q');
    await page.getByTestId('quick-code-input').pressSequentially('Far passage');
    await page.keyboard.press('Enter');
    await page.getByTestId('quick-code').waitFor({ state: 'detached' });
    const code = (await codeNamed('Far passage'))!;
    const [coding] = await api<CodedSegment[]>('codings.list', { code: code.guid });
    expect([coding?.start, coding?.end]).toEqual([detail.text.indexOf(phrase), detail.text.indexOf(phrase) + phrase.length]);
    await expect.poll(() => markedText(page, coding!.guid)).toBe(phrase);
    await expect.poll(() => page.locator(`[data-testid="coding-stripe"][data-coding="${coding!.guid}"]`).count()).toBe(1);

    // Copying a selection from turn 10 to turn 395 gives the transcript's text as written, the
    // turns between (placeholders in the page, without text) included.
    const copy = () =>
      page.evaluate(() => {
        const data = new DataTransfer();
        document.querySelector('[data-testid="transcript"]')!.dispatchEvent(new ClipboardEvent('copy', { clipboardData: data, bubbles: true, cancelable: true }));
        return data.getData('text/plain');
      });
    // The drag starts in turn 10 (a mouse press there keeps its turn in the page) and is extended
    // to the end of turn 395, screens away.
    await page.evaluate(() => window.getSelection()?.removeAllRanges());
    const body = (i: number) => page.locator(`[data-testid="turn"][data-index="${i}"] .turn-body`);
    await page.locator('[data-testid="turn"][data-index="10"]').evaluate((t) => t.scrollIntoView({ block: 'center' }));
    await expect.poll(() => body(10).textContent()).toContain('t10a');
    await body(10).dispatchEvent('mousedown');
    await body(10).evaluate((el) => {
      const first = document.createTreeWalker(el, NodeFilter.SHOW_TEXT).nextNode()!;
      window.getSelection()!.collapse(first, 0);
    });
    await page.locator('[data-testid="turn"][data-index="395"]').evaluate((t) => t.scrollIntoView({ block: 'center' }));
    await expect.poll(() => body(395).textContent()).toContain(phrase);
    await body(395).evaluate((el) => {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      let last: Node | null = null;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) last = n;
      window.getSelection()!.extend(last!, last!.textContent!.length);
    });
    expect(await page.locator('[data-testid="turn"][data-index="200"]').getAttribute('class')).toContain('turn--placeholder');
    expect(await page.locator('[data-testid="turn"][data-index="10"]').getAttribute('class')).not.toContain('turn--placeholder');
    const copiedText = await copy();
    expect(copiedText).toBe(detail.text.slice(turns[10]!.start, turns[395]!.end));
    expect(copiedText).toContain(`${speakers[200 % 5]}: ${turnText(200)}`);
    await page.mouse.up();
    await page.evaluate(() => window.getSelection()?.removeAllRanges());

    // Back at the top: the far turns are placeholders again, and their codings come back with them.
    await page.evaluate(() => document.querySelector('[data-testid="transcript-scroll"]')!.scrollTo({ top: 0 }));
    await expect.poll(() => page.locator('[data-testid="turn"][data-index="395"]').getAttribute('class')).toContain('turn--placeholder');
    expect(await markedText(page, coding!.guid)).toBe('');
    await page.evaluate(() => document.querySelector('[data-testid="transcript-scroll"]')!.scrollTo({ top: 1e9 }));
    await expect.poll(() => markedText(page, coding!.guid)).toBe(phrase);

    // Find in the document reaches a hit far from the screen: its turn is materialised, the hit
    // painted as the current one and scrolled to.
    await page.evaluate(() => document.querySelector('[data-testid="transcript-scroll"]')!.scrollTo({ top: 0 }));
    await expect.poll(() => page.locator('[data-testid="turn"][data-index="398"]').getAttribute('class')).toContain('turn--placeholder');
    await page.keyboard.press('Control+f');
    await page.getByTestId('find-input').fill('t398c');
    await expect.poll(() => page.getByTestId('find-count').textContent()).toBe('1 / 1');
    const currentHit = () =>
      page.evaluate(() => {
        const range = [...(CSS.highlights.get('chorus-find-current') ?? [])][0] as Range | undefined;
        return range ? { text: range.toString(), top: range.getBoundingClientRect().top } : null;
      });
    await expect.poll(async () => (await currentHit())?.text).toBe('t398c');
    const hit = (await currentHit())!;
    expect(hit.top).toBeGreaterThan(0);
    expect(hit.top).toBeLessThan(900);
    await page.getByTestId('find-input').press('Escape');
  });
});
