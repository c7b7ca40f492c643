/**
 * The quick-code box: type to filter the codebook, arrows to move, Enter to apply the highlighted
 * code — or, when the name matches no code, to create it and apply it in one step.
 */
import { useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Code } from '../../../shared/types';
import { codePath, codeTree, normalizeName, rankCodes } from '../codes/code-tree';

export type CodeChoice = { guid: string } | { name: string };

type Option = { kind: 'code'; code: Code } | { kind: 'create'; name: string };

export function QuickCodeBox({
  codes,
  anchor,
  busy,
  applied = [],
  onApply,
  onClose,
}: {
  codes: readonly Code[];
  anchor: { left: number; top: number; bottom: number };
  busy: boolean;
  /** Codes applied so far with Shift+Enter while the box stays open. */
  applied?: readonly string[];
  /** `keepOpen`: Shift+Enter, to apply several codes to one passage. */
  onApply: (choice: CodeChoice, keepOpen: boolean) => void;
  onClose: () => void;
}) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const box = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [placement, setPlacement] = useState<{ left: number; top: number } | null>(null);

  const byGuid = useMemo(() => new Map(codes.map((c) => [c.guid, c])), [codes]);
  const rows = useMemo(() => codeTree(codes), [codes]);
  const options: Option[] = useMemo(() => {
    const matches: Option[] = rankCodes(rows, query).map((r) => ({ kind: 'code', code: r.code }));
    const name = query.trim().replace(/\s+/g, ' ');
    const exact = codes.some((c) => normalizeName(c.name) === normalizeName(name));
    if (name && !exact) matches.push({ kind: 'create', name });
    return matches;
  }, [rows, codes, query]);
  const current = Math.min(active, options.length - 1);

  // Below the selection, or above it when there is no room; always inside the window.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const { width, height } = el.getBoundingClientRect();
    const left = Math.max(8, Math.min(anchor.left, window.innerWidth - width - 8));
    const below = anchor.bottom + 8;
    const above = anchor.top - height - 8;
    const wanted = below + height <= window.innerHeight - 8 || above < 8 ? below : above;
    setPlacement({ left, top: Math.max(8, Math.min(wanted, window.innerHeight - height - 8)) });
  }, [anchor, options.length]);

  // Focus once placed (an element hidden while it is measured cannot take the focus).
  const placed = placement !== null;
  useLayoutEffect(() => {
    if (placed) input.current?.focus();
  }, [placed]);

  useLayoutEffect(() => {
    box.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  const choose = (option: Option | undefined, keepOpen = false) => {
    if (!option || busy) return;
    onApply(option.kind === 'code' ? { guid: option.code.guid } : { name: option.name }, keepOpen);
    if (keepOpen) {
      setQuery('');
      setActive(0);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') setActive((current + 1) % Math.max(1, options.length));
    else if (e.key === 'ArrowUp') setActive((current - 1 + options.length) % Math.max(1, options.length));
    else if (e.key === 'Enter') choose(options[current], e.shiftKey);
    else if (e.key === 'Escape') onClose();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div
      ref={box}
      className="quick-code"
      style={placement ? { left: placement.left, top: placement.top } : { left: 0, top: 0, opacity: 0 }}
      role="dialog"
      aria-label="Code the selected passage"
      data-testid="quick-code"
      onBlur={(e) => {
        if (!box.current?.contains(e.relatedTarget as Node | null)) onClose();
      }}
    >
      <input
        ref={input}
        className="quick-code-input"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        placeholder="Find or create a code…"
        role="combobox"
        aria-expanded="true"
        aria-controls="quick-code-options"
        aria-activedescendant={options.length ? `quick-code-option-${current}` : undefined}
        spellCheck={false}
        autoComplete="off"
        data-testid="quick-code-input"
      />
      {applied.length ? (
        <div className="quick-code-applied" data-testid="quick-code-applied">
          Applied: {applied.join(', ')}
        </div>
      ) : null}
      <ul className="quick-code-options" id="quick-code-options" role="listbox">
        {options.map((o, i) => {
          const path = o.kind === 'code' ? codePath(byGuid, o.code) : [];
          return (
            <li
              key={o.kind === 'code' ? o.code.guid : 'create'}
              id={`quick-code-option-${i}`}
              role="option"
              aria-selected={i === current}
              className={`quick-code-option${i === current ? ' quick-code-option--active' : ''}${o.kind === 'create' ? ' quick-code-option--create' : ''}`}
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(i)}
              onClick={() => choose(o)}
              data-testid="quick-code-option"
            >
              {o.kind === 'code' ? (
                <>
                  <span className="swatch" style={{ backgroundColor: o.code.color }} aria-hidden="true" />
                  <span className="quick-code-name">{o.code.name}</span>
                  {path.length ? <span className="quick-code-path">{path.join(' › ')}</span> : null}
                </>
              ) : (
                <>
                  <span className="swatch swatch--new" aria-hidden="true">
                    +
                  </span>
                  <span className="quick-code-name">
                    Create code “<strong>{o.name}</strong>”
                  </span>
                </>
              )}
            </li>
          );
        })}
        {options.length === 0 ? <li className="quick-code-empty">Type a name to create the first code.</li> : null}
      </ul>
      <div className="quick-code-help">
        <kbd>↑</kbd>
        <kbd>↓</kbd> choose · <kbd>Enter</kbd> apply · <kbd>Shift</kbd>+<kbd>Enter</kbd> apply, add another · <kbd>Esc</kbd> close
      </div>
    </div>
  );
}
