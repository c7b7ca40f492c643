/** Undo and redo: the buttons' state and actions, and the keyboard shortcuts. */
import { useEffect, useRef } from 'react';
import { transport, useCommand, useOp } from '../api';
import { showToast } from './toasts';

export function useHistoryActions() {
  const state = useOp('history.state', {});
  const undo = useCommand('history.undo', { onSuccess: (r) => showToast('notice', `Undone: ${r.undone}`) });
  const redo = useCommand('history.redo', { onSuccess: (r) => showToast('notice', `Redone: ${r.redone}`) });
  const busy = undo.isPending || redo.isPending;
  // Steps asked for in quick succession (Ctrl+Z, then Ctrl+Shift+Z at once) run one after the
  // other. While a step is under way, or the undo state is being read again, what can be undone
  // is not known here: the core decides (and says "nothing to redo" when there is nothing).
  // Dropping the key then, as before, lost a redo pressed right after an undo.
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const step = (run: () => Promise<unknown>, possible: boolean | undefined) => {
    if (!possible && !busy && !state.isFetching) return;
    // A failure is shown by the query client; the queue goes on.
    queue.current = queue.current.then(run).catch(() => {});
  };
  return {
    state: state.data ?? null,
    undo: () => step(() => undo.mutateAsync({}), state.data?.canUndo),
    redo: () => step(() => redo.mutateAsync({}), state.data?.canRedo),
  };
}

/** True when keys typed now go into a text field, whose own undo must keep working. */
export function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'file', 'range', 'color'].includes(type);
}

/**
 * Ctrl/Cmd+Z undoes, Ctrl/Cmd+Shift+Z and Ctrl+Y redo — unless the focus is in a text field. In
 * the desktop app the Edit menu owns these accelerators (and tells us with a `changed` event), so
 * only browser mode listens here; both listening would undo twice.
 */
export function useUndoRedoShortcuts(): void {
  const { undo, redo } = useHistoryActions();
  useEffect(() => {
    if (transport() === 'ipc') return;
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || typingInField(e.target)) return;
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) undo();
      else if ((key === 'z' && e.shiftKey) || (key === 'y' && e.ctrlKey && !e.shiftKey)) redo();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo]);
}
