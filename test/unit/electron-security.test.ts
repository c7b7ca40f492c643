/**
 * The security baseline and the preload, in Node: 'electron' is replaced by fakes (importing the
 * real package at run time would try to download Electron and throw), so these tests exercise our
 * checks, not Electron.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { WebContents } from 'electron';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT, IPC_INVOKE, type ChorusBridge } from '../../shared/bridge.js';
import type { ChorusEvent } from '../../shared/types.js';

type Listener = (...args: unknown[]) => void;

const fakes = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  rendererListeners: new Map<string, Set<(...args: unknown[]) => void>>(),
  openExternal: vi.fn((_url: string) => Promise.resolve()),
  invoke: vi.fn((..._args: unknown[]) => Promise.resolve({ ok: true, value: 'pong' })),
}));

vi.mock('electron', () => ({
  app: { on: vi.fn(), isPackaged: false },
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
  session: {
    defaultSession: {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
    },
  },
  shell: { openExternal: fakes.openExternal },
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => fakes.exposed.set(key, api),
  },
  ipcRenderer: {
    invoke: fakes.invoke,
    on: (channel: string, listener: (...args: unknown[]) => void) => {
      const set = fakes.rendererListeners.get(channel) ?? new Set();
      set.add(listener);
      fakes.rendererListeners.set(channel, set);
    },
    removeListener: (channel: string, listener: (...args: unknown[]) => void) => {
      fakes.rendererListeners.get(channel)?.delete(listener);
    },
  },
}));

const security = await import('../../electron/main/security.js');

describe('preload', () => {
  let bridge: ChorusBridge;

  beforeAll(async () => {
    await import('../../electron/preload/index.js');
    bridge = fakes.exposed.get('chorus') as ChorusBridge;
  });

  it('exposes window.chorus with exactly invoke and subscribe', () => {
    expect([...fakes.exposed.keys()]).toEqual(['chorus']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'subscribe']);
  });

  it('invoke goes through the one invoke channel', async () => {
    const input = { limit: 5 };
    await expect(bridge.invoke('history.list', input)).resolves.toEqual({ ok: true, value: 'pong' });
    expect(fakes.invoke).toHaveBeenCalledWith(IPC_INVOKE, 'history.list', input);
  });

  it("keeps the shell's requests that arrive before the page listens, for its first listener only", async () => {
    const early: ChorusEvent = { type: 'request', action: 'unlock-project', path: '/x/secret.chorus' };
    for (const l of [...(fakes.rendererListeners.get(IPC_EVENT) ?? [])]) l({ sender: 'ipcRenderer itself' }, early);
    const first: ChorusEvent[] = [];
    const unsubscribe = bridge.subscribe((e) => first.push(e));
    const second: ChorusEvent[] = [];
    const unsubscribeSecond = bridge.subscribe((e) => second.push(e));
    await Promise.resolve();
    expect(first).toEqual([early]);
    expect(second).toEqual([]);
    unsubscribe();
    unsubscribeSecond();
    expect(fakes.rendererListeners.get(IPC_EVENT)?.size).toBe(0);
  });

  it('subscribe delivers events without the IPC event object, and its unsubscribe works', () => {
    const received: ChorusEvent[] = [];
    const unsubscribe = bridge.subscribe((e) => received.push(e));
    const listeners = fakes.rendererListeners.get(IPC_EVENT);
    expect(listeners?.size).toBe(1);

    const event: ChorusEvent = { type: 'changed', domains: ['codes'] };
    const ipcEvent = { sender: 'ipcRenderer itself' };
    for (const l of listeners ?? []) l(ipcEvent, event);
    expect(received).toEqual([event]);

    unsubscribe();
    expect(fakes.rendererListeners.get(IPC_EVENT)?.size).toBe(0);
  });

  it('two subscriptions are independent', () => {
    const a = bridge.subscribe(() => {});
    const b = bridge.subscribe(() => {});
    expect(fakes.rendererListeners.get(IPC_EVENT)?.size).toBe(2);
    a();
    expect(fakes.rendererListeners.get(IPC_EVENT)?.size).toBe(1);
    b();
    expect(fakes.rendererListeners.get(IPC_EVENT)?.size).toBe(0);
  });
});

describe('URL checks', () => {
  it('recognises our own pages only', () => {
    expect(security.isAppUrl('app://chorus/index.html')).toBe(true);
    expect(security.isAppUrl('app://chorus/')).toBe(true);
    expect(security.isAppUrl('app://evil/index.html')).toBe(false);
    expect(security.isAppUrl('https://chorus/index.html')).toBe(false);
    expect(security.isAppUrl('file:///index.html')).toBe(false);
    expect(security.isAppUrl('not a url')).toBe(false);
  });

  it('lets only http(s) links leave the app, re-serialised', () => {
    expect(security.externalLinkTarget('https://www.refi-qda.org/')).toBe('https://www.refi-qda.org/');
    expect(security.externalLinkTarget('http://example.org/a b')).toBe('http://example.org/a%20b');
    for (const bad of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://server/share',
      'app://chorus/index.html',
      'data:text/html,<b>x</b>',
      'ms-settings:',
      '//example.org',
      'https://',
      '',
    ]) {
      expect(security.externalLinkTarget(bad), bad).toBeNull();
    }
  });

  it('trusts only the top frame of an app:// page', () => {
    expect(security.isTrustedSender({ senderFrame: { url: 'app://chorus/index.html', parent: null } })).toBe(true);
    expect(security.isTrustedSender({ senderFrame: null })).toBe(false);
    expect(security.isTrustedSender({ senderFrame: { url: 'https://evil.example/', parent: null } })).toBe(false);
    const top = { url: 'app://chorus/index.html', parent: null };
    expect(security.isTrustedSender({ senderFrame: { url: 'app://chorus/frame.html', parent: top } })).toBe(false);
  });

  it('grants no permission except clipboard writes from our own page', () => {
    expect(security.isPermissionAllowed('clipboard-sanitized-write', 'app://chorus')).toBe(true);
    expect(security.isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example')).toBe(false);
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid']) {
      expect(security.isPermissionAllowed(p, 'app://chorus')).toBe(false);
    }
  });
});

describe('app:// protocol', () => {
  let base: string;
  let rendererDir: string;

  beforeAll(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-protocol-'));
    rendererDir = path.join(base, 'renderer');
    fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Chorus</title>');
    fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    fs.writeFileSync(path.join(base, 'secret.txt'), 'not for the renderer');
    // A sibling whose name starts like the root: a naive startsWith() check would let it through.
    fs.mkdirSync(path.join(base, 'renderer-evil'));
    fs.writeFileSync(path.join(base, 'renderer-evil', 'x.js'), 'evil');
  });

  afterAll(() => {
    fs.rmSync(base, { recursive: true, force: true });
  });

  it('maps app URLs into the renderer folder', () => {
    expect(security.resolveAppFile(rendererDir, 'app://chorus/index.html')).toBe(path.join(rendererDir, 'index.html'));
    expect(security.resolveAppFile(rendererDir, 'app://chorus/')).toBe(path.join(rendererDir, 'index.html'));
    expect(security.resolveAppFile(rendererDir, 'app://chorus/assets/app.js?v=1#x')).toBe(
      path.join(rendererDir, 'assets', 'app.js'),
    );
  });

  it('refuses traversal in every spelling, other hosts and other schemes', () => {
    for (const url of [
      'app://chorus/../secret.txt',
      'app://chorus/%2e%2e/secret.txt',
      'app://chorus/..%2fsecret.txt',
      'app://chorus/..%2F..%2Fsecret.txt',
      'app://chorus/assets/..%2f..%2fsecret.txt',
      'app://chorus/..%5csecret.txt',
      'app://chorus/..%2frenderer-evil/x.js',
      'app://chorus/index.html%00.js',
      'app://chorus/%E0%A4%A',
      'app://evil/index.html',
      'file:///etc/passwd',
    ]) {
      const file = security.resolveAppFile(rendererDir, url);
      if (file !== null) {
        // Only acceptable if it still lies inside the renderer folder (e.g. '..\\' on POSIX is a name).
        expect(path.relative(rendererDir, file).startsWith('..'), url).toBe(false);
      }
    }
    expect(security.resolveAppFile(rendererDir, 'app://chorus/..%2fsecret.txt')).toBeNull();
    expect(security.resolveAppFile(rendererDir, 'app://chorus/..%2frenderer-evil/x.js')).toBeNull();
    expect(security.resolveAppFile(rendererDir, 'app://evil/index.html')).toBeNull();
  });

  it('serves files with the CSP header and refuses what lies outside', async () => {
    const handler = security.createAppProtocolHandler(rendererDir);

    const ok = await handler(new Request('app://chorus/index.html'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = ok.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/https?:|\*|unsafe-eval/);
    expect(await ok.text()).toContain('<title>Chorus</title>');

    const js = await handler(new Request('app://chorus/assets/app.js'));
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);

    for (const url of ['app://chorus/..%2fsecret.txt', 'app://chorus/..%2F..%2Fsecret.txt', 'app://evil/index.html']) {
      const res = await handler(new Request(url));
      expect(res.status, url).toBe(404);
      expect(await res.text()).not.toContain('not for the renderer');
      expect(res.headers.get('content-security-policy')).toBe(security.CONTENT_SECURITY_POLICY);
    }
    expect((await handler(new Request('app://chorus/assets/'))).status).toBe(404);
    expect((await handler(new Request('app://chorus/missing.js'))).status).toBe(404);
    expect((await handler(new Request('app://chorus/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});

describe('web contents hardening', () => {
  const handlers = new Map<string, Listener>();
  let openHandler: ((details: { url: string }) => { action: string }) | null = null;
  const contents = {
    on: (name: string, listener: Listener) => {
      handlers.set(name, listener);
      return contents;
    },
    setWindowOpenHandler: (h: (details: { url: string }) => { action: string }) => {
      openHandler = h;
    },
  };

  beforeAll(() => {
    security.hardenWebContents(contents as unknown as WebContents);
  });

  beforeEach(() => {
    fakes.openExternal.mockClear();
  });

  it('denies every navigation, including to our own origin', () => {
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://chorus/other.html']) {
      const event = { url, preventDefault: vi.fn() };
      handlers.get('will-navigate')?.(event);
      expect(event.preventDefault, url).toHaveBeenCalled();
    }
  });

  it('denies <webview> attachment', () => {
    const event = { preventDefault: vi.fn() };
    handlers.get('will-attach-webview')?.(event);
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('denies new windows and sends only http(s) links to the OS browser', () => {
    expect(openHandler).not.toBeNull();
    expect(openHandler?.({ url: 'https://www.refi-qda.org/' })).toEqual({ action: 'deny' });
    expect(fakes.openExternal).toHaveBeenCalledWith('https://www.refi-qda.org/');

    fakes.openExternal.mockClear();
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'app://chorus/index.html', 'smb://host/share']) {
      expect(openHandler?.({ url }), url).toEqual({ action: 'deny' });
    }
    expect(fakes.openExternal).not.toHaveBeenCalled();
  });
});

describe('webPreferences', () => {
  it('isolates and sandboxes the renderer', () => {
    const prefs = security.secureWebPreferences('/x/preload/index.js');
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: '/x/preload/index.js',
    });
  });
});
