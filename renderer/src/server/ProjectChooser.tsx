/** The account's projects on the team server, each with the role held in it; choosing one opens it. */
import type { Whoami } from '../../../shared/team-server-api';
import { RoleBadge } from './RoleBadge';
import { FormError, ServerFrame } from './ServerFrame';
import { useTeamActions } from './team-session';
import { useSubmit } from './use-submit';

export function ProjectChooser({ whoami, onOpened, onBack }: { whoami: Whoami; onOpened: () => void; onBack: (() => void) | null }) {
  const actions = useTeamActions();
  const { busy, error, run } = useSubmit();
  const signOut = useSubmit();

  const open = async (guid: string) => {
    if (await run(() => actions.open(guid))) onOpened();
  };

  return (
    <ServerFrame title="Choose a project" testId="project-chooser">
      <p className="server-lead">
        Signed in as <strong data-testid="signed-in-name">{whoami.account.name}</strong> <span className="muted">({whoami.account.login})</span>
      </p>
      {whoami.projects.length === 0 ? (
        <p className="server-empty" data-testid="no-team-projects">
          You are not a member of any project yet. Ask a project’s owner for an invitation code.
        </p>
      ) : (
        <ul className="server-projects" aria-label="Your projects">
          {whoami.projects.map((p) => (
            <li key={p.guid}>
              <button
                type="button"
                className={p.guid === whoami.current?.guid ? 'server-project server-project--current' : 'server-project'}
                disabled={busy}
                aria-current={p.guid === whoami.current?.guid ? 'true' : undefined}
                onClick={() => void open(p.guid)}
                data-testid="team-project"
                data-project-name={p.name}
              >
                <span className="server-project-name">{p.name}</span>
                <RoleBadge role={p.role} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <FormError error={error ?? signOut.error} />
      <div className="server-actions server-actions--split">
        {onBack && whoami.current ? (
          <button type="button" className="button" onClick={onBack} data-testid="back-to-project">
            Back to “{whoami.current.name}”
          </button>
        ) : (
          <span />
        )}
        <button type="button" className="button button--quiet" disabled={signOut.busy} onClick={() => void signOut.run(actions.signOut)} data-testid="sign-out">
          Sign out
        </button>
      </div>
    </ServerFrame>
  );
}
