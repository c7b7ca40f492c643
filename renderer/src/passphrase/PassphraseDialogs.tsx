/**
 * The passphrase dialogs: one asks for the passphrase of an encrypted project to open it, the
 * other protects the open project, changes its passphrase or removes it. The core decides
 * everything (whether a file is encrypted, whether a passphrase is right); these only ask and show
 * its answers. Passphrases live in these dialogs' state while they are open, and nowhere else.
 */
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { ErrorCode } from '../../../shared/errors';
import type { PassphraseMode } from '../../../shared/types';
import { subscribe, useCommand, useOp } from '../api';
import { Modal } from '../components/Modal';
import { showToast } from '../components/toasts';
import { baseName } from '../exchange/paths';
import { closePassphraseDialog, newPassphraseProblem, requestPassphraseSettings, requestUnlock, usePassphraseRequest } from './passphrase-request';
import './passphrase.css';

/** Errors these dialogs show under their fields rather than as a toast. */
const IN_PLACE: readonly ErrorCode[] = [ErrorCode.PASSPHRASE_REQUIRED, ErrorCode.WRONG_PASSPHRASE, ErrorCode.INVALID_INPUT, ErrorCode.CONFLICT];

const LOST_WARNING =
  'Keep the passphrase safe, for example in a password manager. If it is lost, nobody can open the project again, not even with Chorus: there is no way to recover it.';

/** Renders the dialog asked for from anywhere; mounted once, in the workspace. */
export function PassphraseHost({ onProjectChanged }: { onProjectChanged: () => void }) {
  const request = usePassphraseRequest();
  useEffect(
    () =>
      subscribe((event) => {
        if (event.type !== 'request') return;
        if (event.action === 'unlock-project') requestUnlock(event.path);
        else if (event.action === 'passphrase') requestPassphraseSettings(event.mode);
      }),
    [],
  );
  if (!request) return null;
  return request.kind === 'unlock' ? (
    <UnlockDialog
      key={request.key}
      path={request.path}
      onClose={closePassphraseDialog}
      onOpened={() => {
        closePassphraseDialog();
        onProjectChanged();
      }}
    />
  ) : (
    <PassphraseSettingsDialog key={request.key} mode={request.mode} onClose={closePassphraseDialog} />
  );
}

function PassphraseField({
  label,
  value,
  onChange,
  autoFocus = false,
  autoComplete,
  invalid = false,
  testId,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  autoFocus?: boolean;
  autoComplete: 'current-password' | 'new-password';
  invalid?: boolean;
  testId: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="password"
        className="passphrase-input"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        autoFocus={autoFocus}
        data-autofocus={autoFocus || undefined}
        autoComplete={autoComplete}
        spellCheck={false}
        aria-invalid={invalid || undefined}
        data-testid={testId}
      />
    </div>
  );
}

function ErrorLine({ children, testId }: { children: ReactNode; testId: string }) {
  return (
    <p className="passphrase-error" role="alert" data-testid={testId}>
      {children}
    </p>
  );
}

/** Asks for an encrypted project's passphrase and opens it; a wrong one is said under the field. */
export function UnlockDialog({ path, onClose, onOpened }: { path: string; onClose: () => void; onOpened: () => void }) {
  const formId = useId();
  const [passphrase, setPassphrase] = useState('');
  const open = useCommand('project.open', {
    meta: { errorsInPlace: IN_PLACE },
    // Nothing of the call (its input holds the passphrase) stays in the mutation cache.
    gcTime: 0,
    onSuccess: (info) => {
      showToast('notice', `Opened “${info.title || baseName(info.path)}”`);
      onOpened();
    },
  });
  const error = open.error && IN_PLACE.includes(open.error.code) ? open.error.message : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (passphrase) open.mutate({ path, passphrase });
  };
  return (
    <Modal
      title="Enter the project’s passphrase"
      onClose={onClose}
      closable={!open.isPending}
      testId="unlock-project"
      footer={
        <>
          <button type="button" className="button" onClick={onClose} disabled={open.isPending}>
            Cancel
          </button>
          <button type="submit" form={formId} className="button button--primary" disabled={!passphrase || open.isPending} data-testid="unlock-open">
            {open.isPending ? 'Opening…' : 'Open'}
          </button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} className="passphrase-form">
        <p>
          <strong className="passphrase-file">{baseName(path)}</strong> is protected with a passphrase. Enter it to open the project.
        </p>
        <PassphraseField
          label="Passphrase"
          value={passphrase}
          onChange={(v) => {
            setPassphrase(v);
            if (open.error) open.reset();
          }}
          autoFocus
          autoComplete="current-password"
          invalid={error !== null}
          testId="unlock-passphrase"
        />
        {error ? <ErrorLine testId="unlock-error">{error}</ErrorLine> : null}
      </form>
    </Modal>
  );
}

const TITLES: Record<PassphraseMode, string> = {
  protect: 'Protect the project with a passphrase',
  change: 'Change the passphrase',
  remove: 'Remove the passphrase',
};

/**
 * Protects, changes or removes the open project's passphrase. What the File menu asked for is
 * adjusted to the project: protecting an encrypted one is changing its passphrase.
 */
export function PassphraseSettingsDialog({ mode: asked, onClose }: { mode: PassphraseMode; onClose: () => void }) {
  const formId = useId();
  const info = useOp('project.info', {});
  const encrypted = info.data?.encrypted ?? false;
  const mode: PassphraseMode | 'none' = encrypted ? (asked === 'protect' ? 'change' : asked) : asked === 'remove' ? 'none' : 'protect';
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [understood, setUnderstood] = useState(false);
  const [tried, setTried] = useState(false);
  const save = useCommand('project.setPassphrase', {
    meta: { errorsInPlace: IN_PLACE },
    gcTime: 0,
    onSuccess: (result) => {
      showToast(
        'notice',
        !result.encrypted
          ? 'The passphrase is removed: the project file is no longer encrypted.'
          : mode === 'change'
            ? 'The passphrase is changed.'
            : 'The project is now protected with a passphrase.',
      );
      onClose();
    },
  });
  const problem = mode === 'protect' || mode === 'change' ? newPassphraseProblem(next, again) : null;
  const serverError = save.error && IN_PLACE.includes(save.error.code) ? save.error.message : null;
  const ready =
    mode === 'remove' ? current.length > 0 : mode === 'protect' ? understood : mode === 'change' ? understood && current.length > 0 : false;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!ready || problem) return;
    if (mode === 'protect') save.mutate({ passphrase: next });
    else if (mode === 'change') save.mutate({ current, passphrase: next });
    else if (mode === 'remove') save.mutate({ current, passphrase: null });
  };
  const edited = (set: (v: string) => void) => (v: string) => {
    set(v);
    if (save.error) save.reset();
  };

  return (
    <Modal
      title={mode === 'none' ? TITLES.remove : TITLES[mode]}
      onClose={onClose}
      closable={!save.isPending}
      testId="passphrase-settings"
      footer={
        mode === 'none' ? (
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        ) : (
          <>
            <button type="button" className="button" onClick={onClose} disabled={save.isPending}>
              Cancel
            </button>
            <button
              type="submit"
              form={formId}
              className={mode === 'remove' ? 'button button--danger' : 'button button--primary'}
              disabled={!ready || save.isPending}
              data-testid="passphrase-save"
            >
              {save.isPending ? 'Encrypting…' : mode === 'remove' ? 'Remove the passphrase' : mode === 'change' ? 'Change the passphrase' : 'Protect the project'}
            </button>
          </>
        )
      }
    >
      {mode === 'none' ? (
        <p>This project has no passphrase: its file is not encrypted.</p>
      ) : (
        <form id={formId} onSubmit={submit} className="passphrase-form">
          {mode === 'protect' ? (
            <p>The project file will be encrypted. Chorus, and any tool that reads SQLCipher files, will ask for the passphrase to open it.</p>
          ) : mode === 'remove' ? (
            <p>The project file will be stored unencrypted again: anyone who gets a copy of it can read the transcripts.</p>
          ) : null}
          {mode === 'change' || mode === 'remove' ? (
            <PassphraseField
              label="Current passphrase"
              value={current}
              onChange={edited(setCurrent)}
              autoFocus
              autoComplete="current-password"
              invalid={save.error?.code === ErrorCode.WRONG_PASSPHRASE}
              testId="passphrase-current"
            />
          ) : null}
          {mode === 'protect' || mode === 'change' ? (
            <>
              <PassphraseField
                label={mode === 'change' ? 'New passphrase' : 'Passphrase'}
                value={next}
                onChange={edited(setNext)}
                autoFocus={mode === 'protect'}
                autoComplete="new-password"
                invalid={tried && problem !== null}
                testId="passphrase-new"
              />
              <PassphraseField
                label="The same passphrase again"
                value={again}
                onChange={edited(setAgain)}
                autoComplete="new-password"
                invalid={tried && problem !== null}
                testId="passphrase-again"
              />
              <p className="passphrase-warning" data-testid="passphrase-warning">
                {LOST_WARNING}
              </p>
              <label className="passphrase-confirm">
                <input type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} data-testid="passphrase-understood" />
                I understand that a lost passphrase cannot be recovered.
              </label>
            </>
          ) : null}
          {tried && problem ? <ErrorLine testId="passphrase-problem">{problem}</ErrorLine> : null}
          {serverError ? <ErrorLine testId="passphrase-error">{serverError}</ErrorLine> : null}
        </form>
      )}
    </Modal>
  );
}

/** The Project menu's passphrase entries (browser mode; the desktop has them in its File menu). */
export function PassphraseMenuItems({ onChoose }: { onChoose: () => void }) {
  const info = useOp('project.info', {});
  if (!info.data) return null;
  const choose = (mode: PassphraseMode) => () => {
    onChoose();
    requestPassphraseSettings(mode);
  };
  return (
    <div className="passphrase-menu" data-testid="passphrase-menu">
      {info.data.encrypted ? (
        <>
          <button type="button" className="button" onClick={choose('change')} data-testid="passphrase-change">
            Change passphrase…
          </button>
          <button type="button" className="button" onClick={choose('remove')} data-testid="passphrase-remove">
            Remove passphrase…
          </button>
        </>
      ) : (
        <button type="button" className="button" onClick={choose('protect')} data-testid="passphrase-protect">
          Protect with a passphrase…
        </button>
      )}
    </div>
  );
}

/** The passphrase of a co-coder's encrypted copy, asked for inside the merge dialog. */
export function SourcePassphraseForm({ name, onSubmit }: { name: string; onSubmit: (passphrase: string) => void }) {
  const [passphrase, setPassphrase] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (passphrase) onSubmit(passphrase);
  };
  return (
    <form className="passphrase-form passphrase-form--inline" onSubmit={submit} data-testid="merge-passphrase-form">
      <PassphraseField label={`Passphrase of ${name}`} value={passphrase} onChange={setPassphrase} autoFocus autoComplete="current-password" testId="merge-passphrase" />
      <button type="submit" className="button button--primary" disabled={!passphrase} data-testid="merge-passphrase-read">
        Read the file
      </button>
    </form>
  );
}
