/**
 * The page's standing with a team server, kept in the query cache under `team.whoami` so that
 * every screen reads the same answer, and the few actions that change it. Components call these
 * and show what comes back; the rules (who may open or invite what) are the server's.
 */
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { createContext, useContext, useMemo } from 'react';
import type { TeamOpInput, TeamProject, Whoami } from '../../../shared/team-server-api';
import { callTeam, probeTeam, type TeamState } from '../api/team';

// Not named after the team contract's operations: a query key starting `team.` belongs to the
// project contract's `team` domain, which every write makes stale (shared/api-kit.ts), and the
// sign-in state must not be asked again after each coding.
export const TEAM_STATE_KEY = ['server:whoami'] as const;

const isTeamState = (key: readonly unknown[]) => key[0] === TEAM_STATE_KEY[0];

/** The one probe at start; its answer then changes only through the actions below. */
export function useTeamState() {
  return useQuery({
    queryKey: TEAM_STATE_KEY,
    queryFn: probeTeam,
    staleTime: Infinity,
    gcTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

/**
 * Drops every cached answer of the project contract: they belong to a project (or an account)
 * this page no longer works on, and must never flash on the next one's screen.
 */
export function forgetProjectData(client: QueryClient): void {
  client.removeQueries({ predicate: (q) => !isTeamState(q.queryKey) });
}

function setState(client: QueryClient, state: TeamState): void {
  client.setQueryData<TeamState>(TEAM_STATE_KEY, state);
}

export function useTeamActions() {
  const client = useQueryClient();
  return useMemo(
    () => ({
      async signIn(input: TeamOpInput<'team.signIn'>): Promise<void> {
        const whoami = await callTeam('team.signIn', input);
        forgetProjectData(client);
        setState(client, { kind: 'signedIn', whoami });
      },
      /** A new account from an invitation's code; the server opens the invitation's project at once. */
      async join(input: TeamOpInput<'team.join'>): Promise<void> {
        const whoami = await callTeam('team.join', input);
        forgetProjectData(client);
        setState(client, { kind: 'signedIn', whoami });
      },
      async open(project: string): Promise<void> {
        const before = client.getQueryData<TeamState>(TEAM_STATE_KEY);
        const whoami = await callTeam('team.open', { project });
        if (before?.kind !== 'signedIn' || before.whoami.current?.guid !== project) forgetProjectData(client);
        // Every `/api` answer now comes from the chosen project: nothing cached can be trusted.
        // Before the workspace shows, so that it mounts on stale marks rather than fetching twice.
        await client.invalidateQueries();
        setState(client, { kind: 'signedIn', whoami });
      },
      async signOut(): Promise<void> {
        await callTeam('team.signOut', {});
        setState(client, { kind: 'signedOut' });
        forgetProjectData(client);
      },
      /** The session ended on the server's side (it expired, or the server restarted). */
      lostSession(): void {
        setState(client, { kind: 'signedOut' });
        forgetProjectData(client);
      },
    }),
    [client],
  );
}

/** What the open workspace knows of the team: who is signed in, on which project. */
export interface TeamSession {
  whoami: Whoami;
  project: TeamProject;
  /** Back to the list of the account's projects. */
  chooseProject(): void;
  signOut(): Promise<void>;
}

export const TeamSessionContext = createContext<TeamSession | null>(null);

/** The team session around the workspace, or null in the desktop app and plain browser mode. */
export function useTeamSession(): TeamSession | null {
  return useContext(TeamSessionContext);
}
