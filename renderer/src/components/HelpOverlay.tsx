/** Every keyboard shortcut of the coding workspace, opened with `?`. */
import { useEffect, useRef } from 'react';
import { MEDIA_SHORTCUTS } from '../media/keys';

const mod = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl+';

export const SHORTCUTS: { group: string; items: [keys: string, what: string][] }[] = [
  {
    group: 'Reading',
    items: [
      ['J / K', 'Next / previous turn'],
      ['. / ,', 'Next / previous coding (opens its codes)'],
      [`${mod}F`, 'Find in document (Enter: next hit)'],
      ['Tab', 'Toolbar: filter turns by speaker, role or code; find; memos'],
      ['?', 'This help'],
    ],
  },
  {
    group: 'Coding',
    items: [
      ['Shift+→ / Shift+←', 'Select from the current turn a word at a time: move the end'],
      ['Alt+Shift+→ / ←', 'Move the start of the selection by a word'],
      ['Shift+↓', 'Extend the selection to the end of the turn (again: the next turn)'],
      [`Q / ${mod}K`, 'Code the selected passage (quick-code box)'],
      ['T', 'Code the whole current turn'],
      ['V', 'In-vivo: the selected words become a new code'],
      ['W', 'Snap selections to whole words (on / off)'],
      ['Enter', 'In the quick-code box: apply and close'],
      ['Shift+Enter', 'In the quick-code box: apply and keep it open for another code'],
      ['Esc', 'Close a box, popover or this help'],
    ],
  },
  {
    group: 'A selected coding (popover)',
    items: [
      ['Delete', 'Remove the coding'],
      ['A', 'Adjust: then [ ] move the start, Shift+[ ] the end by a word; Enter saves'],
      ['M', 'Memo on the coding'],
    ],
  },
  {
    group: 'Memos',
    items: [
      ['M', 'Memo on the current turn (or on the selected coding)'],
      ['Shift+M', 'Memo on the document'],
      [`${mod}B / ${mod}I`, 'Bold / italic in a memo'],
      [`${mod}Enter`, 'Save the memo'],
    ],
  },
  {
    group: 'Coders (a project with co-coders)',
    items: [
      ['L', 'Show my codings, one co-coder\'s, or all coders\' (in turn)'],
      ['Shift+B', 'Blind coding on / off: hide every other coder\'s codings'],
    ],
  },
  { group: 'Recording (a transcript with a recording; a click on a turn’s time plays from there)', items: MEDIA_SHORTCUTS },
  {
    group: 'History',
    items: [
      [`${mod}Z`, 'Undo (also the Undo button in the top bar)'],
      [`${mod}Shift+Z`, 'Redo (also the Redo button)'],
    ],
  },
];

export function HelpOverlay({ onClose }: { onClose: () => void }) {
  const card = useRef<HTMLDivElement>(null);
  useEffect(() => {
    card.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' || e.key === '?') {
        e.preventDefault();
        e.stopPropagation();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onClose]);
  return (
    <div className="help-overlay" onMouseDown={(e) => e.target === e.currentTarget && onClose()} data-testid="help-overlay">
      <div className="help-card" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" tabIndex={-1} ref={card}>
        <h2>Keyboard shortcuts</h2>
        {SHORTCUTS.map((g) => (
          <section key={g.group}>
            <h3>{g.group}</h3>
            <dl>
              {g.items.map(([keys, what]) => (
                <div key={keys + what} style={{ display: 'contents' }}>
                  <dt>
                    {keys.split(' / ').map((k, i) => (
                      <span key={k}>
                        {i > 0 ? ' / ' : null}
                        <kbd>{k}</kbd>
                      </span>
                    ))}
                  </dt>
                  <dd>{what}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </div>
  );
}
