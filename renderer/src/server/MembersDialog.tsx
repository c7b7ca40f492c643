/**
 * A project's members with their roles; an owner also changes roles and takes members off the
 * project here, and invites a co-coder: a role, then a one-time code to pass on (by any channel
 * the team trusts), valid until it expires.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ROLES, type Member, type Role, type TeamProject } from '../../../shared/team-server-api';
import { callTeam, type TeamAnswer } from '../api/team';
import { Modal } from '../components/Modal';
import { RoleBadge } from './RoleBadge';
import { formatExpiry, ROLE_LABELS } from './roles';
import { FormError } from './ServerFrame';
import { useSubmit } from './use-submit';

export function MembersDialog({ project, onClose }: { project: TeamProject; onClose: () => void }) {
  const members = useQuery({
    queryKey: ['server:members', { project: project.guid }],
    queryFn: () => callTeam('team.members', { project: project.guid }),
    // Someone may have joined since the dialog was last open.
    staleTime: 0,
  });
  const isOwner = project.role === 'owner';

  return (
    <Modal
      title={isOwner ? `Members and invitations — ${project.name}` : `Members — ${project.name}`}
      onClose={onClose}
      testId="members-dialog"
      footer={
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      }
    >
      <h3 className="members-heading">Members</h3>
      {members.isPending ? (
        <p className="muted">Loading…</p>
      ) : members.data ? (
        <ul className="members-list" data-testid="members-list">
          {members.data.map((m) => (
            <li key={m.account.guid} className="member" data-testid="member" data-login={m.account.login}>
              <span className="member-name">{m.account.name}</span>
              <span className="muted member-login">{m.account.login}</span>
              {isOwner ? <MemberRole project={project} member={m} /> : <RoleBadge role={m.role} />}
            </li>
          ))}
        </ul>
      ) : null}
      {isOwner ? <InviteForm project={project} onInvited={() => void members.refetch()} /> : null}
    </Modal>
  );
}

/** An owner's control of one member: their role, or off the project. The server keeps one owner. */
function MemberRole({ project, member }: { project: TeamProject; member: Member }) {
  const client = useQueryClient();
  const { busy, error, run } = useSubmit();
  const change = (role: Role | null) =>
    void run(async () => {
      const members = await callTeam('team.setRole', { project: project.guid, account: member.account.guid, role });
      client.setQueryData(['server:members', { project: project.guid }], members);
    });
  return (
    <span className="member-role">
      <select
        aria-label={`Role of ${member.account.name}`}
        value={member.role}
        disabled={busy}
        onChange={(e) => change(e.target.value as Role)}
        data-testid="member-role"
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABELS[r].name}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="button button--small"
        disabled={busy}
        onClick={() => window.confirm(`Take ${member.account.name} off “${project.name}”? Their codings stay in the project.`) && change(null)}
        data-testid="member-remove"
      >
        Remove
      </button>
      <FormError error={error} />
    </span>
  );
}

type Invitation = TeamAnswer<'team.invite'>;

function InviteForm({ project, onInvited }: { project: TeamProject; onInvited: () => void }) {
  const id = useId();
  const [role, setRole] = useState<Role>('coder');
  const [invitation, setInvitation] = useState<Invitation | null>(null);
  const { busy, error, run } = useSubmit();

  const invite = () =>
    void run(async () => {
      setInvitation(await callTeam('team.invite', { project: project.guid, role }));
      onInvited();
    });

  return (
    <section className="invite" aria-labelledby={`${id}-title`}>
      <h3 className="members-heading" id={`${id}-title`}>
        Invite a co-coder
      </h3>
      <div className="invite-row">
        <div className="field">
          <label htmlFor={`${id}-role`}>Role</label>
          <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role)} data-testid="invite-role">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r].name} — {ROLE_LABELS[r].can}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="button button--primary" disabled={busy} onClick={invite} data-testid="invite-create">
          {busy ? 'Creating…' : 'Create invitation code'}
        </button>
      </div>
      <FormError error={error} />
      {invitation ? <InvitationCode invitation={invitation} /> : null}
    </section>
  );
}

function InvitationCode({ invitation }: { invitation: Invitation }) {
  const id = useId();
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(invitation.code);
      setCopied('yes');
    } catch {
      // The clipboard needs a secure context (https or localhost); the code is selectable anyway.
      setCopied('no');
    }
  };

  return (
    <div className="invitation" data-testid="invitation">
      <label htmlFor={`${id}-code`}>
        Code for a new {ROLE_LABELS[invitation.role].name.toLowerCase()}
      </label>
      <div className="invitation-row">
        <input id={`${id}-code`} type="text" readOnly value={invitation.code} className="server-code-input" onFocus={(e) => e.target.select()} data-testid="invitation-code" />
        <button type="button" className="button" onClick={() => void copy()} data-testid="invitation-copy">
          {copied === 'yes' ? 'Copied' : 'Copy'}
        </button>
      </div>
      <p className="field-hint" data-testid="invitation-expiry" aria-live="polite">
        {copied === 'no' ? 'The browser did not allow copying: select the code and copy it yourself. ' : null}
        Works once, until {formatExpiry(invitation.expiresAt)}. Pass it on to your colleague; they choose their own login and password.
      </p>
    </div>
  );
}
