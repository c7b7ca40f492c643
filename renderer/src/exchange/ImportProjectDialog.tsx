/**
 * A REFI-QDA project (.qdpx, .qde) from another tool becomes a new Chorus project: the researcher
 * names the new project file (a path on the computer running Chorus, as for any new project),
 * Chorus reads and checks the whole file before creating it, opens it, and reports what came in
 * and what was left out (pictures, audio, sets…), since REFI-QDA asks importers to say so.
 */
import { useState, type FormEvent } from 'react';
import type { ProjectInfo, RefiImportReport } from '../../../shared/types';
import { useCommand } from '../api';
import { Modal } from '../components/Modal';
import { formatBytes, plural, type PickedFile } from '../import/files';

interface Imported {
  project: ProjectInfo;
  report: RefiImportReport;
}

const COUNTS: { key: keyof Omit<RefiImportReport, 'origin' | 'notes'>; one: string }[] = [
  { key: 'documents', one: 'document' },
  { key: 'codes', one: 'code' },
  { key: 'codings', one: 'coding' },
  { key: 'participants', one: 'participant' },
  { key: 'attributes', one: 'attribute' },
  { key: 'memos', one: 'memo' },
  { key: 'users', one: 'coder' },
];

export function ImportProjectDialog({
  file,
  suggestedPath,
  onImported,
  onClose,
}: {
  file: PickedFile;
  suggestedPath: string;
  /** The new project is open: the views start afresh. */
  onImported: () => void;
  onClose: () => void;
}) {
  const [path, setPath] = useState(suggestedPath);
  const [done, setDone] = useState<Imported | null>(null);
  const importRefi = useCommand('project.importRefi', {
    onSuccess: (result) => {
      setDone(result);
      onImported();
    },
  });
  const trimmed = path.trim();
  const problem = trimmed === '' ? 'Name the new project file.' : /\.chorus$/i.test(trimmed) ? null : 'A project file ends in .chorus.';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (problem || importRefi.isPending) return;
    importRefi.mutate({ source: { kind: 'bytes', name: file.name, base64: file.base64 }, path: trimmed });
  };

  if (done) {
    const { project, report } = done;
    return (
      <Modal
        title="Imported as a new project"
        onClose={onClose}
        testId="import-refi-report"
        footer={
          <button type="button" className="button button--primary" onClick={onClose} data-testid="import-refi-close">
            Close
          </button>
        }
      >
        <p>
          <strong>{project.title || file.name}</strong> is open, from {file.name}
          {report.origin ? <> (written by {report.origin})</> : null}. It is saved at <code>{project.path}</code>.
        </p>
        <ul className="import-refi-counts" data-testid="import-refi-counts">
          {COUNTS.map(({ key, one }) => (
            <li key={key} data-count={key}>
              {plural(report[key], one)}
            </li>
          ))}
        </ul>
        {report.notes.length > 0 ? (
          <>
            <h3 className="import-refi-notes-title">Left out or adjusted</h3>
            <ul className="report-list" data-testid="import-refi-notes">
              {report.notes.map((note, i) => (
                <li key={i}>{note}</li>
              ))}
            </ul>
          </>
        ) : (
          <p className="muted" data-testid="import-refi-notes-none">
            Everything in the file came in.
          </p>
        )}
      </Modal>
    );
  }

  return (
    <Modal
      title="Import a REFI-QDA project"
      onClose={onClose}
      closable={!importRefi.isPending}
      testId="import-refi"
      footer={
        <>
          <button type="button" className="button" onClick={onClose} disabled={importRefi.isPending}>
            Cancel
          </button>
          {/* In the footer, outside the form: `form` ties it to the form, so Enter in the path submits too. */}
          <button
            type="submit"
            form="import-refi-form"
            className="button button--primary"
            disabled={problem !== null || importRefi.isPending}
            data-testid="import-refi-confirm"
          >
            {importRefi.isPending ? 'Importing…' : 'Import'}
          </button>
        </>
      }
    >
      <form onSubmit={submit} id="import-refi-form">
        <p>
          <strong>{file.name}</strong> <span className="muted">· {formatBytes(file.size)}</span>
        </p>
        <p className="hint">It becomes a new Chorus project; the project open now stays as it is.</p>
        <div className="field">
          <label htmlFor="import-refi-path">New project file</label>
          <input
            id="import-refi-path"
            type="text"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            placeholder="/home/me/Studies/Pilot.chorus"
            spellCheck={false}
            autoComplete="off"
            aria-invalid={trimmed !== '' && problem !== null}
            data-autofocus
            data-testid="import-refi-path"
          />
          <span className="hint">
            {trimmed !== '' && problem ? problem : 'A path on the computer running Chorus. An existing file is never written over.'}
          </span>
        </div>
      </form>
    </Modal>
  );
}
