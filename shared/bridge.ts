/**
 * What the preload script exposes to the renderer as `window.chorus`, and the IPC channel names
 * behind it. The renderer sees only this: no Node, no Electron.
 */
import type { Result } from './errors.js';
import type { ChorusEvent } from './types.js';

export const IPC_INVOKE = 'chorus:invoke';
export const IPC_EVENT = 'chorus:event';

export interface ChorusBridge {
  /** Call one operation of the contract (shared/api.ts). */
  invoke(name: string, input: unknown): Promise<Result<unknown>>;
  /** Listen to core events (progress, changes). Returns its own unsubscribe. */
  subscribe(listener: (event: ChorusEvent) => void): () => void;
}
