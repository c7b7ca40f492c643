import type { Page } from 'playwright-core';

/**
 * Selects a phrase of the transcript's text, as a drag would, and releases the mouse. The phrase
 * must lie in one text node outside the turn headers (not across a highlight's edge).
 */
export async function selectPhraseByDrag(page: Page, phrase: string): Promise<void> {
  await page.evaluate((phrase) => {
    const root = document.querySelector('[data-testid="transcript"]')!;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
      const at = n.data.indexOf(phrase);
      if (at < 0 || n.parentElement?.closest('.turn-header')) continue;
      window.getSelection()!.setBaseAndExtent(n, at, n, at + phrase.length);
      n.parentElement!.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
      return;
    }
    throw new Error(`"${phrase}" is not in one text node of the transcript`);
  }, phrase);
}
