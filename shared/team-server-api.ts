/**
 * The team server's own small contract, beside the project contract (`api.ts`): signing in and
 * out, the projects an account belongs to, choosing one to work on, and inviting co-coders. The
 * team server answers it at `POST /team/<operation>`; the desktop app has no accounts and no such
 * door. Once a project is chosen, the page works on it through the ordinary `/api/<operation>`
 * calls, as in browser mode.
 */
import { z } from 'zod';

/** What a member may do in a project. */
export const ROLES = ['owner', 'coder', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
const role = z.enum(ROLES);

/** A login: an e-mail address or a short user name, compared without regard to case. */
const login = z
  .string()
  .trim()
  .min(2, 'A login has at least 2 characters.')
  .max(120, 'A login has at most 120 characters.')
  .regex(/^[^\s]+$/, 'A login has no spaces.');
const password = z.string().min(10, 'A password has at least 10 characters.').max(200, 'A password has at most 200 characters.');
const name = z.string().trim().min(1, 'Give a name.').max(120);
const guid = z.string().min(1).max(64);

export interface AccountInfo {
  guid: string;
  login: string;
  name: string;
}

export interface TeamProject {
  guid: string;
  name: string;
  role: Role;
}

export interface Member {
  account: AccountInfo;
  role: Role;
}

export interface Whoami {
  account: AccountInfo;
  projects: TeamProject[];
  /** The project this browser works on, if one was chosen. */
  current: TeamProject | null;
}

export interface TeamOpDef<I extends z.ZodType, O> {
  input: I;
  /** Whether the call needs a signed-in session (signing in and accepting an invitation do not). */
  signedIn: boolean;
  output?: O;
}

const op =
  <O>(signedIn: boolean) =>
  <I extends z.ZodType>(input: I): TeamOpDef<I, O> => ({ input, signedIn });

export const teamApi = {
  'team.signIn': op<Whoami>(false)(z.object({ login, password: z.string().min(1).max(200) })),
  'team.signOut': op<null>(true)(z.object({})),
  'team.whoami': op<Whoami>(true)(z.object({})),
  /** Chooses the project this browser works on; every `/api` call then acts on it. */
  'team.open': op<Whoami>(true)(z.object({ project: guid })),
  'team.members': op<Member[]>(true)(z.object({ project: guid })),
  /** Owners only: an invitation to join a project with a role, as a one-time code to pass on. */
  'team.invite': op<{ code: string; role: Role; expiresAt: string }>(true)(z.object({ project: guid, role })),
  /** Owners only: changes a member's role, or (role null) takes them off the project. */
  'team.setRole': op<Member[]>(true)(z.object({ project: guid, account: guid, role: role.nullable() })),
  /** Joins with an invitation's code: a new account (name, login, password) signed in at once. */
  'team.join': op<Whoami>(false)(z.object({ code: z.string().min(10).max(200), name, login, password })),
} as const;

export type TeamOpName = keyof typeof teamApi;
export type TeamOpInput<N extends TeamOpName> = z.input<(typeof teamApi)[N]['input']>;
export type TeamOpOutput<N extends TeamOpName> = NonNullable<(typeof teamApi)[N]['output']>;

export function isTeamOpName(name: string): name is TeamOpName {
  return Object.prototype.hasOwnProperty.call(teamApi, name);
}
