import { api, isOpName, type OpName } from '../../shared/api.js';
import { ChorusError, ErrorCode, type Result } from '../../shared/errors.js';
import { mapInputPaths } from '../../shared/input-paths.js';
import { UNCONFINED, type FileAccess } from './file-access.js';
import { handlers, type HandlerContext } from './handlers.js';
import { NO_SCOPE, runCommand } from './history/command-log.js';
import type { Session } from './session.js';

/** Operations that must not wait behind the one running (they act on it). */
const UNQUEUED: ReadonlySet<OpName> = new Set(['operations.cancel']);

function describeZodIssues(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues
    .map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
}

function toErrorResult(e: unknown): Result<never> {
  if (e instanceof ChorusError) return { ok: false, error: e.toJSON() };
  const message = e instanceof Error ? e.message : String(e);
  const sqliteCode = (e as { code?: unknown }).code;
  if (sqliteCode === 'SQLITE_CORRUPT' || sqliteCode === 'SQLITE_NOTADB') {
    return { ok: false, error: { code: ErrorCode.CORRUPT_FILE, message: `The project file is damaged: ${message}` } };
  }
  if (/SQLITE_BUSY|database is locked/i.test(message)) {
    return { ok: false, error: { code: ErrorCode.CONFLICT, message: 'The project is busy in another window or program; try again.' } };
  }
  return { ok: false, error: { code: ErrorCode.INTERNAL, message: `Something went wrong inside Chorus: ${message}` } };
}

/**
 * The one entry point of the core, behind every front door: look the operation up, validate its
 * input against the contract, run it (a write as one command in the log, in one transaction),
 * and return the result envelope. Never throws. `files` says which paths the caller may name
 * (browser mode confines them); every path field of the input passes through it first.
 */
export async function dispatch(
  session: Session,
  name: string,
  rawInput: unknown,
  files: FileAccess = UNCONFINED,
): Promise<Result<unknown>> {
  if (!isOpName(name)) {
    return { ok: false, error: { code: ErrorCode.INVALID_INPUT, message: `Chorus has no operation named "${name}".` } };
  }
  const def = api[name];
  const parsed = def.input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    return { ok: false, error: { code: ErrorCode.INVALID_INPUT, message: describeZodIssues(parsed.error) } };
  }
  let input: unknown;
  try {
    input = mapInputPaths(def.input, parsed.data, files.check);
  } catch (e) {
    return toErrorResult(e);
  }
  // The id under which this call can be cancelled. operations.cancel names the operation it
  // stops; registered as its own, it replaced that operation's switch and cancelled itself.
  const operationId = UNQUEUED.has(name) ? undefined : (input as { operationId?: string }).operationId;
  // Registered now, not when the queue reaches it, so that a call still waiting can be cancelled.
  const controller = session.startOperation(operationId);
  const run = async (): Promise<Result<unknown>> => {
    const cx: HandlerContext = {
      session,
      files,
      project: () => {
        const p = session.project;
        if (!p) throw new ChorusError(ErrorCode.NO_PROJECT, 'No project is open. Create or open one first.');
        return p;
      },
      signal: controller.signal,
      progress: (done, total, message) => {
        if (operationId) session.env.emit({ type: 'progress', operationId, done, total, message });
      },
      log: NO_SCOPE,
    };
    const handler = handlers[name] as (cx: HandlerContext, input: unknown) => unknown;
    try {
      const value = def.writes
        ? await runCommand(cx.project(), name, input, (log) => handler({ ...cx, log }, input))
        : await handler(cx, input);
      return { ok: true, value };
    } catch (e) {
      return toErrorResult(e);
    } finally {
      session.endOperation(operationId);
    }
  };
  return UNQUEUED.has(name) ? run() : session.enqueue(run);
}
