/**
 * The client for the team server's own contract (`shared/team-server-api.ts`, `POST /team/<op>`):
 * signing in and out, choosing a project, inviting co-coders. Only a page served over HTTP can
 * meet a team server; the desktop app has no accounts, so nothing here runs over IPC.
 */
import { ChorusError, ErrorCode, isErrorInfo } from '../../../shared/errors';
import { teamApi, type TeamOpInput, type TeamOpName, type Whoami } from '../../../shared/team-server-api';
import { postJson, transport, unwrap } from './transport';

/**
 * What an operation answers. Read from the table's `output` rather than `TeamOpOutput`, which
 * makes `team.signOut`'s `null` into `never` (and the code after awaiting it unreachable).
 */
export type TeamAnswer<N extends TeamOpName> = Exclude<(typeof teamApi)[N]['output'], undefined>;

/**
 * Calls one operation of the team contract; rejects with a `ChorusError` in the researcher's
 * words. The input is checked against the contract's schema first, as the server will check it:
 * a too-short password is said at once, in the same words, without a refused request.
 */
export async function callTeam<N extends TeamOpName>(name: N, input: TeamOpInput<N>): Promise<TeamAnswer<N>> {
  const parsed = teamApi[name].input.safeParse(input, { error: plainMessage });
  if (!parsed.success) {
    throw new ChorusError(ErrorCode.INVALID_INPUT, parsed.error.issues.map((i) => i.message).join(' '));
  }
  return unwrap<TeamAnswer<N>>(await postJson(`/team/${name}`, input));
}

const FIELDS: Record<string, string> = { code: 'invitation code', login: 'login', password: 'password', name: 'name', project: 'project', role: 'role' };

/** Words for the rules the contract states without its own message (a code's length, an empty field). */
function plainMessage(issue: { code?: string; path?: readonly PropertyKey[] }): string {
  const field = FIELDS[String(issue.path?.[0])] ?? 'value';
  if (issue.code === 'too_small') return field === 'invitation code' ? 'The invitation code is too short: check that all of it was copied.' : `Give a ${field}.`;
  if (issue.code === 'too_big') return `The ${field} is too long.`;
  return `The ${field} is not valid.`;
}

/**
 * Which server this page talks to: the desktop core or the plain browser-mode server (`none`:
 * no accounts), or a team server with or without a signed-in session.
 */
export type TeamState = { kind: 'none' } | { kind: 'signedOut' } | { kind: 'signedIn'; whoami: Whoami };

/**
 * Asks the server once who is signed in. A team server answers 200 or 401 UNAUTHENTICATED; the
 * plain browser-mode server, which has no accounts, answers null; the desktop app is never asked. Never rejects: anything unexpected means "no team server", and the
 * app then reports an unreachable server the way it always has.
 */
export async function probeTeam(): Promise<TeamState> {
  if (transport() === 'ipc') return { kind: 'none' };
  let response: Response;
  try {
    response = await fetch('/team/team.whoami', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  } catch {
    return { kind: 'none' };
  }
  // Read to the end whatever the status: an answer left unread is reported as an aborted request.
  const text = await response.text().catch(() => '');
  if (response.status !== 200 && response.status !== 401) return { kind: 'none' };
  const body = parse(text) as { ok?: boolean; value?: Whoami; error?: unknown } | null;
  if (response.status === 200 && body?.ok === true && body.value) return { kind: 'signedIn', whoami: body.value };
  if (response.status === 401 && isErrorInfo(body?.error) && body.error.code === ErrorCode.UNAUTHENTICATED) return { kind: 'signedOut' };
  return { kind: 'none' };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Whether an error means the session is gone (signed out elsewhere, expired, server restarted). */
export function isSignedOutError(error: unknown): boolean {
  return error instanceof ChorusError && error.code === ErrorCode.UNAUTHENTICATED;
}
