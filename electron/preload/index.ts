/**
 * The sandboxed preload: `window.chorus` and nothing else (STYLE.md 3). It imports only Electron's
 * renderer APIs and shared/ (bundled in), because a sandboxed preload cannot require other files.
 * The renderer never gets ipcRenderer itself, so it can reach exactly one channel each way.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_EVENT, IPC_INVOKE, type ChorusBridge } from '../../shared/bridge.js';
import type { Result } from '../../shared/errors.js';
import type { ChorusEvent } from '../../shared/types.js';

/**
 * Requests of the shell (ask for an encrypted project's passphrase) that arrive before the page
 * listens, kept for its first listener: the shell sends them as soon as the page has loaded, which
 * can be before React has mounted the component that handles them.
 */
let early: ChorusEvent[] | null = [];
const keepEarly = (_event: IpcRendererEvent, event: ChorusEvent): void => {
  if (event.type === 'request') early?.push(event);
};
ipcRenderer.on(IPC_EVENT, keepEarly);

const bridge: ChorusBridge = {
  invoke: (name: string, input: unknown): Promise<Result<unknown>> => ipcRenderer.invoke(IPC_INVOKE, name, input),
  subscribe: (listener: (event: ChorusEvent) => void): (() => void) => {
    // A wrapper per subscription: it hides the IpcRendererEvent (which carries `sender`, i.e.
    // ipcRenderer) from the page, and gives removeListener the exact function to remove.
    const handler = (_event: IpcRendererEvent, event: ChorusEvent): void => listener(event);
    ipcRenderer.on(IPC_EVENT, handler);
    if (early) {
      const kept = early;
      early = null;
      ipcRenderer.removeListener(IPC_EVENT, keepEarly);
      // After this call returns, so the listener's own set-up is complete when they arrive.
      queueMicrotask(() => kept.forEach(listener));
    }
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, handler);
    };
  },
};

contextBridge.exposeInMainWorld('chorus', bridge);
