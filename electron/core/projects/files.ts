import path from 'node:path';
import type { CoreEnv } from '../env.js';
import { Project } from '../project.js';
import { createProjectFile, openProjectFile } from '../store/project-file.js';
import { stmt } from '../store/statements.js';

function titleFromPath(file: string): string {
  return path.basename(file).replace(/\.chorus$/i, '');
}

/**
 * Creates a project file with its project row (not an undoable step: there is nothing before it);
 * with a passphrase, an encrypted one.
 */
export function createProject(file: string, env: CoreEnv, title?: string, passphrase?: string): Project {
  const db = createProjectFile(file, { nativeBinding: env.nativeBinding, passphrase });
  const project = new Project(db, path.resolve(file), env);
  db.transaction(() => {
    const s = project.stamp();
    stmt(db, `INSERT INTO project (id, guid, title, created_at) VALUES (1, ?, ?, ?)`).run(
      env.newGuid(),
      title?.trim() || titleFromPath(file),
      s.at,
    );
  })();
  return project;
}

/** Opens a project file; an encrypted one needs its passphrase (ignored for a plain file). */
export function openProject(file: string, env: CoreEnv, passphrase?: string): Project {
  const { db } = openProjectFile(file, { nativeBinding: env.nativeBinding, passphrase });
  return new Project(db, path.resolve(file), env);
}
