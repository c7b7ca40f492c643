import crypto from 'node:crypto';
import type http from 'node:http';

/**
 * Who may come through browser mode's door. Every request is checked here before any handler
 * runs, in this order:
 *
 * 1. `Host` must name this server on the loopback interface (127.0.0.1, localhost or [::1] with
 *    our port): a DNS-rebinding page reaches us under its own host name and is refused.
 * 2. An `Origin`, when sent, must be one of those same addresses: another site's page is refused
 *    even when it sends a matching pair of Origin and Host.
 * 3. Calls to `/api` carry the run's token: in the cookie the address printed at start-up sets,
 *    or as `Authorization: Bearer` for scripts. A page elsewhere cannot read it, and the cookie is
 *    SameSite=Strict, so the browser does not send it along with another site's request.
 * 4. `POST /api/*` bodies are JSON: a plain HTML form (text/plain, urlencoded, multipart) can
 *    post across sites without a preflight, JSON cannot.
 */

export const TOKEN_COOKIE = 'chorus_token';
/** The query parameter that carries the token in the address printed at start-up. */
export const TOKEN_PARAM = 'token';

export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function allowedHosts(port: number): ReadonlySet<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

export type Refusal = { status: number; message: string } | null;

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** The value of one cookie in a Cookie header, or undefined. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The token a request carries, from its cookie or its Authorization header. */
export function tokenOf(req: Pick<http.IncomingMessage, 'headers'>): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  return cookieValue(req.headers.cookie, TOKEN_COOKIE);
}

/** Host and Origin: the checks every request passes, static files included. */
export function refuseForeign(req: Pick<http.IncomingMessage, 'headers'>, hosts: ReadonlySet<string>): Refusal {
  const host = req.headers.host;
  if (!host || !hosts.has(host.toLowerCase())) {
    return { status: 403, message: 'Chorus answers only to addresses on this computer (127.0.0.1, localhost).' };
  }
  const origin = req.headers.origin?.toLowerCase();
  // "null" (a sandboxed frame, a file:// page) and any other scheme or host are another site.
  if (origin !== undefined && !(origin.startsWith('http://') && hosts.has(origin.slice('http://'.length)))) {
    return { status: 403, message: 'Requests from other sites are refused.' };
  }
  // Browsers say where a request comes from even when they leave Origin out.
  if (req.headers['sec-fetch-site'] === 'cross-site') return { status: 403, message: 'Requests from other sites are refused.' };
  return null;
}

/** The run's token, and JSON for posts: what an `/api` request needs on top of refuseForeign. */
export function refuseApiCall(req: Pick<http.IncomingMessage, 'headers' | 'method'>, token: string): Refusal {
  if (!sameToken(tokenOf(req), token)) {
    return { status: 401, message: 'Open Chorus from the address it printed when it started (it carries this run’s key).' };
  }
  if (req.method === 'POST') {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') return { status: 415, message: 'Chorus takes requests as application/json only.' };
  }
  return null;
}

/** The Set-Cookie value that keeps the token for this browser's later calls. */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** The token in a start-up address (`/?token=…`), when it is the right one. */
export function startupToken(url: string, token: string): boolean {
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  return sameToken(new URLSearchParams(query).get(TOKEN_PARAM) ?? undefined, token);
}
