/**
 * The IPC door against the real core: a real Session and a real project file in a temporary
 * folder. Only 'electron' is faked (it cannot load in Node); nothing of Chorus is mocked.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT, IPC_INVOKE } from '../../shared/bridge.js';
import { ErrorCode, type Result } from '../../shared/errors.js';
import type { ChorusEvent, Code, ProjectInfo } from '../../shared/types.js';
import { createEnv, dispatch, Session } from '../../electron/core/index.js';

vi.mock('electron', () => ({
  app: { on: vi.fn() },
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
  session: { defaultSession: {} },
  shell: { openExternal: vi.fn() },
}));

const { createEventForwarder, registerIpc } = await import('../../electron/main/ipc.js');
const { isTrustedSender } = await import('../../electron/main/security.js');

type InvokeHandler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<Result<unknown>>;

function senderEvent(url: string | null, parent: unknown = null): IpcMainInvokeEvent {
  // Only senderFrame is read by the door; the rest of Electron's event is irrelevant here.
  return { senderFrame: url === null ? null : { url, parent } } as unknown as IpcMainInvokeEvent;
}

const trusted = senderEvent('app://chorus/index.html');

describe('IPC door', () => {
  let dir: string;
  let session: Session;
  const channels = new Map<string, InvokeHandler>();
  let invoke: InvokeHandler;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-ipc-'));
    session = new Session(createEnv({ user: { guid: randomUUID(), name: 'Test' } }));
    const created = await dispatch(session, 'project.create', { path: path.join(dir, 'study.chorus') });
    expect(created.ok).toBe(true);

    const ipc: Pick<IpcMain, 'handle'> = {
      handle: vi.fn((channel: string, listener: InvokeHandler) => {
        channels.set(channel, listener);
      }),
    };
    registerIpc(ipc, session, isTrustedSender);
    const handler = channels.get(IPC_INVOKE);
    if (!handler) throw new Error('IPC_INVOKE not registered');
    invoke = handler;
  });

  afterAll(() => {
    session.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('registers exactly the one invoke channel', () => {
    expect([...channels.keys()]).toEqual([IPC_INVOKE]);
  });

  it('routes a call to the core and returns its envelope', async () => {
    const info = await invoke(trusted, 'project.info', {});
    expect(info.ok).toBe(true);
    expect(info.ok && (info.value as ProjectInfo).path).toBe(path.join(dir, 'study.chorus'));

    const created = await invoke(trusted, 'codes.create', { name: '  Stigma  ', color: '#aa3344' });
    expect(created.ok).toBe(true);
    expect(created.ok && (created.value as Code).name).toBe('Stigma');

    const list = await invoke(trusted, 'codes.list', {});
    expect(list.ok && (list.value as Code[]).map((c) => c.name)).toEqual(['Stigma']);
  });

  it('answers INVALID_INPUT for input the contract refuses, and for unknown operations', async () => {
    const bad = await invoke(trusted, 'codes.create', { name: 42 });
    expect(bad).toMatchObject({ ok: false, error: { code: ErrorCode.INVALID_INPUT } });

    const unknown = await invoke(trusted, 'project.delete', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: ErrorCode.INVALID_INPUT } });

    const notAName = await invoke(trusted, 42, {});
    expect(notAName).toMatchObject({ ok: false, error: { code: ErrorCode.INVALID_INPUT } });
  });

  it('refuses callers that are not the top frame of our page, without running the call', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const before = await invoke(trusted, 'codes.list', {});
    const count = before.ok ? (before.value as Code[]).length : -1;

    for (const event of [
      senderEvent('https://evil.example/'),
      senderEvent('file:///tmp/page.html'),
      senderEvent(null),
      senderEvent('app://chorus/index.html', { url: 'app://chorus/index.html', parent: null }),
    ]) {
      const r = await invoke(event, 'codes.create', { name: 'Injected' });
      expect(r.ok).toBe(false);
      expect(r.ok ? null : r.error.code).toBe(ErrorCode.FORBIDDEN);
    }

    const after = await invoke(trusted, 'codes.list', {});
    expect(after.ok && (after.value as Code[]).length).toBe(count);
    warn.mockRestore();
  });
});

describe('event forwarding', () => {
  it('sends core events on the event channel to live windows only', () => {
    const sent: unknown[][] = [];
    const live = {
      isDestroyed: () => false,
      webContents: { isDestroyed: () => false, send: (...args: unknown[]) => sent.push(args) },
    };
    const closed = {
      isDestroyed: () => true,
      webContents: {
        isDestroyed: () => true,
        send: () => {
          throw new Error('Object has been destroyed');
        },
      },
    };
    const forward = createEventForwarder(() => [closed, live]);
    const event: ChorusEvent = { type: 'progress', operationId: 'op', done: 1, total: 4, message: 'fg1' };
    forward(event);
    expect(sent).toEqual([[IPC_EVENT, event]]);
  });
});

describe('projects the window opens itself', () => {
  it('are reported to the shell (for its recent projects) by path, and only when the open project changed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-ipc-open-'));
    const session = new Session(createEnv({ user: { guid: randomUUID(), name: 'Test' } }));
    try {
      const file = path.join(dir, 'secret.chorus');
      const made = await dispatch(session, 'project.create', { path: file, passphrase: 'a long passphrase' });
      expect(made.ok).toBe(true);
      session.setProject(null);
      const opened: string[] = [];
      const channels = new Map<string, InvokeHandler>();
      const ipc: Pick<IpcMain, 'handle'> = { handle: vi.fn((channel: string, listener: InvokeHandler) => void channels.set(channel, listener)) };
      registerIpc(ipc, session, isTrustedSender, (f) => opened.push(f));
      const invoke = channels.get(IPC_INVOKE)!;

      const refused = await invoke(trusted, 'project.open', { path: file });
      expect(refused).toMatchObject({ ok: false, error: { code: ErrorCode.PASSPHRASE_REQUIRED } });
      expect(opened).toEqual([]);
      expect((await invoke(trusted, 'project.open', { path: file, passphrase: 'a long passphrase' })).ok).toBe(true);
      expect(opened).toEqual([file]);
      expect((await invoke(trusted, 'codes.list', {})).ok).toBe(true);
      expect(opened).toEqual([file]);
    } finally {
      session.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
