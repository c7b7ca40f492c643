import type { CoderInfo } from '../../../shared/types.js';
import type { Project } from '../project.js';
import { codersWithCounts } from '../store/users.js';

/**
 * The coders of a project. This installation's coder is always listed (first), even before their
 * first coding, so the workspace can offer "my codings" in a fresh copy.
 */
export function listCoders(project: Project): CoderInfo[] {
  const me = project.env.user;
  const rows = codersWithCounts(project.db);
  const coders: CoderInfo[] = rows.map((r) => ({ ...r, me: r.guid === me.guid }));
  if (!coders.some((c) => c.me)) coders.push({ guid: me.guid, name: me.name, codings: 0, me: true });
  return coders.sort((a, b) => Number(b.me) - Number(a.me));
}
