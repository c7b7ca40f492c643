import type { Role } from '../../../shared/team-server-api';
import { ROLE_LABELS } from './roles';

export function RoleBadge({ role }: { role: Role }) {
  return (
    <span className={`team-role team-role--${role}`} data-testid="team-role" data-role={role}>
      {ROLE_LABELS[role].name}
    </span>
  );
}
