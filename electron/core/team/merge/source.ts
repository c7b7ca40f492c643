/**
 * The co-coder's project a merge reads: another `.chorus` file, opened read-only and never
 * migrated or changed, or a `.qdpx` from another tool, imported into a temporary project that is
 * deleted afterwards (so both are read the same way).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SqlDb } from '../../store/engine.js';
import { ChorusError, ErrorCode } from '../../../../shared/errors.js';
import type { MergeSource } from '../../../../shared/merge.js';
import { readSource } from '../../documents/read-source.js';
import { importRefiProject } from '../../exchange/refi/import-project.js';
import type { Project } from '../../project.js';
import { LATEST_VERSION } from '../../store/migrations/index.js';
import { openProjectFileReadOnly } from '../../store/project-file.js';
import { kindOfHeader, passphraseOf, type SqliteDb } from '../../store/sqlite.js';

export interface OpenSource {
  db: SqlDb;
  name: string;
  kind: 'chorus' | 'qdpx';
  /**
   * What this source's content is, as far as it can be told without reading it: a .chorus file's
   * path, size, time and inode (and those of its write-ahead log), or a hash of bytes sent. Null
   * for a .qdpx, which is imported afresh each time. Lets a merge reuse what its preview read.
   */
  identity: string | null;
  close(): void;
}

function fileIdentity(file: string): string {
  const stat = (f: string) => {
    try {
      const s = fs.statSync(f, { bigint: true });
      return `${s.size}:${s.mtimeNs}:${s.ino}`;
    } catch {
      return '-';
    }
  };
  return `file:${file}|${stat(file)}|${stat(`${file}-wal`)}`;
}

/** A .qdpx may carry media beside its text; it is read whole, so it still has a ceiling. */
const MAX_SOURCE_BYTES = 1024 * 1024 * 1024;

function kindOf(head: Buffer, size: number, name: string): 'chorus' | 'qdpx' {
  const kind = kindOfHeader(head, size);
  if (kind === 'sqlite') return 'chorus';
  if (head[0] === 0x50 && head[1] === 0x4b) return 'qdpx';
  if (/\.qde$/iu.test(name)) return 'qdpx';
  // An encrypted project, whose first bytes are its random salt: its key will tell.
  if (kind === 'encrypted') return 'chorus';
  throw new ChorusError(ErrorCode.UNSUPPORTED_FORMAT, `${name} is neither a Chorus project nor a REFI-QDA project (.qdpx).`);
}

/**
 * Opens the co-coder's copy read-only. An encrypted copy is tried with the passphrase given for it,
 * else with the open project's own (copies of one project usually share it); failing both, it
 * asks for the copy's own passphrase, naming the file.
 */
function openChorus(file: string, name: string, project: Project, identity: string, passphrase: string | undefined, cleanup: () => void): OpenSource {
  const own = passphraseOf(project.db);
  let opened: { db: SqliteDb; version: number };
  try {
    opened = openProjectFileReadOnly(file, { nativeBinding: project.env.nativeBinding, passphrase: passphrase ?? own });
  } catch (e) {
    if (e instanceof ChorusError && passphrase === undefined && (e.code === ErrorCode.PASSPHRASE_REQUIRED || e.code === ErrorCode.WRONG_PASSPHRASE)) {
      throw new ChorusError(
        ErrorCode.PASSPHRASE_REQUIRED,
        `${name} is protected with a passphrase${own !== undefined ? ' other than this project\'s' : ''}. Enter its passphrase to merge it.`,
      );
    }
    if (e instanceof ChorusError && e.code === ErrorCode.WRONG_PASSPHRASE) {
      throw new ChorusError(ErrorCode.WRONG_PASSPHRASE, `That passphrase does not open ${name}. Check it and try again.`);
    }
    throw e;
  }
  const { db, version } = opened;
  if (version < LATEST_VERSION) {
    db.close();
    throw new ChorusError(
      ErrorCode.UNSUPPORTED_FORMAT,
      `${name} was saved by an older version of Chorus (file format ${version}). Open it once in this version to update it, then merge it.`,
    );
  }
  return {
    db,
    name,
    kind: 'chorus',
    identity,
    close: () => {
      db.close();
      cleanup();
    },
  };
}

export async function openMergeSource(project: Project, source: MergeSource, passphrase?: string): Promise<OpenSource> {
  const limit = Math.max(project.env.maxImportBytes, MAX_SOURCE_BYTES);
  if (typeof source === 'string') {
    const file = path.resolve(source);
    if (file === path.resolve(project.path)) {
      throw new ChorusError(ErrorCode.INVALID_INPUT, 'That is the open project itself; choose the co-coder\'s copy.');
    }
    const head = Buffer.alloc(16);
    let fd: number;
    let size: number;
    try {
      fd = fs.openSync(file, 'r');
      size = fs.fstatSync(fd).size;
    } catch {
      throw new ChorusError(ErrorCode.NOT_FOUND, `${source} could not be read: it does not exist or is not readable.`);
    }
    try {
      fs.readSync(fd, head, 0, 16, 0);
    } finally {
      fs.closeSync(fd);
    }
    const name = path.basename(file);
    if (kindOf(head, size, name) === 'chorus') return openChorus(file, name, project, fileIdentity(file), passphrase, () => {});
  }
  const { bytes, fileName } = await readSource(typeof source === 'string' ? { kind: 'path', path: source } : source, limit);
  const kind = kindOf(Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(16, bytes.length)), bytes.length, fileName);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-merge-'));
  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    if (kind === 'chorus') {
      const file = path.join(dir, 'source.chorus');
      fs.writeFileSync(file, bytes);
      return openChorus(file, fileName, project, `bytes:${createHash('sha256').update(bytes).digest('hex')}`, passphrase, removeDir);
    }
    const imported = await importRefiProject(path.join(dir, 'source.chorus'), bytes, fileName, project.env);
    return {
      db: imported.project.db,
      name: fileName,
      kind: 'qdpx',
      identity: null,
      close: () => {
        imported.project.close();
        removeDir();
      },
    };
  } catch (e) {
    removeDir();
    throw e;
  }
}
