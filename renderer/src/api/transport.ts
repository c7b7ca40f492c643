/**
 * The one place that knows how the renderer reaches the core: IPC through the preload's
 * `window.chorus` in the desktop app, else HTTP (`POST /api/<op>`) and server-sent events
 * (`GET /api/events`) in browser mode. Everything else calls `call` and `subscribe`.
 */
import type { OpInput, OpName, OpOutput } from '../../../shared/api';
import { ChorusError, ErrorCode, isErrorInfo, type Result } from '../../../shared/errors';
import type { ChorusEvent } from '../../../shared/types';

export type Transport = 'ipc' | 'http';

export function transport(): Transport {
  return typeof window !== 'undefined' && window.chorus ? 'ipc' : 'http';
}

/** The value of a `Result` envelope, or its error thrown as a `ChorusError`. */
export function unwrap<T>(result: unknown): T {
  const r = result as Result<T> | null;
  if (r && typeof r === 'object' && 'ok' in r) {
    if (r.ok) return r.value;
    if (isErrorInfo(r.error)) throw new ChorusError(r.error.code, r.error.message);
  }
  throw new ChorusError(ErrorCode.INTERNAL, 'Chorus answered with something it did not expect.');
}

/** Posts JSON to this page's server and reads the answer's envelope, whatever its status. */
export async function postJson(path: string, input: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(input ?? {}),
    });
  } catch {
    throw new ChorusError(ErrorCode.IO_ERROR, 'Chorus is not reachable. Is the server still running?');
  }
  try {
    // Errors come back as 4xx with the same envelope, so the body is read whatever the status.
    return await response.json();
  } catch {
    throw new ChorusError(ErrorCode.INTERNAL, `Chorus answered ${response.status} without a result.`);
  }
}

/**
 * Calls one operation of the contract. Resolves with its output, or rejects with a
 * `ChorusError` carrying the core's stable error code and its message for the researcher.
 */
export async function call<N extends OpName>(name: N, input: OpInput<N>): Promise<OpOutput<N>> {
  const bridge = window.chorus;
  const result = bridge ? await bridge.invoke(name, input) : await postJson(`/api/${name}`, input);
  return unwrap<OpOutput<N>>(result);
}

type Listener = (event: ChorusEvent) => void;
const listeners = new Set<Listener>();
let detach: (() => void) | null = null;

function deliver(event: ChorusEvent): void {
  for (const l of listeners) l(event);
}

function attach(): () => void {
  const bridge = window.chorus;
  if (bridge) return bridge.subscribe(deliver);
  const source = new EventSource('/api/events');
  source.onmessage = (message: MessageEvent<string>) => {
    try {
      deliver(JSON.parse(message.data) as ChorusEvent);
    } catch {
      // A malformed event is dropped rather than breaking every listener.
    }
  };
  return () => source.close();
}

/**
 * Listens to core events (progress, changes made outside this window). One underlying
 * connection is shared by all listeners and closed when the last one leaves.
 */
export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  detach ??= attach();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && detach) {
      detach();
      detach = null;
    }
  };
}
