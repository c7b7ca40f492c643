import path from 'node:path';
import type { CoreEnv } from '../env.js';
import { Project } from '../project.js';
import { createProjectFile, openProjectFile } from '../store/project-file.js';
import { stmt } from '../store/statements.js';

function titleFromPath(file: string): string {
  return path.basename(file).replace(/\.chorus$/i, '');
}

/** Creates a project file with its project row (not an undoable step: there is nothing before it). */
export function createProject(file: string, env: CoreEnv, title?: string): Project {
  const db = createProjectFile(file, { nativeBinding: env.nativeBinding });
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

export function openProject(file: string, env: CoreEnv): Project {
  const { db } = openProjectFile(file, { nativeBinding: env.nativeBinding });
  return new Project(db, path.resolve(file), env);
}
