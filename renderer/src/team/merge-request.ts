/**
 * Which co-coder's project the merge dialog is showing, if any. The dialog can be asked for from
 * three places (the Team view, the Import & export menu, the desktop File menu), so the request
 * lives in one small store and one host component renders the dialog for all of them.
 */
import { useSyncExternalStore } from 'react';
import type { MergeSource } from '../../../shared/merge';
import { readPicked } from '../import/files';
import { showError } from '../components/toasts';

export interface ProjectMergeRequest {
  /** Changes with every pick, so a file picked twice is read again. */
  key: string;
  /** The file's name, as the researcher knows it. */
  name: string;
  source: MergeSource;
}

/** What the file picker offers: another Chorus copy, or a REFI-QDA project from another tool. */
export const PROJECT_MERGE_ACCEPT = '.chorus,.qdpx';

let current: ProjectMergeRequest | null = null;
const listeners = new Set<() => void>();

function set(next: ProjectMergeRequest | null): void {
  current = next;
  for (const l of listeners) l();
}

export function requestProjectMerge(request: ProjectMergeRequest): void {
  set(request);
}

export function closeProjectMerge(): void {
  set(null);
}

export function useProjectMergeRequest(): ProjectMergeRequest | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}

/**
 * Asks for a file with the browser's picker and opens the merge preview for it. The bytes go to
 * the core (a browser has no paths); the desktop app's File menu sends a path instead.
 */
export function pickProjectToMerge(): void {
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = PROJECT_MERGE_ACCEPT;
  input.hidden = true;
  input.dataset.testid = 'merge-project-input';
  input.addEventListener(
    'change',
    () => {
      const file = input.files?.[0];
      input.remove();
      if (!file) return;
      readPicked([file]).then(
        ([picked]) => picked && set({ key: picked.id, name: picked.name, source: { kind: 'bytes', name: picked.name, base64: picked.base64 } }),
        showError,
      );
    },
    { once: true },
  );
  input.addEventListener('cancel', () => input.remove(), { once: true });
  // Attached while the picker is open: some browsers ignore a click on a detached input.
  document.body.append(input);
  input.click();
}
