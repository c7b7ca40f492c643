/**
 * Importing transcripts: a preview of every picked file (what Chorus found, and the researcher's
 * corrections to its speakers), then the import itself with progress and cancel, then a report
 * per file. Nothing is written before "Import"; the batch is one undo step.
 */
import { useEffect, useState } from 'react';
import type { ImportSource, OpInput } from '../../../shared/api';
import { ChorusError, ErrorCode } from '../../../shared/errors';
import type { FilePreview, ImportedFile, ImportReport, Participant, PossibleSpeaker, SpeakerRole } from '../../../shared/types';
import { call, subscribe, useCommand, useOp, useOpsKeyed } from '../api';
import { Modal } from '../components/Modal';
import { ROLE_LABEL, speakerColor } from '../transcript/format';
import { formatBytes, plural, type PickedFile } from './files';
import { ParticipantOptions } from '../components/ParticipantOptions';
import {
  acceptLabel,
  MAX_LABEL,
  mergeInto,
  normalizeLabel,
  rename,
  resolveSpeakers,
  separate,
  settleTypedMerge,
  speakerDecisions,
  type SpeakerEdit,
  type SpeakerEdits,
  type SpeakerRow,
  unacceptLabel,
  withAllSpeakers,
} from './speaker-decisions';

const FORMAT_LABEL: Record<string, string> = {
  txt: 'Plain text',
  md: 'Markdown',
  docx: 'Word document',
  vtt: 'WebVTT captions',
  srt: 'SubRip captions',
};

const formatLabel = (format: string | undefined) => (format ? (FORMAT_LABEL[format] ?? format.toUpperCase()) : '');
/** A text encoding as people write it (UTF-8, WINDOWS-1252); nothing for containers such as docx. */
const encodingLabel = (encoding: string | undefined, format: string | undefined) =>
  encoding && encoding !== format ? encoding.toUpperCase().replace(/^UTF-?/, 'UTF-') : '';

const ROLES: SpeakerRole[] = ['moderator', 'participant', 'observer'];

/** A file's settings in the preview, kept per speaker-detection mode so toggling back keeps the edits. */
interface FileSettings {
  detectSpeakers: boolean;
  /** The document name as typed; undefined until edited. */
  name?: string;
  edits: { on?: SpeakerEdits; off?: SpeakerEdits };
  /** Possible speakers the researcher accepted: sent as `extraLabels`, so the core re-parses with them. */
  extraLabels: string[];
}

const NEW_SETTINGS: FileSettings = { detectSpeakers: true, edits: {}, extraLabels: [] };

type Phase =
  | { kind: 'preview'; notice: string | null }
  | { kind: 'importing'; operationId: string; done: number; total: number; message: string; cancelling: boolean }
  | { kind: 'done'; files: ImportedFile[] };

function nameProblem(name: string): string | null {
  const n = normalizeLabel(name);
  if (n === '') return 'A document needs a name.';
  if (n.length > MAX_LABEL) return `A name can have at most ${MAX_LABEL} characters.`;
  return null;
}

function newOperationId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `import-${Date.now()}-${Math.random()}`;
}

export function ImportDialog({
  files: picked,
  onClose,
  onImported,
}: {
  files: PickedFile[];
  onClose: () => void;
  /** After a successful import (the dialog then shows its report). */
  onImported: (report: ImportReport) => void;
}) {
  const [files, setFiles] = useState(picked);
  const [settings, setSettings] = useState<Record<string, FileSettings>>(() =>
    Object.fromEntries(picked.map((f) => [f.id, NEW_SETTINGS])),
  );
  const [phase, setPhase] = useState<Phase>({ kind: 'preview', notice: null });
  const participants = useOp('participants.list', {});

  const previews = useOpsKeyed(
    'documents.preview',
    phase.kind === 'preview'
      ? files.map((f) => {
          const detect = settings[f.id]?.detectSpeakers ?? true;
          const extraLabels = detect ? (settings[f.id]?.extraLabels ?? []) : [];
          return {
            key: { file: f.id, detectSpeakers: detect, extraLabels },
            input: {
              sources: [
                {
                  kind: 'bytes' as const,
                  name: f.name,
                  base64: f.base64,
                  ...(detect ? {} : { detectSpeakers: false }),
                  ...(extraLabels.length > 0 ? { extraLabels } : {}),
                },
              ],
            },
          };
        })
      : [],
    // A preview is of bytes that do not change; it is read again only when its options do.
    { staleTime: Infinity, gcTime: 0, refetchOnWindowFocus: false },
  );

  const update = (id: string, change: (s: FileSettings) => FileSettings) =>
    setSettings((all) => ({ ...all, [id]: change(all[id] ?? NEW_SETTINGS) }));

  const entries = files.map((file, i) => {
    const s = settings[file.id] ?? NEW_SETTINGS;
    const query = previews[i];
    const preview: FilePreview | undefined = query?.data?.files[0];
    const mode = s.detectSpeakers ? 'on' : 'off';
    const edits = withAllSpeakers(s.edits[mode] ?? {}, preview?.speakers ?? []);
    const rows = preview?.ok ? resolveSpeakers(preview.speakers ?? [], edits, participants.data ?? []) : [];
    const name = s.name ?? preview?.name ?? file.name.replace(/\.[^.]+$/, '');
    return { file, settings: s, query, preview, edits, rows, name, mode } as const;
  });

  const loading = entries.filter((e) => !e.preview && !e.query?.error).length;
  const ready = entries.filter((e) => e.preview?.ok);
  const failed = entries.filter((e) => e.preview && !e.preview.ok);
  const problems = ready.flatMap((e) => [nameProblem(e.name), ...e.rows.map((r) => r.problem)].filter((p): p is string => p !== null));

  const importDocs = useCommand('documents.import');
  const operationId = phase.kind === 'importing' ? phase.operationId : null;
  useEffect(() => {
    if (!operationId) return;
    return subscribe((event) => {
      if (event.type !== 'progress' || event.operationId !== operationId) return;
      setPhase((p) => (p.kind === 'importing' ? { ...p, done: event.done, total: event.total, message: event.message } : p));
    });
  }, [operationId]);

  const start = () => {
    const sources: ImportSource[] = ready.map((e) => {
      const preview = e.preview!;
      const speakers = speakerDecisions(e.rows, e.edits, preview.speakers ?? []);
      const name = normalizeLabel(e.name);
      return {
        kind: 'bytes',
        name: e.file.name,
        base64: e.file.base64,
        ...(e.settings.detectSpeakers ? {} : { detectSpeakers: false }),
        ...(e.settings.detectSpeakers && e.settings.extraLabels.length > 0 ? { extraLabels: e.settings.extraLabels } : {}),
        ...(name !== preview.name ? { documentName: name } : {}),
        ...(Object.keys(speakers).length > 0 ? { speakers } : {}),
      };
    });
    const id = newOperationId();
    const input: OpInput<'documents.import'> = { sources, operationId: id };
    setPhase({ kind: 'importing', operationId: id, done: 0, total: sources.length, message: 'Sending the files to Chorus…', cancelling: false });
    importDocs.mutate(input, {
      onSuccess: (report) => {
        // The report lists the files sent; files whose preview already failed were not sent.
        const sent = [...report.files];
        const all = entries
          .filter((e) => e.preview)
          .map((e): ImportedFile =>
            e.preview!.ok ? (sent.shift() ?? { source: e.file.name, ok: false }) : { source: e.file.name, ok: false, ...(e.preview!.error ? { error: e.preview!.error } : {}) },
          );
        setPhase({ kind: 'done', files: [...all, ...sent] });
        onImported(report);
      },
      onError: (error) => {
        const cancelled = error instanceof ChorusError && error.code === ErrorCode.CANCELLED;
        setPhase({
          kind: 'preview',
          notice: cancelled ? 'The import was cancelled. Nothing was imported.' : `The import did not run: ${error.message}`,
        });
      },
    });
  };

  const cancel = () => {
    if (phase.kind !== 'importing' || phase.cancelling) return;
    setPhase({ ...phase, cancelling: true });
    void call('operations.cancel', { operationId: phase.operationId }).catch(() => {});
  };

  if (phase.kind === 'done') return <ImportReportView files={phase.files} onClose={onClose} />;

  if (phase.kind === 'importing') {
    const fraction = phase.total > 0 ? phase.done / phase.total : 0;
    const started = phase.message !== 'Sending the files to Chorus…';
    return (
      <Modal
        title={`Importing ${plural(phase.total, 'file')}`}
        onClose={() => {}}
        closable={false}
        testId="import-progress"
        footer={
          <button type="button" className="button" onClick={cancel} disabled={phase.cancelling} data-testid="import-cancel" autoFocus>
            {phase.cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        }
      >
        <div
          className={started ? 'progress' : 'progress progress--indeterminate'}
          role="progressbar"
          aria-label="Import progress"
          aria-valuemin={0}
          aria-valuemax={phase.total}
          aria-valuenow={started ? phase.done : undefined}
        >
          <div className="progress-bar" style={{ width: started ? `${Math.round(fraction * 100)}%` : undefined }} />
        </div>
        <p className="progress-message" aria-live="polite">
          {phase.cancelling ? 'Stopping after the current file; nothing will be kept.' : phase.message}
          {started && !phase.cancelling ? <span className="muted"> · {phase.done} of {phase.total} done</span> : null}
        </p>
        <p className="hint">Cancelling undoes the whole batch: no file of it is kept.</p>
      </Modal>
    );
  }

  const count = ready.length;
  const blocked = loading > 0 || count === 0 || problems.length > 0;
  return (
    <Modal
      title={`Import ${plural(files.length, 'transcript')}`}
      onClose={onClose}
      size="wide"
      testId="import-preview"
      footer={
        <>
          <p className="dialog-footnote" data-testid="import-summary">
            {loading > 0
              ? `Reading ${plural(loading, 'file')}…`
              : problems.length > 0
                ? problems[0]
                : failed.length > 0
                  ? `${plural(failed.length, 'file')} cannot be imported and will be left out. Nothing is saved until you import.`
                  : 'Nothing is saved until you import. The whole import can be undone in one step.'}
          </p>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="button button--primary" disabled={blocked} onClick={start} data-testid="import-confirm">
            Import {plural(count, 'file')}
          </button>
        </>
      }
    >
      {phase.notice ? (
        <p className="banner" role="status" data-testid="import-notice">
          {phase.notice}
        </p>
      ) : null}
      <div className="import-preview-files">
        {entries.map((e) => (
          <FileCard
            key={e.file.id}
            file={e.file}
            preview={e.preview}
            error={e.query?.error ?? null}
            name={e.name}
            detectSpeakers={e.settings.detectSpeakers}
            rows={e.rows}
            participants={participants.data ?? []}
            canRemove={files.length > 1}
            onName={(name) => update(e.file.id, (s) => ({ ...s, name }))}
            onDetect={(detectSpeakers) => update(e.file.id, (s) => ({ ...s, detectSpeakers }))}
            accepted={e.settings.extraLabels}
            onAccept={(label) => update(e.file.id, (s) => ({ ...s, extraLabels: acceptLabel(s.extraLabels, label) }))}
            onUnaccept={(label) => update(e.file.id, (s) => ({ ...s, extraLabels: unacceptLabel(s.extraLabels, label) }))}
            onEdits={(change) =>
              update(e.file.id, (s) => {
                const found = e.preview?.speakers ?? [];
                const current = withAllSpeakers(s.edits[e.mode] ?? {}, found);
                const rows = resolveSpeakers(found, current, participants.data ?? []);
                return { ...s, edits: { ...s.edits, [e.mode]: change(current, rows) } };
              })
            }
            onRemove={() => setFiles((all) => all.filter((f) => f.id !== e.file.id))}
          />
        ))}
      </div>
    </Modal>
  );
}

function FileCard({
  file,
  preview,
  error,
  name,
  detectSpeakers,
  rows,
  participants,
  canRemove,
  onName,
  onDetect,
  accepted,
  onAccept,
  onUnaccept,
  onEdits,
  onRemove,
}: {
  file: PickedFile;
  preview: FilePreview | undefined;
  error: Error | null;
  name: string;
  detectSpeakers: boolean;
  rows: SpeakerRow[];
  participants: Participant[];
  canRemove: boolean;
  onName: (name: string) => void;
  onDetect: (on: boolean) => void;
  /** Possible speakers accepted so far (the preview shown was parsed with them). */
  accepted: string[];
  onAccept: (label: string) => void;
  onUnaccept: (label: string) => void;
  onEdits: (change: (edits: SpeakerEdits, rows: SpeakerRow[]) => SpeakerEdits) => void;
  onRemove: () => void;
}) {
  const failure = error ? { message: error.message } : preview && !preview.ok ? preview.error : undefined;
  const problem = preview?.ok ? nameProblem(name) : null;
  const nameId = `doc-name-${file.id}`;
  return (
    <section
      className={failure ? 'import-card import-card--error' : 'import-card'}
      aria-label={file.name}
      data-testid="import-file"
      data-file={file.name}
      aria-busy={!preview && !failure}
    >
      <header className="import-card-header">
        <div className="import-card-title">
          <span className="file-badge" aria-hidden="true">
            {(file.name.split('.').pop() ?? '').slice(0, 4).toUpperCase() || 'TXT'}
          </span>
          <span className="import-card-file" title={file.name}>
            {file.name}
          </span>
          <span className="muted">
            {[formatLabel(preview?.format), encodingLabel(preview?.encoding, preview?.format), formatBytes(file.size)].filter(Boolean).join(' · ')}
          </span>
        </div>
        {canRemove ? (
          <button type="button" className="button button--small button--quiet" onClick={onRemove} aria-label={`Leave out ${file.name}`} data-testid="import-remove">
            Leave out
          </button>
        ) : null}
      </header>

      {failure ? (
        <p className="import-card-error" role="alert" data-testid="import-file-error">
          <strong>This file cannot be imported.</strong> {failure.message}
        </p>
      ) : !preview ? (
        <p className="muted import-card-loading">Reading the file…</p>
      ) : (
        <>
          <div className="import-card-fields">
            <div className="field">
              <label htmlFor={nameId}>Document name</label>
              <input
                id={nameId}
                type="text"
                value={name}
                onChange={(e) => onName(e.target.value)}
                aria-invalid={problem ? true : undefined}
                title={problem ?? undefined}
                data-testid="import-doc-name"
                spellCheck={false}
              />
            </div>
            <label className="switch">
              <input type="checkbox" checked={detectSpeakers} onChange={(e) => onDetect(e.target.checked)} data-testid="import-detect" />
              <span className="switch-track" aria-hidden="true" />
              Detect speakers
            </label>
            <p className="import-card-stats" data-testid="import-stats">
              {plural(preview.words ?? 0, 'word')} · {plural(preview.turns ?? 0, detectSpeakers ? 'turn' : 'paragraph')}
              {detectSpeakers ? <> · {plural(rows.filter((r) => r.head === r.detected).length, 'speaker')}</> : null}
            </p>
          </div>
          {!detectSpeakers ? (
            <p className="import-card-note">Speaker detection is off: each paragraph becomes a passage without a speaker.</p>
          ) : rows.length === 0 ? (
            <p className="import-card-note">No speaker labels were found: the text is imported as passages without a speaker.</p>
          ) : (
            <SpeakerTable file={file.name} rows={rows} participants={participants} onEdits={onEdits} />
          )}
          {detectSpeakers ? (
            <PossibleSpeakers file={file.name} possible={preview.possibleSpeakers ?? []} accepted={accepted} onAccept={onAccept} onUnaccept={onUnaccept} />
          ) : null}
        </>
      )}
    </section>
  );
}

/**
 * The labels that open a paragraph but were not taken as speakers (their words stay in the turn
 * before them), each with an "Accept as speaker" button that re-reads the file with it taken.
 */
function PossibleSpeakers({
  file,
  possible,
  accepted,
  onAccept,
  onUnaccept,
}: {
  file: string;
  possible: PossibleSpeaker[];
  accepted: string[];
  onAccept: (label: string) => void;
  onUnaccept: (label: string) => void;
}) {
  if (possible.length === 0 && accepted.length === 0) return null;
  return (
    <div className="possible-speakers" data-testid="import-possible">
      {possible.length > 0 ? (
        <>
          <p className="possible-speakers-title">
            <strong>Possible speakers not taken</strong>{' '}
            <span className="muted">— seen once, so what follows stays in the turn before. Accept one to give it its own turn.</span>
          </p>
          <ul className="possible-speakers-list" aria-label={`Possible speakers not taken in ${file}`}>
            {possible.map((c) => (
              <li key={c.label} className="possible-speaker" data-testid="import-possible-speaker" data-label={c.label}>
                <span className="possible-speaker-label">{c.label}</span>
                <span className="muted possible-speaker-count">{plural(c.count, 'time')}</span>
                <span className="possible-speaker-line" title={c.firstLine}>
                  {c.firstLine}
                </span>
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => onAccept(c.label)}
                  aria-label={`Accept ${c.label} as a speaker`}
                  data-testid="import-accept-speaker"
                >
                  Accept as speaker
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {accepted.length > 0 ? (
        <p className="possible-speakers-accepted muted" data-testid="import-accepted-speakers">
          Accepted as speakers:{' '}
          {accepted.map((label, i) => (
            <span key={label}>
              {i > 0 ? ', ' : null}
              {label}{' '}
              <button type="button" className="link-button" onClick={() => onUnaccept(label)} aria-label={`Do not take ${label} as a speaker`}>
                Undo
              </button>
            </span>
          ))}
        </p>
      ) : null}
    </div>
  );
}

function SpeakerTable({
  file,
  rows,
  participants,
  onEdits,
}: {
  file: string;
  rows: SpeakerRow[];
  participants: Participant[];
  onEdits: (change: (edits: SpeakerEdits, rows: SpeakerRow[]) => SpeakerEdits) => void;
}) {
  const heads = rows.filter((r) => r.head === r.detected);
  const setEdit = (detected: string, patch: Partial<SpeakerEdit>) =>
    onEdits((edits) => {
      const e = edits[detected];
      return e ? { ...edits, [detected]: { ...e, ...patch } } : edits;
    });
  return (
    <table className="speaker-table" aria-label={`Speakers found in ${file}`}>
      <colgroup>
        <col className="col-found" />
        <col className="col-label" />
        <col className="col-merge" />
        <col className="col-role" />
        <col className="col-participant" />
        <col className="col-num" />
        <col className="col-num" />
        <col />
      </colgroup>
      <thead>
        <tr>
          <th scope="col">Found as</th>
          <th scope="col">Import as</th>
          <th scope="col">Merge into</th>
          <th scope="col">Role</th>
          <th scope="col">Participant</th>
          <th scope="col" className="num">
            Turns
          </th>
          <th scope="col" className="num">
            Words
          </th>
          <th scope="col">First words</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const member = row.head !== row.detected;
          const headRow = rows.find((r) => r.detected === row.head)!;
          const typedJoin = member && row.typedMerge;
          return (
            <tr key={row.detected} className={member ? 'speaker-row speaker-row--merged' : 'speaker-row'} data-testid="import-speaker" data-speaker={row.detected}>
              <th scope="row" className="speaker-found">
                <span className="speaker-dot" style={{ background: speakerColor(row.detected) }} aria-hidden="true" />
                {row.detected}
              </th>
              <td className="speaker-label-cell">
                {member && !typedJoin ? (
                  <span className="merged-note" data-testid="merged-note">
                    Merged with <strong>{headRow.detected}</strong>
                    {headRow.label !== headRow.detected ? <> as “{headRow.label}”</> : null}
                    <button type="button" className="link-button" onClick={() => onEdits((edits) => separate(edits, row.detected))} aria-label={`Keep ${row.detected} separate`}>
                      Keep separate
                    </button>
                  </span>
                ) : (
                  <LabelInput row={row} onEdits={onEdits} />
                )}
                {typedJoin ? (
                  <span className="merged-note merged-note--pending" data-testid="merged-note">
                    Merged with <strong>{headRow.detected}</strong>
                  </span>
                ) : null}
                {!member && row.members.length > 0 ? (
                  <span className="merged-note" data-testid="merged-from">
                    Also: {row.members.join(', ')}
                  </span>
                ) : null}
              </td>
              <td>
                <select
                  aria-label={`Merge ${row.detected} into`}
                  value={member ? row.head : ''}
                  onChange={(e) => onEdits((edits, current) => (e.target.value ? mergeInto(edits, current, row.detected, e.target.value) : separate(edits, row.detected)))}
                  data-testid="import-merge"
                >
                  <option value="">Keep separate</option>
                  {heads
                    .filter((h) => h.detected !== row.detected)
                    .map((h) => (
                      <option key={h.detected} value={h.detected}>
                        {h.label === h.detected ? h.detected : `${h.detected} (${h.label})`}
                      </option>
                    ))}
                </select>
              </td>
              <td>
                <select
                  aria-label={`Role of ${row.detected}`}
                  value={row.role}
                  disabled={member}
                  title={member ? `Set on ${headRow.detected}` : undefined}
                  onChange={(e) => setEdit(row.detected, { role: e.target.value as SpeakerRole })}
                  data-testid="import-role"
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {ROLE_LABEL[r]}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <ParticipantSelect
                  label={`Participant of ${row.detected}`}
                  speakerLabel={row.label}
                  value={row.participant}
                  participants={participants}
                  disabled={member}
                  onChange={(participant) => setEdit(row.detected, { participant })}
                />
              </td>
              <td className="num" title={row.members.length ? `${row.turns} as ${row.detected}, ${row.groupTurns - row.turns} merged in` : undefined}>
                {row.members.length ? row.groupTurns : row.turns}
              </td>
              <td className="num">{(row.members.length ? row.groupWords : row.words).toLocaleString()}</td>
              <td className="speaker-sample" title={row.sample}>
                {row.sample}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function LabelInput({
  row,
  onEdits,
}: {
  row: SpeakerRow;
  onEdits: (change: (edits: SpeakerEdits, rows: SpeakerRow[]) => SpeakerEdits) => void;
}) {
  // While typing, the field shows what was typed (a merge it makes shows beside it); once left,
  // the label it resolved to.
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <input
      type="text"
      className="speaker-label-input"
      value={draft ?? row.label}
      aria-label={`Import ${row.detected} as`}
      aria-invalid={row.problem ? true : undefined}
      title={row.problem ?? undefined}
      spellCheck={false}
      onChange={(e) => {
        const typed = e.target.value;
        setDraft(typed);
        onEdits((edits) => rename(edits, row.detected, typed));
      }}
      onBlur={() => {
        setDraft(null);
        onEdits((edits, current) => settleTypedMerge(edits, current, row.detected));
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') e.currentTarget.blur();
      }}
      data-testid="import-label"
    />
  );
}

function ParticipantSelect({
  label,
  speakerLabel,
  value,
  participants,
  disabled,
  onChange,
}: {
  label: string;
  speakerLabel: string;
  value: string;
  participants: Participant[];
  disabled?: boolean;
  onChange: (participant: string | 'new' | null) => void;
}) {
  const same = participants.find((p) => p.label.toLocaleLowerCase() === speakerLabel.toLocaleLowerCase());
  // "New participant" with the label of an existing one would map to that one: show it as such.
  const shown = value === 'new' && same ? same.guid : value;
  return (
    <select
      aria-label={label}
      value={shown}
      disabled={disabled}
      onChange={(e) => onChange(e.target.value === 'none' ? null : e.target.value)}
      data-testid="import-participant"
    >
      <ParticipantOptions participants={participants} newLabel={same ? null : speakerLabel} />
    </select>
  );
}

/** The per-file outcome of an import. */
export function ImportReportView({ files, onClose }: { files: ImportedFile[]; onClose: () => void }) {
  const ok = files.filter((f) => f.ok).length;
  return (
    <Modal
      title={`Imported ${ok} of ${plural(files.length, 'file')}`}
      onClose={onClose}
      testId="import-report"
      closeButton={false}
      footer={
        <button type="button" className="button button--primary" onClick={onClose} autoFocus>
          Close
        </button>
      }
    >
      <ul className="import-files">
        {files.map((f, i) => (
          <li key={i} className={f.ok ? 'import-file import-file--ok' : 'import-file import-file--error'} data-testid="import-report-file" data-ok={f.ok}>
            <span className="import-status" aria-label={f.ok ? 'Imported' : 'Failed'}>
              {f.ok ? '✓' : '!'}
            </span>
            <div>
              <div className="import-name">{f.document?.name ?? f.source}</div>
              {f.ok ? (
                <div className="muted">
                  {plural(f.turns ?? 0, 'turn')} ·{' '}
                  {f.speakers?.length ? f.speakers.map((s) => `${s.label} (${s.turns})`).join(', ') : 'no speaker labels'}
                  {f.document && f.document.name !== f.source ? <> · from {f.source}</> : null}
                </div>
              ) : (
                <div className="import-error">{f.error?.message ?? 'This file could not be imported.'}</div>
              )}
            </div>
          </li>
        ))}
      </ul>
      {ok < files.length && ok > 0 ? <p className="hint">Nothing of the files that failed was kept; the others were imported.</p> : null}
      {ok > 0 ? <p className="hint">Undo takes back the whole import in one step.</p> : null}
    </Modal>
  );
}
