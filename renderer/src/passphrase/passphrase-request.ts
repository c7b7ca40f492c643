/**
 * Which passphrase dialog is showing, if any. It can be asked for from several places (the browser
 * mode's project form, the Project menu, the desktop File menu, the desktop shell opening an
 * encrypted project), so the request lives in one small store and one host renders the dialog.
 */
import { useSyncExternalStore } from 'react';
import type { PassphraseMode } from '../../../shared/types';

export type PassphraseRequest =
  /** Open the encrypted project at `path`, once its passphrase is typed. */
  | { kind: 'unlock'; path: string; key: number }
  /** Protect the open project, change its passphrase, or remove it. */
  | { kind: 'settings'; mode: PassphraseMode; key: number };

let current: PassphraseRequest | null = null;
let nextKey = 1;
const listeners = new Set<() => void>();

function set(next: PassphraseRequest | null): void {
  current = next;
  for (const l of listeners) l();
}

export function requestUnlock(path: string): void {
  set({ kind: 'unlock', path, key: nextKey++ });
}

export function requestPassphraseSettings(mode: PassphraseMode): void {
  set({ kind: 'settings', mode, key: nextKey++ });
}

export function closePassphraseDialog(): void {
  set(null);
}

export function usePassphraseRequest(): PassphraseRequest | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}

/** Client-side checks of a new passphrase, before the file is rewritten; null when it may be used. */
export function newPassphraseProblem(passphrase: string, again: string): string | null {
  if (passphrase.length < 8) return 'A passphrase needs at least 8 characters.';
  if (passphrase !== again) return 'The two passphrases differ.';
  return null;
}
