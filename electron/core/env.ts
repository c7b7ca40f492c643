import os from 'node:os';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import type { ChorusEvent, UserInfo } from '../../shared/types.js';

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
  /** A better-sqlite3 addon built for the running runtime (the desktop app's Electron build). */
  nativeBinding?: string;
  /** Folder of the demo study (transcripts and study.json). */
  demoDir: string;
  /** Largest file an import accepts, in bytes. */
  maxImportBytes: number;
  /** Core events (progress of long operations) for the front door to forward. */
  emit(event: ChorusEvent): void;
}

/**
 * resources/ of the source tree, for the front doors that run from sources (CLI, browser-mode
 * server, tests). The desktop app passes its packaged resources instead.
 */
export const SOURCE_RESOURCES_DIR = path.resolve(__dirname, '../../resources');

export function createEnv(overrides: Partial<CoreEnv> & { user: UserInfo }): CoreEnv {
  return {
    now: () => new Date().toISOString(),
    newGuid: () => uuidv7(),
    demoDir: path.join(SOURCE_RESOURCES_DIR, 'demo'),
    maxImportBytes: 50 * 1024 * 1024,
    emit: () => {},
    ...overrides,
  };
}

/** The name the local coder goes by when settings do not give one. */
export function osUserName(): string {
  try {
    return os.userInfo().username || 'Researcher';
  } catch {
    return 'Researcher';
  }
}
