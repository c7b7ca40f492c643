import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCode, type Result } from '../../shared/errors.js';
import type { TeamServer } from '../core/index.js';
import { cookieValue } from './door.js';
import { NO_BODY, readJsonBody, sendJson, sendStatic, statusOf } from './server.js';

/**
 * The team server's HTTP door: the renderer, the team contract at `POST /team/<operation>`, the
 * project contract at `POST /api/<operation>` (on the project the browser chose) and the project's
 * events at `GET /api/events`. It checks who is knocking and carries the session cookie; the
 * rules (accounts, roles, who sees which project) are the core's (core/team-server).
 *
 * Every request passes, in order:
 * 1. `Host` must be this server's: its address, or the public address it is published under. A
 *    DNS-rebinding page reaches us under its own host name and is refused.
 * 2. An `Origin`, when sent, must be this server's, and `Sec-Fetch-Site` must not say cross-site:
 *    another site's page cannot make a signed-in browser call us (CSRF).
 * 3. Posts are `application/json`: an HTML form can post across sites without asking, JSON cannot.
 * 4. `/api` calls and most `/team` calls need a signed-in session: a random token in an HttpOnly,
 *    SameSite=Strict cookie (Secure when published over https), of which the server keeps a hash.
 */

export const SESSION_COOKIE = 'chorus_session';

export interface TeamDoorOptions {
  team: TeamServer;
  /** The built renderer (out/renderer). */
  staticDir: string;
  port?: number;
  /** The interface to listen on: 127.0.0.1 unless the server is published (behind a TLS proxy). */
  listen?: string;
  /** The address coders use when it is not this one, e.g. `https://chorus.example.org`. */
  publicOrigin?: string;
  maxBodyBytes?: number;
}

export interface RunningTeamServer {
  origin: string;
  close(): Promise<void>;
}

type Refusal = { status: number; code: (typeof ErrorCode)[keyof typeof ErrorCode]; message: string } | null;

/** Host, Origin and Sec-Fetch-Site: the checks every request passes, static files included. */
export function refuseForeignRequest(req: Pick<http.IncomingMessage, 'headers'>, origins: ReadonlySet<string>): Refusal {
  const hosts = new Set([...origins].map((o) => new URL(o).host));
  const host = req.headers.host?.toLowerCase();
  if (!host || !hosts.has(host)) return { status: 403, code: ErrorCode.FORBIDDEN, message: 'This Chorus server answers only under its own address.' };
  const origin = req.headers.origin?.toLowerCase();
  if (origin !== undefined && !origins.has(origin)) return { status: 403, code: ErrorCode.FORBIDDEN, message: 'Requests from other sites are refused.' };
  if (req.headers['sec-fetch-site'] === 'cross-site') return { status: 403, code: ErrorCode.FORBIDDEN, message: 'Requests from other sites are refused.' };
  return null;
}

function sessionCookie(token: string | null, secure: boolean): string {
  const flags = `HttpOnly; SameSite=Strict; Path=/${secure ? '; Secure' : ''}`;
  return token === null ? `${SESSION_COOKIE}=; Max-Age=0; ${flags}` : `${SESSION_COOKIE}=${token}; ${flags}`;
}

export function startTeamDoor(options: TeamDoorOptions): Promise<RunningTeamServer> {
  const { team, staticDir } = options;
  const maxBody = options.maxBodyBytes ?? 80 * 1024 * 1024;
  const secure = options.publicOrigin?.startsWith('https://') ?? false;
  let origins: ReadonlySet<string> = new Set();
  const streams = new Set<http.ServerResponse>();

  const server = http.createServer(async (req, res) => {
    const url = req.url ?? '/';
    const refuse = (r: NonNullable<Refusal>) => sendJson(res, r.status, { ok: false, error: { code: r.code, message: r.message } });
    const foreign = refuseForeignRequest(req, origins);
    if (foreign) return refuse(foreign);
    const token = cookieValue(req.headers.cookie, SESSION_COOKIE);
    const pathname = url.split('?')[0]!;

    if (pathname === '/api/events' && req.method === 'GET') {
      let unsubscribe: (() => void) | null = null;
      const subscribed = team.subscribe(token, {
        send: (event) => res.write(`data: ${JSON.stringify(event)}\n\n`),
        // The server ends a stream when the browser chose another project or was signed out; the
        // page's EventSource then reconnects (after `retry`) and is subscribed anew, or refused.
        end: () => res.end(),
      });
      if (!subscribed.ok) return sendJson(res, statusOf(subscribed.error), subscribed);
      unsubscribe = subscribed.value;
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      res.write('retry: 1000\n: connected\n\n');
      streams.add(res);
      req.on('close', () => {
        unsubscribe?.();
        streams.delete(res);
      });
      return;
    }

    const isTeam = pathname.startsWith('/team/');
    const isApi = pathname === '/api' || pathname.startsWith('/api/');
    if (isTeam || isApi) {
      if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: ErrorCode.INVALID_INPUT, message: 'Use POST.' } });
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json') {
        return refuse({ status: 415, code: ErrorCode.FORBIDDEN, message: 'Chorus takes requests as application/json only.' });
      }
      const input = await readJsonBody(req, res, maxBody);
      if (input === NO_BODY) return;
      const send = (result: Result<unknown>, cookie?: string) => {
        const status = result.ok ? 200 : statusOf(result.error);
        if (cookie) res.setHeader('Set-Cookie', cookie);
        sendJson(res, status, result);
      };
      if (isTeam) {
        const outcome = await team.team(pathname.slice('/team/'.length), input, token);
        return send(outcome.result, outcome.token === undefined ? undefined : sessionCookie(outcome.token, secure));
      }
      return send(await team.call(token, pathname.slice('/api/'.length), input));
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    sendStatic(res, staticDir, url);
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.listen ?? '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const own = `http://${options.listen && options.listen !== '0.0.0.0' ? options.listen : '127.0.0.1'}:${port}`;
      origins = new Set([own, `http://localhost:${port}`, ...(options.publicOrigin ? [new URL(options.publicOrigin).origin] : [])]);
      resolve({
        origin: `${own}/`,
        close: () =>
          new Promise<void>((done) => {
            for (const res of streams) res.end();
            streams.clear();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
