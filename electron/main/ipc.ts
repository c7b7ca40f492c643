/**
 * The IPC front door: one channel in (IPC_INVOKE -> the core's dispatch), one channel out
 * (IPC_EVENT <- core events). Validation of the input against the contract happens in dispatch;
 * this file only checks who is calling. No domain logic here (STYLE.md 2).
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { IPC_EVENT, IPC_INVOKE } from '../../shared/bridge.js';
import { ErrorCode, type Result } from '../../shared/errors.js';
import type { ChorusEvent } from '../../shared/types.js';
import { dispatch, type Session } from '../core/index.js';

export function registerIpc(
  ipc: Pick<IpcMain, 'handle'>,
  session: Session,
  isTrusted: (event: IpcMainInvokeEvent) => boolean,
  /**
   * Told the path of the project the window opened itself (an encrypted one, after its passphrase
   * dialog), so the shell remembers it as it remembers projects opened from its menu.
   */
  projectOpened: (file: string) => void = () => {},
): void {
  ipc.handle(IPC_INVOKE, async (event: IpcMainInvokeEvent, name: unknown, input: unknown): Promise<Result<unknown>> => {
    if (!isTrusted(event)) {
      // An answer rather than a thrown error: ipcRenderer.invoke would wrap a throw in a generic
      // "Error invoking remote method" and the caller could not tell the cause.
      console.warn(`Chorus refused an IPC call from ${event.senderFrame?.url ?? 'a closed frame'}`);
      return {
        ok: false,
        error: { code: ErrorCode.FORBIDDEN, message: 'Chorus only answers calls from its own window.' },
      };
    }
    if (typeof name !== 'string') {
      return { ok: false, error: { code: ErrorCode.INVALID_INPUT, message: 'An operation name must be a string.' } };
    }
    const before = session.project;
    const result = await dispatch(session, name, input);
    const after = session.project;
    if (after && after !== before) projectOpened(after.path);
    return result;
  });
}

/** The part of a window the event forwarder needs; Electron's BrowserWindow fits it. */
export interface EventReceiver {
  isDestroyed(): boolean;
  readonly webContents: { send(channel: string, ...args: unknown[]): void; isDestroyed(): boolean };
}

/**
 * Sends one core event to every live window. Windows are looked up at each event (not captured
 * once), so windows opened later receive events and closed ones are never written to.
 */
export function createEventForwarder(windows: () => readonly EventReceiver[]): (event: ChorusEvent) => void {
  return (event) => {
    for (const win of windows()) {
      if (win.isDestroyed() || win.webContents.isDestroyed()) continue;
      win.webContents.send(IPC_EVENT, event);
    }
  };
}
