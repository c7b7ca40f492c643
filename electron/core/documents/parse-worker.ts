/**
 * The parser thread of batch imports: it reads and parses the next files (decoding, NFC, finding
 * speakers and turns) or REFI-QDA sources while the main thread stores the current one in the
 * project. It never opens the project file. Started by parse-thread.ts; speaks its ParseRequest /
 * ParseReply messages and runs parse-tasks.ts.
 */
import { parentPort } from 'node:worker_threads';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { ParseReply, ParseRequest } from './parse-thread.js';
import { runParseTask } from './parse-tasks.js';

const port = parentPort;
if (!port) throw new Error('parse-worker runs as a worker thread.');

port.on('message', (request: ParseRequest) => {
  runParseTask(request.task, true).then(
    (value) => port.postMessage({ id: request.id, ok: true, value } satisfies ParseReply),
    (e: unknown) => {
      const error = e instanceof ChorusError ? e.toJSON() : { code: ErrorCode.INTERNAL, message: (e as Error)?.message ?? String(e) };
      port.postMessage({ id: request.id, ok: false, error } satisfies ParseReply);
    },
  );
});
port.postMessage({ ready: true } satisfies ParseReply);
