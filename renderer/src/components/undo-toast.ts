/**
 * Undo from a toast, right after a command: only while that command is still the last step. If
 * the researcher changed something since, the toast's Undo would take back the wrong thing, so it
 * says so instead (the top bar's Undo walks back step by step).
 */
import type { QueryClient } from '@tanstack/react-query';
import { api } from '../../../shared/api';
import { call, invalidateDomains } from '../api';
import { showError, showToast, type ToastAction } from './toasts';

/** What undo would take back now: ask right after the command succeeded. */
export async function lastStep(): Promise<string | null> {
  return (await call('history.state', {})).undoSummary;
}

export function undoAction(client: QueryClient, step: string | null): ToastAction {
  return {
    label: 'Undo',
    run: () => {
      void (async () => {
        try {
          const now = await call('history.state', {});
          if (!now.canUndo || now.undoSummary !== step) {
            showToast('error', 'Something else changed since; use Undo in the top bar to step back.');
            return;
          }
          const r = await call('history.undo', {});
          await invalidateDomains(client, api['history.undo'].invalidates);
          showToast('notice', `Undone: ${r.undone}`);
        } catch (e) {
          showError(e);
        }
      })();
    },
  };
}
