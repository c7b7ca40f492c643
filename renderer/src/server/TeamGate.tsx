/**
 * Stands in front of the workspace when the page is served by a team server: signing in (or
 * joining with an invitation), then choosing a project. The desktop app and the plain
 * browser-mode server pass straight through, exactly as before.
 */
import { useQueryClient } from '@tanstack/react-query';
import { Fragment, useEffect, useMemo, useState, type ReactNode } from 'react';
import { transport } from '../api';
import { isSignedOutError } from '../api/team';
import type { Whoami } from '../../../shared/team-server-api';
import { ProjectChooser } from './ProjectChooser';
import { SignInScreen } from './SignInScreen';
import { TeamSessionContext, useTeamActions, useTeamState, type TeamSession } from './team-session';
import './server.css';

export function TeamGate({ children }: { children: ReactNode }) {
  // Decided once per page: the desktop app never asks for a team server.
  if (transport() === 'ipc') return <>{children}</>;
  return <HttpGate>{children}</HttpGate>;
}

function HttpGate({ children }: { children: ReactNode }) {
  const state = useTeamState();
  useSessionLoss(state.data?.kind === 'signedIn');
  // A blank frame for the one request it takes to know which server this is.
  if (!state.data) return null;
  if (state.data.kind === 'none') return <>{children}</>;
  if (state.data.kind === 'signedOut') return <SignInScreen />;
  return <SignedIn whoami={state.data.whoami}>{children}</SignedIn>;
}

function SignedIn({ whoami, children }: { whoami: Whoami; children: ReactNode }) {
  const actions = useTeamActions();
  const [choosing, setChoosing] = useState(false);
  const project = whoami.current;
  const session = useMemo<TeamSession | null>(
    () => (project ? { whoami, project, chooseProject: () => setChoosing(true), signOut: actions.signOut } : null),
    [whoami, project, actions],
  );

  if (!session || choosing) return <ProjectChooser whoami={whoami} onOpened={() => setChoosing(false)} onBack={project ? () => setChoosing(false) : null} />;
  return (
    <TeamSessionContext.Provider value={session}>
      {/* A new project is a new workspace: no open document or selection carries over. */}
      <Fragment key={session.project.guid}>{children}</Fragment>
    </TeamSessionContext.Provider>
  );
}

/**
 * When any call comes back UNAUTHENTICATED while signed in (the session expired, or was ended on
 * the server), the page returns to the sign-in form instead of failing call after call.
 */
function useSessionLoss(signedIn: boolean): void {
  const client = useQueryClient();
  const { lostSession } = useTeamActions();
  useEffect(() => {
    if (!signedIn) return;
    const check = (event: { type: string; action?: { type: string; error?: unknown } }) => {
      if (event.type === 'updated' && event.action?.type === 'error' && isSignedOutError(event.action.error)) lostSession();
    };
    const offQueries = client.getQueryCache().subscribe(check);
    const offMutations = client.getMutationCache().subscribe(check);
    return () => {
      offQueries();
      offMutations();
    };
  }, [client, signedIn, lostSession]);
}
