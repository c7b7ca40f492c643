/**
 * Cases & attributes: the participants (cases) and documents of the project with their
 * attributes, as editable grids, and the dialogs that add, rename, retype or remove attributes
 * and participants, and import attribute values from a CSV file.
 */
import { useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import type { AttributeDef, AttributeScope, AttributeType, CsvImportReport } from '../../../shared/types';
import { useCommand, useOp } from '../api';
import { Modal } from '../components/Modal';
import { showToast } from '../components/toasts';
import { fileToBase64, plural } from '../import/files';
import { AttributeGrid } from './AttributeGrid';
import { TYPE_HINT, TYPE_LABEL } from './values';

const TYPES: AttributeType[] = ['text', 'number', 'category', 'date'];

type Dialog =
  | { kind: 'add-attribute' }
  | { kind: 'edit-attribute'; def: AttributeDef }
  | { kind: 'add-participant' }
  | { kind: 'remove-participant'; participant: { guid: string; label: string } }
  | { kind: 'csv-report'; file: string; report: CsvImportReport };

export function CasesView() {
  const [scope, setScope] = useState<AttributeScope>('participant');
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const table = useOp('attributes.table', { scope });
  const participants = useOp('participants.list', {});
  const documents = useOp('documents.list', {});
  const close = () => setDialog(null);

  const tab = (value: AttributeScope, label: string, count: number | undefined) => (
    <button
      type="button"
      role="tab"
      id={`cases-tab-${value}`}
      aria-selected={scope === value}
      aria-controls="cases-panel"
      tabIndex={scope === value ? 0 : -1}
      className={scope === value ? 'tab tab--active' : 'tab'}
      onClick={() => setScope(value)}
      onKeyDown={(e) => {
        if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
          const other: AttributeScope = value === 'participant' ? 'document' : 'participant';
          setScope(other);
          document.getElementById(`cases-tab-${other}`)?.focus();
        }
      }}
      data-testid={`cases-tab-${value}`}
    >
      {label}
      {count !== undefined ? <span className="tab-count">{count}</span> : null}
    </button>
  );

  return (
    <div className="cases" data-testid="cases-view">
      <div className="cases-header">
        <div>
          <h1>Cases &amp; attributes</h1>
          <p className="muted">
            Describe the people and the focus groups of your study, to compare what was said by age, site, role or any other attribute.
          </p>
        </div>
        <div className="cases-toolbar">
          <div role="tablist" aria-label="What to describe" className="tabs">
            {tab('participant', 'Participants', participants.data?.length)}
            {tab('document', 'Documents', documents.data?.length)}
          </div>
          <div className="cases-actions">
            {scope === 'participant' ? (
              <button type="button" className="button button--small" onClick={() => setDialog({ kind: 'add-participant' })} data-testid="add-participant">
                Add participant
              </button>
            ) : null}
            <button type="button" className="button button--small" onClick={() => setDialog({ kind: 'add-attribute' })} data-testid="add-attribute">
              Add attribute
            </button>
            <CsvImportButton scope={scope} onReport={(file, report) => setDialog({ kind: 'csv-report', file, report })} />
          </div>
        </div>
      </div>
      <div className="cases-panel" role="tabpanel" id="cases-panel" aria-labelledby={`cases-tab-${scope}`}>
        {table.data && table.data.scope === scope ? (
          <AttributeGrid
            key={scope}
            scope={scope}
            table={table.data}
            participants={participants.data}
            documents={documents.data}
            onEditAttribute={(def) => setDialog({ kind: 'edit-attribute', def })}
            onAddAttribute={() => setDialog({ kind: 'add-attribute' })}
            onRemoveParticipant={(participant) => setDialog({ kind: 'remove-participant', participant })}
          />
        ) : table.error ? (
          <p className="empty">The attributes could not be read: {table.error.message}</p>
        ) : (
          <p className="empty">Loading…</p>
        )}
      </div>
      {dialog?.kind === 'add-attribute' ? <AddAttributeDialog scope={scope} onClose={close} /> : null}
      {dialog?.kind === 'edit-attribute' ? (
        <EditAttributeDialog def={dialog.def} values={table.data?.rows.filter((r) => r.values[dialog.def.guid] !== undefined).length ?? 0} onClose={close} />
      ) : null}
      {dialog?.kind === 'add-participant' ? <AddParticipantDialog onClose={close} /> : null}
      {dialog?.kind === 'remove-participant' ? <RemoveParticipantDialog participant={dialog.participant} onClose={close} /> : null}
      {dialog?.kind === 'csv-report' ? <CsvReportDialog scope={scope} file={dialog.file} report={dialog.report} onClose={close} /> : null}
    </div>
  );
}

function TypeSelect({ id, value, onChange }: { id: string; value: AttributeType; onChange: (t: AttributeType) => void }) {
  return (
    <>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as AttributeType)} data-testid="attribute-type">
        {TYPES.map((t) => (
          <option key={t} value={t}>
            {TYPE_LABEL[t]}
          </option>
        ))}
      </select>
      <p className="field-hint">{TYPE_HINT[value]}</p>
    </>
  );
}

function AddAttributeDialog({ scope, onClose }: { scope: AttributeScope; onClose: () => void }) {
  const [name, setName] = useState('');
  const [type, setType] = useState<AttributeType>('text');
  const define = useCommand('attributes.define', {
    onSuccess: (def) => {
      showToast('notice', `Added the attribute “${def.name}”`);
      onClose();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) define.mutate({ scope, name, type });
  };
  return (
    <Modal title={scope === 'participant' ? 'Add a participant attribute' : 'Add a document attribute'} onClose={onClose} testId="add-attribute-dialog">
      <form onSubmit={submit} className="form" id="add-attribute-form">
        <div className="field">
          <label htmlFor="attribute-name">Name</label>
          <input
            id="attribute-name"
            type="text"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder={scope === 'participant' ? 'e.g. age, gender, years in training' : 'e.g. site, date, moderator'}
            autoFocus
            autoComplete="off"
            data-testid="attribute-name"
          />
        </div>
        <div className="field">
          <label htmlFor="attribute-type">Type</label>
          <TypeSelect id="attribute-type" value={type} onChange={setType} />
        </div>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={!name.trim() || define.isPending} data-testid="attribute-save">
            Add attribute
          </button>
        </div>
      </form>
    </Modal>
  );
}

function EditAttributeDialog({ def, values, onClose }: { def: AttributeDef; values: number; onClose: () => void }) {
  const [name, setName] = useState(def.name);
  const [type, setType] = useState<AttributeType>(def.type);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const update = useCommand('attributes.update', { onSuccess: onClose });
  const remove = useCommand('attributes.delete', {
    onSuccess: () => {
      showToast('notice', `Deleted the attribute “${def.name}”. Undo brings it back.`);
      onClose();
    },
  });
  const changed = name.trim() !== def.name || type !== def.type;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!changed || !name.trim()) return;
    update.mutate({
      attribute: def.guid,
      ...(name.trim() !== def.name ? { name } : {}),
      ...(type !== def.type ? { type } : {}),
    });
  };
  return (
    <Modal title={`Attribute “${def.name}”`} onClose={onClose} testId="edit-attribute-dialog">
      {confirmDelete ? (
        <div className="confirm">
          <p>
            Delete the attribute <strong>{def.name}</strong>
            {values > 0 ? <> and its {plural(values, 'value')}</> : null}? Undo brings {values > 0 ? 'them' : 'it'} back.
          </p>
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => setConfirmDelete(false)} autoFocus>
              Keep it
            </button>
            <button type="button" className="button button--danger-solid" onClick={() => remove.mutate({ attribute: def.guid })} disabled={remove.isPending} data-testid="attribute-delete-confirm">
              Delete attribute
            </button>
          </div>
        </div>
      ) : (
        <form onSubmit={submit} className="form">
          <div className="field">
            <label htmlFor="edit-attribute-name">Name</label>
            <input id="edit-attribute-name" type="text" value={name} onChange={(e) => setName(e.target.value)} autoFocus autoComplete="off" data-testid="attribute-name" />
          </div>
          <div className="field">
            <label htmlFor="edit-attribute-type">Type</label>
            <TypeSelect id="edit-attribute-type" value={type} onChange={setType} />
            {type !== def.type && values > 0 ? (
              <p className="field-hint field-hint--warn">Every value already set must fit the new type, or nothing changes.</p>
            ) : null}
          </div>
          <div className="dialog-actions dialog-actions--split">
            <button type="button" className="button button--danger" onClick={() => setConfirmDelete(true)} data-testid="attribute-delete">
              Delete…
            </button>
            <span className="spacer" />
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="button button--primary" disabled={!changed || !name.trim() || update.isPending} data-testid="attribute-save">
              Save
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}

function AddParticipantDialog({ onClose }: { onClose: () => void }) {
  const [label, setLabel] = useState('');
  const create = useCommand('participants.create', { onSuccess: onClose });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (label.trim()) create.mutate({ label });
  };
  return (
    <Modal title="Add a participant" onClose={onClose} testId="add-participant-dialog">
      <form onSubmit={submit} className="form">
        <div className="field">
          <label htmlFor="participant-label">Name or pseudonym</label>
          <input id="participant-label" type="text" value={label} onChange={(e) => setLabel(e.target.value)} placeholder="e.g. P7 or Maya" autoFocus autoComplete="off" data-testid="participant-label" />
          <p className="field-hint">Link the participant to a speaker from the speakers of a transcript.</p>
        </div>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={!label.trim() || create.isPending} data-testid="participant-save">
            Add participant
          </button>
        </div>
      </form>
    </Modal>
  );
}

function RemoveParticipantDialog({ participant, onClose }: { participant: { guid: string; label: string }; onClose: () => void }) {
  const remove = useCommand('participants.delete', { onSuccess: onClose });
  return (
    <Modal
      title={`Remove participant “${participant.label}”?`}
      onClose={onClose}
      testId="remove-participant-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose} autoFocus>
            Keep
          </button>
          <button type="button" className="button button--danger-solid" onClick={() => remove.mutate({ participant: participant.guid })} disabled={remove.isPending} data-testid="remove-participant-confirm">
            Remove participant
          </button>
        </>
      }
    >
      <p>Their attribute values are removed with them. Their speakers stay in the transcripts, no longer linked to a participant. Undo brings everything back.</p>
    </Modal>
  );
}

function CsvImportButton({ scope, onReport }: { scope: AttributeScope; onReport: (file: string, report: CsvImportReport) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const importCsv = useCommand('attributes.importCsv');
  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    let base64: string;
    try {
      base64 = await fileToBase64(file);
    } catch (err) {
      showToast('error', `Could not read ${file.name}: ${(err as Error).message}`);
      return;
    }
    importCsv.mutateAsync({ scope, source: { kind: 'bytes', name: file.name, base64 } }).then(
      (report) => onReport(file.name, report),
      () => {}, // the toast says why
    );
  };
  return (
    <>
      <button
        type="button"
        className="button button--small"
        onClick={() => input.current?.click()}
        disabled={importCsv.isPending}
        title={`Attribute values from a spreadsheet saved as CSV: one row per ${scope}, named in the first column`}
        data-testid="import-csv"
      >
        {importCsv.isPending ? 'Importing…' : 'Import CSV…'}
      </button>
      <input ref={input} type="file" accept=".csv,.tsv,.txt,text/csv" hidden onChange={pick} data-testid="import-csv-input" />
    </>
  );
}

function CsvReportDialog({ scope, file, report, onClose }: { scope: AttributeScope; file: string; report: CsvImportReport; onClose: () => void }) {
  const noun = scope === 'participant' ? 'participant' : 'document';
  return (
    <Modal
      title={`Imported ${file}`}
      onClose={onClose}
      testId="csv-report"
      closeButton={false}
      footer={
        <button type="button" className="button button--primary" onClick={onClose} autoFocus>
          Close
        </button>
      }
    >
      <ul className="report-list">
        <li>
          <strong>{plural(report.matched, 'row')}</strong> matched a {noun}; <strong>{plural(report.valuesSet, 'value')}</strong> set.
        </li>
        {report.createdAttributes.length ? (
          <li>
            New attributes: <strong>{report.createdAttributes.join(', ')}</strong> (types read from the values; change them from the column header).
          </li>
        ) : null}
        {report.unmatched.length ? (
          <li className="report-warn" data-testid="csv-unmatched">
            {plural(report.unmatched.length, 'name')} matched no {noun} and {report.unmatched.length === 1 ? 'was' : 'were'} left out:{' '}
            <strong>{report.unmatched.join(', ')}</strong>. Names are matched to {noun} names without regard to case.
          </li>
        ) : null}
      </ul>
      <p className="hint">The import is one undo step.</p>
    </Modal>
  );
}
