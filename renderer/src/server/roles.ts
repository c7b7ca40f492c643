import type { Role } from '../../../shared/team-server-api';

/** What each role may do, in the words the screens use. */
export const ROLE_LABELS: Record<Role, { name: string; can: string }> = {
  owner: { name: 'Owner', can: 'codes, and invites others' },
  coder: { name: 'Coder', can: 'reads and codes' },
  viewer: { name: 'Viewer', can: 'reads only' },
};

/** An invitation's expiry as a reader says it: the local date and time. */
export function formatExpiry(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
