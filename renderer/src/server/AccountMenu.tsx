/**
 * Who is signed in and on which project, in the top bar on a team server (where browser mode's
 * Project menu would be: projects here are chosen, not opened by file name).
 */
import { useState } from 'react';
import { showError } from '../components/toasts';
import { useDismiss } from '../components/dismiss';
import { MembersDialog } from './MembersDialog';
import { RoleBadge } from './RoleBadge';
import type { TeamSession } from './team-session';

export function AccountMenu({ session }: { session: TeamSession }) {
  const [open, setOpen] = useState(false);
  const [members, setMembers] = useState(false);
  const ref = useDismiss(open, setOpen);
  const { account } = session.whoami;
  const { project } = session;

  return (
    <div className="menu" ref={ref}>
      <button
        type="button"
        className="tool-button"
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={() => setOpen((o) => !o)}
        title={`${account.name} (${account.login}) on “${project.name}”`}
        data-testid="account-menu"
      >
        <span className="account-avatar" aria-hidden="true">
          {initials(account.name)}
        </span>
        {/* The given name only: the bar is full, and the project's title needs the room more. */}
        <span data-testid="account-name">{account.name.trim().split(/\s+/)[0]}</span>
        <svg viewBox="0 0 20 20" aria-hidden="true" className="chevron">
          <path d="m6 8 4 4 4-4" />
        </svg>
      </button>
      {open ? (
        <div className="menu-popover account-popover" role="dialog" aria-label="Account and project" data-testid="account-popover">
          <dl className="account-facts">
            <dt>Signed in as</dt>
            <dd data-testid="account-full-name">
              {account.name} <span className="muted">({account.login})</span>
            </dd>
            <dt>Project</dt>
            <dd data-testid="account-project">
              {project.name} <RoleBadge role={project.role} />
            </dd>
          </dl>
          <div className="account-actions">
            <button
              type="button"
              className="button"
              onClick={() => {
                setOpen(false);
                setMembers(true);
              }}
              data-testid="open-members"
            >
              {project.role === 'owner' ? 'Members and invitations…' : 'Members…'}
            </button>
            <button type="button" className="button" onClick={session.chooseProject} data-testid="switch-project">
              Switch project
            </button>
            <button type="button" className="button button--quiet" onClick={() => session.signOut().catch(showError)} data-testid="sign-out">
              Sign out
            </button>
          </div>
        </div>
      ) : null}
      {members ? <MembersDialog project={project} onClose={() => setMembers(false)} /> : null}
    </div>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]!, parts[parts.length - 1]!] : parts;
  return letters.map((p) => [...p][0]!.toUpperCase()).join('') || '?';
}
