import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { isOpName } from '../../shared/api.js';
import { ErrorCode, type ErrorInfo, type Result } from '../../shared/errors.js';
import type { ChorusEvent } from '../../shared/types.js';
import { confinedTo, dispatch, recordingResponse, recordingToServe, type Session } from '../core/index.js';
import { allowedHosts, newToken, refuseApiCall, refuseForeign, startupToken, tokenCookie, type Refusal } from './door.js';

/**
 * Browser mode: the renderer served over HTTP on 127.0.0.1, with the contract at
 * `POST /api/<operation>` and core events as server-sent events at `GET /api/events`.
 * Used for end-to-end tests and for working without Electron. A thin door: it checks who is
 * knocking (door.ts), parses HTTP and calls the core's dispatch; nothing about the domain is
 * decided here. Paths from the page are confined to the projects folder (core/file-access.ts).
 */
export interface ServerOptions {
  session: Session;
  /** The built renderer (out/renderer). */
  staticDir: string;
  port?: number;
  /** The one folder the page may open and create projects in. */
  projectsFolder: string;
  /** The run's secret; a new random one when not given. */
  token?: string;
  /** Largest request body accepted, in bytes (uploads are base64 in JSON). */
  maxBodyBytes?: number;
}

export interface RunningServer {
  /** The address to open: it carries the run's token, which the page then keeps in a cookie. */
  url: string;
  /** The server's own address, without the token. */
  origin: string;
  /** The run's token, for scripts (`Authorization: Bearer …`). */
  token: string;
  /** Forwards a core event to every connected browser. */
  broadcast(event: ChorusEvent): void;
  close(): Promise<void>;
}

const MEDIA_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

export const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** HTTP status for each error code: the caller's mistake is 4xx, ours is 500. */
export function statusOf(error: ErrorInfo): number {
  switch (error.code) {
    case ErrorCode.NOT_FOUND:
      return 404;
    case ErrorCode.UNAUTHENTICATED:
      return 401;
    case ErrorCode.FORBIDDEN:
      return 403;
    // The request was understood, and the file refuses it without its key. Not 401: no HTTP
    // authentication scheme applies, and the team page reads 401 as "signed out".
    case ErrorCode.PASSPHRASE_REQUIRED:
    case ErrorCode.WRONG_PASSPHRASE:
      return 403;
    case ErrorCode.CONFLICT:
      return 409;
    case ErrorCode.TOO_LARGE:
      return 413;
    case ErrorCode.UNSUPPORTED_FORMAT:
      return 415;
    case ErrorCode.INTERNAL:
      return 500;
    default:
      return 400;
  }
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...SECURITY_HEADERS });
  res.end(text);
}

export function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(Object.assign(new Error('too large'), { tooLarge: true }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** What `readJsonBody` gives when it has answered the request with an error itself. */
export const NO_BODY: unique symbol = Symbol('no body');

/**
 * The request's JSON body (an empty body is `{}`), or NO_BODY after answering 413 (larger than
 * `limit` bytes) or 400 (not JSON) itself.
 */
export async function readJsonBody(req: http.IncomingMessage, res: http.ServerResponse, limit: number): Promise<unknown> {
  try {
    const body = await readBody(req, limit);
    return body ? (JSON.parse(body) as unknown) : {};
  } catch (e) {
    const tooLarge = (e as { tooLarge?: boolean }).tooLarge;
    sendJson(res, tooLarge ? 413 : 400, {
      ok: false,
      error: tooLarge
        ? { code: ErrorCode.TOO_LARGE, message: 'The request is too large.' }
        : { code: ErrorCode.INVALID_INPUT, message: 'The request body is not valid JSON.' },
    });
    return NO_BODY;
  }
}

/** Serves a file from the renderer folder only: anything resolving outside it is a 404. */
export function resolveStatic(staticDir: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!);
  } catch {
    return null;
  }
  // Backslashes and NUL are never in our file names; either could smuggle a path past a check.
  if (/[\\\0]/.test(decoded)) return null;
  const root = path.resolve(staticDir);
  const file = path.resolve(root, `.${decoded === '/' ? '/index.html' : decoded}`);
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  return file;
}

/** Answers a GET for a file of the built renderer, or 404. */
export function sendStatic(res: http.ServerResponse, staticDir: string, url: string): void {
  const file = resolveStatic(staticDir, url);
  if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    return;
  }
  res.writeHead(200, {
    'Content-Type': MEDIA_TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Cache-Control': 'no-cache',
    ...SECURITY_HEADERS,
  });
  fs.createReadStream(file).pipe(res);
}

/** Streams recording `guid` of the session's open project (see core/media/serve.ts), or 404. */
export function sendRecording(req: http.IncomingMessage, res: http.ServerResponse, session: Session, guid: string): void {
  let answer: ReturnType<typeof recordingResponse>;
  try {
    answer = recordingResponse(recordingToServe(session.project, guid), req.headers.range, req.method === 'HEAD');
  } catch (e) {
    sendJson(res, 404, { ok: false, error: { code: ErrorCode.NOT_FOUND, message: (e as Error).message } });
    return;
  }
  res.writeHead(answer.status, { ...answer.headers, ...SECURITY_HEADERS });
  if (!answer.body) {
    res.end();
    return;
  }
  answer.body.on('error', () => res.destroy());
  res.on('close', () => answer.body?.destroy());
  answer.body.pipe(res);
}

export function startServer(options: ServerOptions): Promise<RunningServer> {
  const { session, staticDir } = options;
  const token = options.token ?? newToken();
  const files = confinedTo(options.projectsFolder);
  // Known once the server listens; until then no request can arrive.
  let hosts: ReadonlySet<string> = new Set();
  const maxBody = options.maxBodyBytes ?? 80 * 1024 * 1024;
  const listeners = new Set<http.ServerResponse>();

  const broadcast = (event: ChorusEvent) => {
    const line = `data: ${JSON.stringify(event)}\n\n`;
    for (const res of listeners) res.write(line);
  };

  const server = http.createServer(async (req, res) => {
    const url = req.url ?? '/';
    const refuse = (refusal: NonNullable<Refusal>) =>
      sendJson(res, refusal.status, { ok: false, error: { code: ErrorCode.FORBIDDEN, message: refusal.message } });
    const foreign = refuseForeign(req, hosts);
    if (foreign) return refuse(foreign);
    const isApi = url === '/api' || url.startsWith('/api/');
    if (isApi) {
      const refused = refuseApiCall(req, token);
      if (refused) return refuse(refused);
    }
    if (url === '/api/events' && req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      res.write(': connected\n\n');
      listeners.add(res);
      req.on('close', () => listeners.delete(res));
      return;
    }
    if (url.startsWith('/api/media/') && (req.method === 'GET' || req.method === 'HEAD')) {
      // A linked recording for the player, by its guid (with the token, like every /api call):
      // Range requests get 206 and just those bytes, so the player can seek.
      sendRecording(req, res, session, url.slice('/api/media/'.length).split('?')[0]!);
      return;
    }
    if (isApi) {
      const name = url.slice('/api/'.length).split('?')[0]!;
      if (req.method !== 'POST') {
        sendJson(res, 405, { ok: false, error: { code: ErrorCode.INVALID_INPUT, message: 'Use POST.' } });
        return;
      }
      if (!isOpName(name)) {
        sendJson(res, 404, { ok: false, error: { code: ErrorCode.NOT_FOUND, message: `Chorus has no operation named "${name}".` } });
        return;
      }
      const input = await readJsonBody(req, res, maxBody);
      if (input === NO_BODY) return;
      const result: Result<unknown> = await dispatch(session, name, input, files);
      sendJson(res, result.ok ? 200 : statusOf(result.error), result);
      return;
    }
    if (url === '/team/team.whoami' && req.method === 'POST') {
      // The page asks once at start whether it talks to a team server (with accounts). Browser
      // mode has none: null, answered without an error that would sit in the page's console.
      req.resume();
      sendJson(res, 200, { ok: true, value: null });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (startupToken(url, token)) {
      // The address printed at start-up: keep its token in a cookie and drop it from the address
      // bar, so it is neither in the page's history nor sent on as a referrer.
      res.writeHead(303, { Location: '/', 'Set-Cookie': tokenCookie(token), 'Cache-Control': 'no-store', ...SECURITY_HEADERS });
      res.end();
      return;
    }
    sendStatic(res, staticDir, url);
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      hosts = allowedHosts(port);
      const origin = `http://127.0.0.1:${port}/`;
      resolve({
        url: `${origin}?token=${token}`,
        origin,
        token,
        broadcast,
        close: () =>
          new Promise<void>((done) => {
            for (const res of listeners) res.end();
            listeners.clear();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
