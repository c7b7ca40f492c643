/**
 * File names in the renderer, which sees paths only as text (the desktop's dialogs give them; a
 * browser gives none): either separator, since the desktop app also runs on Windows.
 */

export function baseName(file: string): string {
  return file.split(/[\\/]/).pop() || file;
}

/**
 * Where a project imported from `fileName` is suggested to go: beside the open project, named
 * after the file (`/a/b/Old study.chorus` + `Pilot.qdpx` → `/a/b/Pilot.chorus`). Empty when no
 * project is open, so the researcher types a path as for any new project.
 */
export function suggestedProjectPath(openProject: string | null | undefined, fileName: string): string {
  if (!openProject) return '';
  const base = baseName(fileName).replace(/\.(qdpx|qde)$/i, '').trim() || 'Imported project';
  const cut = Math.max(openProject.lastIndexOf('/'), openProject.lastIndexOf('\\'));
  return `${openProject.slice(0, cut + 1)}${base}.chorus`;
}
