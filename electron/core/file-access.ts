import fs from 'node:fs';
import path from 'node:path';
import { ChorusError, ErrorCode } from '../../shared/errors.js';
import type { PathKind, PathPolicy } from '../../shared/input-paths.js';

/**
 * Which files a front door's caller may name. The desktop app and the CLI name files the user
 * chose in a native dialog or typed in a shell: any path. A page in a browser could be anyone's,
 * so browser mode confines it to one folder of projects, and takes imports as uploads and exports
 * as downloads.
 */
export interface FileAccess {
  /** The folder projects are opened from and created in, when the caller is confined to one. */
  folder: string | null;
  check: PathPolicy;
}

export const UNCONFINED: FileAccess = { folder: null, check: (p) => p };

const REFUSED: Record<Exclude<PathKind, 'project' | 'recording'>, string> = {
  source: 'In the browser, choose the file to upload; Chorus does not read other files on this computer.',
  destination: 'In the browser, exports are downloaded; Chorus does not write other files on this computer.',
};

/** Resolves `name` inside `folder`, following links, or null when it would land outside it. */
function inside(folder: string, name: string): string | null {
  if (name.includes('\0')) return null;
  const target = path.resolve(folder, name);
  // The nearest existing ancestor, with links resolved, must still be the folder or within it.
  let existing = target;
  while (!fs.existsSync(existing)) existing = path.dirname(existing);
  const real = fs.realpathSync(existing);
  const within = (p: string) => p === folder || p.startsWith(folder + path.sep);
  return within(target) && within(real) ? target : null;
}

/**
 * Projects, and recordings to link, only inside `folder` (names are resolved there); no other path
 * at all. A recording cannot be uploaded (it stays where it is, and may be gigabytes), so browser
 * mode links the ones in its folder, the same folder its projects live in.
 */
export function confinedTo(folder: string): FileAccess {
  const root = fs.realpathSync(folder);
  return {
    folder: root,
    check: (p, kind) => {
      if (kind === 'recording') {
        const resolved = inside(root, p);
        if (!resolved) {
          throw new ChorusError(ErrorCode.FORBIDDEN, `In the browser, recordings are linked from ${root}; put the file there (or in a folder inside it).`);
        }
        return resolved;
      }
      if (kind !== 'project') throw new ChorusError(ErrorCode.FORBIDDEN, REFUSED[kind]);
      const resolved = inside(root, p);
      if (!resolved) throw new ChorusError(ErrorCode.FORBIDDEN, `Projects are kept in ${root}; choose a name there.`);
      return resolved;
    },
  };
}

/** The project files in a folder, by name, for the project picker. */
export function projectFilesIn(folder: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return [];
  }
  return names.filter((n) => n.toLowerCase().endsWith('.chorus')).sort((a, b) => a.localeCompare(b));
}
