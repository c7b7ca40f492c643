import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ChorusEvent, UserInfo } from '../../shared/types.js';
import type { ParseWorkerScript } from './documents/parse-thread.js';

/**
 * What the core needs from the world, passed in by the front door that starts it. Tests inject
 * their own clock and id generator here instead of patching globals.
 */
export interface CoreEnv {
  /** ISO 8601 UTC. */
  now(): string;
  /**
   * A new row guid. UUIDv7 by default: its time-ordered prefix makes each new guid land at the end
   * of the guid indexes instead of at a random page, which kept large imports writing all over them.
   */
  newGuid(): string;
  /** The local coder: every row this core writes is attributed to them. */
  user: UserInfo;
  /** The SQLite driver's addon built for the running runtime (the desktop app's Electron build). */
  nativeBinding?: string;
  /** Folder of the demo study (transcripts and study.json). */
  demoDir: string;
  /** Largest file an import accepts, in bytes. */
  maxImportBytes: number;
  /** Core events (progress of long operations) for the front door to forward. */
  emit(event: ChorusEvent): void;
  /** The parser thread of batch imports (documents/parse-worker); null parses on the calling thread. */
  parseWorker: ParseWorkerScript | null;
}

/**
 * resources/ of the source tree, for the front doors that run from sources (CLI, browser-mode
 * server, tests). The desktop app passes its packaged resources instead.
 */
export const SOURCE_RESOURCES_DIR = path.resolve(__dirname, '../../resources');

/** The parser thread's code in the source tree; the desktop app passes its built copy instead. */
export const SOURCE_PARSE_WORKER: ParseWorkerScript = { file: path.join(__dirname, 'documents', 'parse-worker.ts'), typescript: true };

export function createEnv(overrides: Partial<CoreEnv> & { user: UserInfo }): CoreEnv {
  return {
    now: () => new Date().toISOString(),
    newGuid: timeOrderedGuid,
    demoDir: path.join(SOURCE_RESOURCES_DIR, 'demo'),
    maxImportBytes: 50 * 1024 * 1024,
    emit: () => {},
    parseWorker: SOURCE_PARSE_WORKER,
    ...overrides,
  };
}

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then the version, then random bits. Built on
 * `randomUUID`, whose pooled randomness makes it several times cheaper than a v7 library call, and
 * an import asks for a guid per turn. Only the first 13 characters differ from the random v4 it
 * starts from: the time in hex, and the version digit 7 in place of 4 (the variant bits stay).
 */
export function timeOrderedGuid(): string {
  const time = Date.now().toString(16).padStart(12, '0');
  const random = randomUUID();
  return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(15)}`;
}

/** The name the local coder goes by when settings do not give one. */
export function osUserName(): string {
  try {
    return os.userInfo().username || 'Researcher';
  } catch {
    return 'Researcher';
  }
}
