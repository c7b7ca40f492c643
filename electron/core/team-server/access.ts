import type { OpName } from '../../../shared/api.js';
import { api } from '../../../shared/api.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { Role } from '../../../shared/team-server-api.js';

/**
 * What a member of a hosted project may call. Viewers read: any operation that changes the
 * project (a command, undo and redo, a phase change) is refused. Nobody opens, creates or lists
 * project files through the page: the server's projects are chosen from the member's list, and
 * its folders are not the page's business.
 */
const NOT_ON_THE_SERVER: ReadonlySet<OpName> = new Set([
  'project.create',
  'project.open',
  'project.createDemo',
  'project.importRefi',
  'project.files',
  // A hosted project is opened by the server unattended, so it is not encrypted at rest by Chorus.
  'project.setPassphrase',
]);

/** Whether an operation changes the project it runs on. */
export function changesProject(name: OpName): boolean {
  const def = api[name];
  return def.writes || def.invalidates.length > 0;
}

/** Throws FORBIDDEN unless a member with `role` may call `name` on the project. */
export function checkAccess(role: Role, name: OpName): void {
  if (NOT_ON_THE_SERVER.has(name)) {
    throw new ChorusError(ErrorCode.FORBIDDEN, 'On the team server, projects are chosen from your list; files on the server cannot be opened from the page.');
  }
  if (role === 'viewer' && changesProject(name)) {
    throw new ChorusError(ErrorCode.FORBIDDEN, 'You can read this project but not change it: ask its owner to make you a coder.');
  }
}
