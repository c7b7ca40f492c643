/**
 * Browser mode has no native File menu or file dialogs, so projects are created and opened by
 * name in the one folder the server keeps projects in (a page may not name other files); the
 * names already there are offered as suggestions. The desktop app uses its own menu instead.
 */
import { useDismiss } from './dismiss';
import { useState, type FormEvent } from 'react';
import { ErrorCode } from '../../../shared/errors';
import { useCommand, useOp } from '../api';
import { PassphraseMenuItems } from '../passphrase/PassphraseDialogs';
import { requestUnlock } from '../passphrase/passphrase-request';
import { showToast } from './toasts';

export function ProjectForm({ onDone }: { onDone: () => void }) {
  const [path, setPath] = useState('');
  const listing = useOp('project.files', {});
  const done = (verb: string) => (info: { title: string; path: string }) => {
    showToast('notice', `${verb} “${info.title || info.path}”`);
    onDone();
  };
  const open = useCommand('project.open', {
    onSuccess: done('Opened'),
    // An encrypted project: its passphrase dialog takes over (and says what went wrong in place).
    meta: { errorsInPlace: [ErrorCode.PASSPHRASE_REQUIRED] },
    onError: (error, input) => {
      if (error.code !== ErrorCode.PASSPHRASE_REQUIRED) return;
      requestUnlock(input.path);
      onDone();
    },
  });
  const create = useCommand('project.create', { onSuccess: done('Created the project') });
  const demo = useCommand('project.createDemo', { onSuccess: done('Created a copy of the demo study:') });
  const busy = open.isPending || create.isPending || demo.isPending;
  const trimmed = path.trim();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (trimmed) open.mutate({ path: trimmed });
  };

  return (
    <form className="project-form" onSubmit={submit} data-testid="project-form">
      <label htmlFor="project-path">Project file</label>
      <input
        id="project-path"
        type="text"
        value={path}
        onChange={(e) => setPath(e.target.value)}
        placeholder="Peer support.chorus"
        spellCheck={false}
        autoComplete="off"
        list="project-files"
        data-testid="project-path"
      />
      <datalist id="project-files">
        {(listing.data?.files ?? []).map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <div className="project-form-actions">
        <button type="submit" className="button button--primary" disabled={!trimmed || busy}>
          Open
        </button>
        <button type="button" className="button" disabled={!trimmed || busy} onClick={() => create.mutate({ path: trimmed })}>
          Create new
        </button>
        <button type="button" className="button" disabled={!trimmed || busy} onClick={() => demo.mutate({ path: trimmed })}>
          Create demo copy
        </button>
      </div>
      <p className="hint" data-testid="project-folder">
        {listing.data?.folder ? <>A project file in <code>{listing.data.folder}</code>. </> : null}New projects are never
        written over an existing file.
      </p>
    </form>
  );
}

export function ProjectMenu({ onDone }: { onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const ref = useDismiss(open, setOpen);
  return (
    <div className="menu" ref={ref}>
      <button type="button" className="tool-button" aria-expanded={open} aria-haspopup="dialog" onClick={() => setOpen((o) => !o)} data-testid="project-menu">
        Project
        <svg viewBox="0 0 20 20" aria-hidden="true" className="chevron">
          <path d="m6 8 4 4 4-4" />
        </svg>
      </button>
      {open ? (
        <div className="menu-popover" role="dialog" aria-label="Open or create a project">
          <ProjectForm
            onDone={() => {
              setOpen(false);
              onDone();
            }}
          />
          <PassphraseMenuItems onChoose={() => setOpen(false)} />
        </div>
      ) : null}
    </div>
  );
}
