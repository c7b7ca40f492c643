/**
 * A modal dialog: the page behind is dimmed and out of reach, Tab cycles inside, Escape closes
 * (when closing is allowed), and the focus goes back where it was when the dialog closes.
 * Toasts stay above it, so an error is never hidden behind a dialog.
 */
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

const FOCUSABLE = 'button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), a[href], [tabindex]:not([tabindex="-1"])';

export function Modal({
  title,
  onClose,
  closable = true,
  size = 'normal',
  closeButton = true,
  testId,
  children,
  footer,
}: {
  title: ReactNode;
  onClose: () => void;
  /** False while something runs that closing would abandon (an import under way). */
  closable?: boolean;
  size?: 'normal' | 'wide';
  /** The × in the corner; dialogs whose footer has a Close button do without. */
  closeButton?: boolean;
  testId?: string;
  children: ReactNode;
  footer?: ReactNode;
}) {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const closeRef = useRef({ onClose, closable });
  useEffect(() => {
    closeRef.current = { onClose, closable };
  });

  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const box = ref.current;
    if (box && !box.contains(document.activeElement)) {
      const first = box.querySelector<HTMLElement>('[autofocus], [data-autofocus]') ?? box.querySelector<HTMLElement>(FOCUSABLE);
      (first ?? box).focus();
    }
    return () => {
      if (before?.isConnected) before.focus();
    };
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !e.defaultPrevented) {
      e.stopPropagation();
      if (closeRef.current.closable) closeRef.current.onClose();
      return;
    }
    if (e.key !== 'Tab' || !ref.current) return;
    const items = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null);
    if (items.length === 0) return;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  // In a portal: a dialog opened from a sticky panel header must not share its stacking context.
  return createPortal(
    <div
      className="dialog-backdrop"
      // A click beside a small dialog dismisses it; beside a big form it is more likely a slip.
      onMouseDown={(e) => e.target === e.currentTarget && closable && size === 'normal' && onClose()}
    >
      <div
        ref={ref}
        className={size === 'wide' ? 'dialog dialog--wide' : 'dialog'}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        onKeyDown={onKeyDown}
        data-testid={testId}
      >
        <div className="dialog-header">
          <h2 id={titleId}>{title}</h2>
          {closable && closeButton ? (
            <button type="button" className="icon-button" aria-label="Close" title="Close (Esc)" onClick={onClose}>
              ×
            </button>
          ) : null}
        </div>
        <div className="dialog-body">{children}</div>
        {footer ? <div className="dialog-actions">{footer}</div> : null}
      </div>
    </div>,
    document.body,
  );
}
