/**
 * The desktop app's `chorus-media:` scheme: the player's `<audio>`/`<video>` gets a linked
 * recording's bytes from `chorus-media://recording/<guid>`, with Range requests answered 206 so it
 * can seek (core/media/serve.ts, shared with browser mode's route). Only recordings linked in the
 * open project are served, found by guid: the page never names a path. The scheme is registered
 * as privileged with `stream` in security.ts (registerAppScheme), and the CSP's `media-src`
 * allows it and nothing else.
 *
 * No run-time import of `electron`: the handler is plain Fetch API, so it runs (and is tested) in
 * Node; index.ts passes Electron's `protocol` in.
 */
import { Readable } from 'node:stream';
import type { Protocol } from 'electron';
import { MEDIA_SCHEME } from '../../shared/media.js';
import { recordingResponse, recordingToServe, type Session } from '../core/index.js';

/** The open project, when there is one (Session['project']). */
type OpenProject = () => Session['project'];

const MEDIA_HOST = 'recording';

/** The recording guid a `chorus-media:` URL asks for, or null when it is not one of ours. */
export function mediaGuidOf(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== `${MEDIA_SCHEME}:` || url.host !== MEDIA_HOST) return null;
  const guid = decodeURIComponent(url.pathname.replace(/^\//u, ''));
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu.test(guid) ? guid : null;
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });
}

export function createMediaProtocolHandler(project: OpenProject): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405 });
    const guid = mediaGuidOf(request.url);
    if (!guid) return notFound();
    let answer: ReturnType<typeof recordingResponse>;
    try {
      answer = recordingResponse(recordingToServe(project(), guid), request.headers.get('range') ?? undefined, request.method === 'HEAD');
    } catch {
      return notFound();
    }
    const body = answer.body ? (Readable.toWeb(answer.body) as unknown as ReadableStream<Uint8Array>) : null;
    return new Response(body, { status: answer.status, headers: { ...answer.headers, 'X-Content-Type-Options': 'nosniff' } });
  };
}

/** Serves recordings of the session's open project; after `ready`, before the first window. */
export function installMediaProtocol(protocol: Pick<Protocol, 'handle'>, project: OpenProject): void {
  protocol.handle(MEDIA_SCHEME, createMediaProtocolHandler(project));
}
