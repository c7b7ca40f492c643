/**
 * Privacy in a real browser on the worked demo: accept a proposed pseudonym in the Privacy view
 * (then the rest at once), redact a passage in a transcript in redact mode, and download a
 * pseudonymised theme summary from the Themes view: no real name on the list is in it.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Pseudonym, Redaction } from '../../shared/privacy.js';
import { serveProject } from '../../electron/server/start.js';
import { useE2e } from './harness.js';
import { selectPhraseByDrag } from './select.js';

const e2e = useE2e('chorus-e2e-privacy-', (dir) => serveProject({ dataDir: dir, port: 0 }));
const api = e2e.api;

const FG1 = 'Focus group 1 (Site A)';
const PASSAGE = "I'm not part of your evaluation chain";


/** An independent check of "a real name is in this text": whole word, any case. */
function containsName(text: string, name: string): boolean {
  const words = name.trim().split(/\s+/u).map((w) => w.replace(/[.*+?^${}()|[\]\\/-]/gu, '\\$&').replace(/['’]/gu, "['’]"));
  return new RegExp(`(?<![\\p{L}\\p{N}\\p{M}])${words.join('\\s+')}(?![\\p{L}\\p{N}\\p{M}])`, 'iu').test(text);
}

describe('privacy in the browser', () => {
  it('accepts proposed names, redacts a passage, and exports a pseudonymised theme summary', async () => {
    const { page } = e2e.b;
    await page.goto(e2e.server.url);
    await expect.poll(() => page.getByTestId('project-title').textContent()).toContain('Peer support');

    // One proposal accepted with its own button, then the rest at once.
    await page.getByTestId('view-privacy').click();
    await page.getByTestId('privacy-view').waitFor();
    const kwame = page.locator('[data-testid="proposal"][data-name="Kwame"]');
    await kwame.waitFor();
    await kwame.getByTestId('accept-proposal').click();
    await expect.poll(async () => (await api<Pseudonym[]>('privacy.pseudonyms', {})).map((p) => p.realName)).toContain('Kwame');
    await kwame.waitFor({ state: 'detached' });
    await page.getByTestId('pseudonym-row').first().waitFor();
    await page.getByTestId('accept-all-proposals').click();
    await page.getByTestId('no-proposals').waitFor();
    const list = await api<Pseudonym[]>('privacy.pseudonyms', {});
    expect(list.length).toBeGreaterThan(15);
    expect(await page.getByTestId('pseudonym-row').count()).toBe(list.length);
    // The preview writes the first transcript as an export would.
    await page.getByTestId('preview-document').selectOption({ label: FG1 });
    await expect.poll(() => page.getByTestId('privacy-preview').textContent()).toContain('Moderator 1: Okay');
    const preview = (await page.getByTestId('privacy-preview').textContent())!;
    for (const p of list) expect(containsName(preview, p.realName), p.realName).toBe(false);
    await page.screenshot({ path: '/tmp/privacy.png' });

    // Redact mode: a selection is blacked out in exports, and drawn struck through here.
    await page.getByTestId('view-transcripts').click();
    await page.getByTestId('document-item').filter({ hasText: FG1 }).click();
    await page.locator('[data-testid="transcript"] [data-testid="turn"]').first().waitFor();
    await page.getByTestId('redact-mode').check();
    await selectPhraseByDrag(page, PASSAGE);
    await page.getByTestId('redact-selection-button').click();
    await expect.poll(async () => (await api<Redaction[]>('privacy.redactions', {})).map((r) => r.text)).toEqual([PASSAGE]);
    await expect.poll(() => page.evaluate(() => CSS.highlights.get('chorus-redacted')?.size ?? 0)).toBe(1);
    // The transcript keeps its words.
    expect(await page.getByTestId('transcript').textContent()).toContain(PASSAGE);
    await e2e.b.screenshot('privacy-redacted.png');

    // The theme summary, pseudonymised, from the Themes view.
    await page.getByTestId('view-themes').click();
    await page.getByTestId('map-theme').first().click();
    await page.getByTestId('theme-panel').waitFor();
    await page.getByTestId('theme-export-attribution').fill('{participant}, {document}');
    await expect.poll(() => page.getByTestId('theme-export-pseudonymise').isEnabled()).toBe(true);
    await page.getByTestId('theme-export-pseudonymise').check();
    const download = page.waitForEvent('download');
    await page.getByTestId('theme-export').click();
    const text = fs.readFileSync((await (await download).path())!, 'utf8');
    expect(text).toContain('## Appendix: codebook');
    for (const p of list) expect(containsName(text, p.realName), p.realName).toBe(false);
    expect(text).toMatch(/— Participant \d+, /u);
    expect(text).not.toContain(PASSAGE);
  });
});
