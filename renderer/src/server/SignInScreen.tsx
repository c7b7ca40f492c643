/**
 * The first screen of a team server: sign in with a login and password, or join a project with
 * the one-time code its owner passed on (which makes the account and signs it in).
 */
import { useId, useState, type FormEvent } from 'react';
import { FormError, ServerFrame } from './ServerFrame';
import { useTeamActions } from './team-session';
import { useSubmit } from './use-submit';

export function SignInScreen() {
  const [joining, setJoining] = useState(false);
  return joining ? (
    <ServerFrame title="Join a project" testId="join-screen">
      <p className="server-lead">Your colleague gave you an invitation code. Choose how you will sign in from now on.</p>
      <JoinForm />
      <p className="server-switch">
        Have an account already?{' '}
        <button type="button" className="link-button" onClick={() => setJoining(false)} data-testid="show-sign-in">
          Sign in
        </button>
      </p>
    </ServerFrame>
  ) : (
    <ServerFrame title="Sign in to Chorus" testId="sign-in-screen">
      <p className="server-lead">Sign in to work on your team’s projects.</p>
      <SignInForm />
      <p className="server-switch">
        Invited to a project?{' '}
        <button type="button" className="link-button" onClick={() => setJoining(true)} data-testid="show-join">
          Join with an invitation code
        </button>
      </p>
    </ServerFrame>
  );
}

function SignInForm() {
  const id = useId();
  const { signIn } = useTeamActions();
  const { busy, error, run } = useSubmit();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(() => signIn({ login, password }));
  };

  return (
    <form className="server-form" onSubmit={submit} aria-busy={busy} data-testid="sign-in-form">
      <div className="field">
        <label htmlFor={`${id}-login`}>Login</label>
        <input id={`${id}-login`} type="text" value={login} onChange={(e) => setLogin(e.target.value)} autoComplete="username" spellCheck={false} autoFocus required data-testid="sign-in-login" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>Password</label>
        <input
          id={`${id}-password`}
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="current-password"
          required
          aria-invalid={error ? true : undefined}
          data-testid="sign-in-password"
        />
      </div>
      <FormError error={error} />
      <div className="server-actions">
        <button type="submit" className="button button--primary" disabled={busy || !login.trim() || !password} data-testid="sign-in-submit">
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </div>
    </form>
  );
}

function JoinForm() {
  const id = useId();
  const { join } = useTeamActions();
  const { busy, error, run } = useSubmit();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const complete = code.trim() && name.trim() && login.trim() && password;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(() => join({ code: code.trim(), name, login, password }));
  };

  return (
    <form className="server-form" onSubmit={submit} aria-busy={busy} data-testid="join-form">
      <div className="field">
        <label htmlFor={`${id}-code`}>Invitation code</label>
        <input id={`${id}-code`} type="text" className="server-code-input" value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" spellCheck={false} autoFocus required data-testid="join-code" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-name`}>Your name</label>
        <input id={`${id}-name`} type="text" value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" placeholder="As your colleagues will see it" required data-testid="join-name" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-login`}>Login</label>
        <input id={`${id}-login`} type="text" value={login} onChange={(e) => setLogin(e.target.value)} autoComplete="username" spellCheck={false} placeholder="A user name or an e-mail address" required data-testid="join-login" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>Password</label>
        <input id={`${id}-password`} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" aria-describedby={`${id}-password-hint`} required data-testid="join-password" />
        <p className="field-hint" id={`${id}-password-hint`}>
          At least 10 characters.
        </p>
      </div>
      <FormError error={error} />
      <div className="server-actions">
        <button type="submit" className="button button--primary" disabled={busy || !complete} data-testid="join-submit">
          {busy ? 'Joining…' : 'Join the project'}
        </button>
      </div>
    </form>
  );
}
