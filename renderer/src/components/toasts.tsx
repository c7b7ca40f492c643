/**
 * Toasts: short messages at the bottom of the window. Errors stay until dismissed (a researcher
 * may be looking elsewhere when one arrives); notices fade after a few seconds. A tiny store
 * outside React, so the query client's error hooks can post to it too.
 */
import { useSyncExternalStore } from 'react';

export interface Toast {
  id: number;
  kind: 'error' | 'notice';
  message: string;
  /** A button beside the message (Undo after a merge or an auto-coding); a notice with one stays longer. */
  action?: ToastAction;
}

export interface ToastAction {
  label: string;
  run: () => void;
}

let toasts: readonly Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function emit(): void {
  for (const l of listeners) l();
}

export function dismissToast(id: number): void {
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

export function showToast(kind: Toast['kind'], message: string, action?: ToastAction): void {
  // The same error twice in a row (a failing refetch) is shown once.
  if (toasts.some((t) => t.kind === kind && t.message === message)) return;
  const toast: Toast = { id: nextId++, kind, message, ...(action ? { action } : {}) };
  toasts = [...toasts.slice(-3), toast];
  emit();
  // Time to read the message and reach its button.
  if (kind === 'notice') setTimeout(() => dismissToast(toast.id), action ? 12000 : 4000);
}

export function showError(error: unknown): void {
  showToast('error', error instanceof Error ? error.message : String(error));
}

function useToastList(): readonly Toast[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => toasts,
  );
}

export function Toasts() {
  const list = useToastList();
  return (
    <div className="toasts" aria-live="polite">
      {list.map((t) => (
        <div key={t.id} className={`toast toast--${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'} data-testid="toast">
          <span className="toast-message">{t.message}</span>
          {t.action ? (
            <button
              type="button"
              className="toast-action"
              onClick={() => {
                dismissToast(t.id);
                t.action!.run();
              }}
              data-testid="toast-action"
            >
              {t.action.label}
            </button>
          ) : null}
          <button type="button" className="icon-button" aria-label="Dismiss" title="Dismiss" onClick={() => dismissToast(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
