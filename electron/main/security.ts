/**
 * The whole Electron security baseline of Chorus, in one place (DESIGN.md "Electron security
 * baseline", STYLE.md 12). `registerAppScheme()` must run before `app` is ready and
 * `installSecurity()` after it, before the first window exists; index.ts does both.
 *
 * The checks themselves (which URL is ours, which link may leave the app, which file a request
 * may read) are small pure functions, so the unit tests exercise exactly what production runs.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  app,
  protocol,
  session,
  shell,
  type WebContents,
  type WebPreferences,
} from 'electron';
import { MEDIA_SCHEME } from '../../shared/media.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'chorus';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Only our own bundle runs: no remote origin anywhere. 'unsafe-inline' for styles only, because
 * React's `style={...}` props and Lexical's inline decorations set style attributes; scripts stay
 * strictly 'self'. blob:/data: images cover pasted or generated pictures (charts exported as PNG).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  // Linked recordings, streamed by the main process (media-protocol.ts), and nothing else.
  "media-src 'self' chorus-media:",
  "object-src 'none'",
  "worker-src 'self'",
  "frame-src 'none'",
  "child-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

// ---------------------------------------------------------------------------------------------
// Pure checks
// ---------------------------------------------------------------------------------------------

function parseUrl(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/**
 * True for a URL of our bundle. Compares scheme and host, not `URL.origin`: Node's URL reports the
 * origin of a non-special scheme as "null", which would make every app:// URL look foreign in
 * tests while Chromium (where the scheme is registered as standard) says "app://chorus".
 */
export function isAppUrl(raw: string): boolean {
  const url = parseUrl(raw);
  return url !== null && url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
}

/**
 * The link to hand to the OS browser, or null. Only http(s) with a host: `file:`, `javascript:`,
 * `smb:` or custom protocol handlers could run programs or leak NTLM credentials via the shell.
 * Returns the re-serialised URL, so the shell never sees the renderer's raw string.
 */
export function externalLinkTarget(raw: string): string | null {
  const url = parseUrl(raw);
  if (!url) return null;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (!url.hostname) return null;
  return url.href;
}

/**
 * Maps an app:// request URL onto a file inside `rootDir`, or null when the URL is not ours or
 * would read outside the folder. The WHATWG parser already resolves literal and %2e dot segments,
 * but an encoded separator (`..%2f..%2f`, `%5c` on Windows) only turns into one after decoding,
 * so confinement is checked again on the decoded, resolved path.
 */
export function resolveAppFile(rootDir: string, requestUrl: string): string | null {
  const url = parseUrl(requestUrl);
  if (!url || url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  if (pathname === '' || pathname.endsWith('/')) pathname += 'index.html';
  const root = path.resolve(rootDir);
  const file = path.resolve(root, `.${pathname}`);
  const relative = path.relative(root, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return file;
}

export function contentTypeOf(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Headers every app:// response carries. */
function baseHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-cache',
  };
}

function refuse(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { ...baseHeaders(), 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

/**
 * The app:// handler: serves files of the built renderer folder and nothing else, each with the
 * CSP header. Plain `fs` rather than `net.fetch(file://)` so the handler runs (and is tested) in
 * Node too; Electron's fs also reads inside app.asar.
 */
export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'Method not allowed');
    const file = resolveAppFile(rendererDir, request.url);
    if (!file) return refuse(404, 'Not found');
    let body: Buffer;
    try {
      body = await fs.readFile(file);
    } catch {
      // Directories and missing files alike: no listing, no hint about what exists.
      return refuse(404, 'Not found');
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: { ...baseHeaders(), 'Content-Type': contentTypeOf(file) },
    });
  };
}

/** Just what the sender check reads of an IPC event; Electron's IpcMainInvokeEvent fits it. */
export interface SenderLike {
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

/**
 * True when an IPC call comes from the top frame of a page of our bundle. A sub-frame (were one
 * ever to load) or a frame already navigated away/destroyed (senderFrame null) is refused.
 */
export function isTrustedSender(event: SenderLike): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

/**
 * Permissions our own page may use. Only writing plain text to the clipboard (the renderer's
 * "copy quote" buttons use navigator.clipboard.writeText): nothing that reads the clipboard or
 * reaches devices, the camera, location or notifications.
 */
export function isPermissionAllowed(permission: string, origin: string): boolean {
  return permission === 'clipboard-sanitized-write' && isAppUrl(origin);
}

// ---------------------------------------------------------------------------------------------
// Installation
// ---------------------------------------------------------------------------------------------

/**
 * Registers app:// as a standard, secure scheme. Must run before `ready` (Electron refuses it
 * later). `standard` gives it an origin and relative URLs, `secure` makes it a secure context,
 * `supportFetchAPI` lets the renderer fetch its own assets. No `bypassCSP`: our CSP applies.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    // Recordings for <audio>/<video> (media-protocol.ts): `stream` lets the player read them in
    // ranges as it plays and seeks instead of waiting for a whole two-hour file. Registered here
    // because Electron takes one list of privileged schemes.
    { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, stream: true } },
  ]);
}

/** webPreferences of every Chorus window: the renderer gets no Node and sees only the preload's bridge. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: true,
    preload,
  };
}

/**
 * Locks down one webContents: it never navigates (the renderer is a single page; a dropped file
 * or a stray link must not replace Chorus with other content), never opens windows (http(s)
 * links go to the OS browser instead), and never attaches a <webview>.
 */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    const target = externalLinkTarget(url);
    if (target) {
      shell.openExternal(target).catch(() => {
        // No browser configured: nothing useful to tell the researcher beyond the link not opening.
      });
    }
    return { action: 'deny' };
  });
}

/**
 * Everything after `ready` and before the first window: the app:// handler confined to
 * `rendererDir`, permission handlers, and hardening of every webContents ever created (including
 * ones we do not create ourselves, such as DevTools).
 */
export function installSecurity(rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((contents, permission, callback) => {
    callback(isPermissionAllowed(permission, contents.getURL()));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin),
  );
  ses.setDevicePermissionHandler(() => false);

  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents);
  });
}
