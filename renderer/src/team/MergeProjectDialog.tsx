/**
 * Merging a co-coder's project (another copy of this `.chorus` file, or a `.qdpx` from another
 * tool): the preview says what would be added and matched, which documents clash, how many codings
 * each coder brings, and every codebook conflict with the common ancestor's version, mine and
 * theirs side by side. The researcher keeps mine, takes theirs, or writes a new version; Apply is
 * one command, so one undo takes the whole merge back (the toast offers it too).
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import type { ClashChoice, MergeCodeVersion, MergeConflict, MergePlan } from '../../../shared/merge';
import { ErrorCode } from '../../../shared/errors';
import { useCommand, useOpsKeyed } from '../api';
import { SourcePassphraseForm } from '../passphrase/PassphraseDialogs';
import { Modal } from '../components/Modal';
import { showToast } from '../components/toasts';
import { undoAction } from '../components/undo-toast';
import {
  CONFLICT_TITLES,
  FIELD_LABELS,
  editableFields,
  fieldValue,
  planIsEmpty,
  planSummary,
  resolutionsOf,
  shownFields,
  unsettled,
  type Choice,
  type EditableField,
} from './merge-view';
import type { ProjectMergeRequest } from './merge-request';
import './team.css';

const plural = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString()} ${count === 1 ? one : many}`;

function Count({ value, label, tone }: { value: number; label: string; tone?: 'add' | 'warn' | 'quiet' }) {
  return (
    <span className={`merge-stat${tone ? ` merge-stat--${tone}` : ''}`}>
      <strong>{value.toLocaleString()}</strong> {label}
    </span>
  );
}

/** A collapsible part of the preview; open when it needs a look. */
function Section({ title, count, open, children, testId }: { title: string; count: ReactNode; open?: boolean; children: ReactNode; testId: string }) {
  return (
    <details className="team-merge-section" open={open} data-testid={testId}>
      <summary>
        <span className="team-merge-section-title">{title}</span>
        <span className="muted">{count}</span>
      </summary>
      <div className="team-merge-section-body">{children}</div>
    </details>
  );
}

function NameList({ items, empty }: { items: ReactNode[]; empty: string }) {
  if (items.length === 0) return <p className="muted team-merge-empty">{empty}</p>;
  return <ul className="team-merge-list">{items}</ul>;
}

function VersionColumn({ title, version, conflict, tone }: { title: string; version: MergeCodeVersion | null; conflict: MergeConflict; tone: 'base' | 'ours' | 'theirs' }) {
  return (
    <div className={`conflict-side conflict-side--${tone}`} data-testid={`conflict-${tone}`}>
      <div className="conflict-side-title">{title}</div>
      {version === null ? (
        <p className="muted">No common version: the projects were not copied from one another.</p>
      ) : !version.exists ? (
        <p className="conflict-gone">{version.note ?? 'No longer in this project'}</p>
      ) : (
        <dl className="conflict-fields">
          {shownFields(conflict).map((f) => (
            <div key={f}>
              <dt>{FIELD_LABELS[f]}</dt>
              <dd data-field={f}>{fieldValue(version, f) || <span className="muted">(empty)</span>}</dd>
            </div>
          ))}
          {version.note ? <p className="conflict-note">{version.note}</p> : null}
        </dl>
      )}
    </div>
  );
}

const CHOICE_LABELS: Readonly<Record<Choice, string>> = { ours: 'Keep mine', theirs: 'Take theirs', edited: 'Edit' };

function ConflictCard({
  conflict,
  coderName,
  choice,
  edit,
  onChoose,
  onEdit,
}: {
  conflict: MergeConflict;
  coderName: string;
  choice: Choice | undefined;
  edit: Partial<Record<EditableField, string>> | undefined;
  onChoose: (c: Choice) => void;
  onEdit: (field: EditableField, value: string) => void;
}) {
  return (
    <article className={`conflict${choice ? ' conflict--settled' : ''}`} data-testid="merge-conflict" data-kind={conflict.kind}>
      <header className="conflict-header">
        <span className="conflict-kind">{CONFLICT_TITLES[conflict.kind]}</span>
        <span className="conflict-code">{conflict.code.path}</span>
      </header>
      <p className="conflict-detail muted">{conflict.detail}</p>
      <div className="conflict-sides">
        <VersionColumn title="Common ancestor" version={conflict.base} conflict={conflict} tone="base" />
        <VersionColumn title="Mine" version={conflict.ours} conflict={conflict} tone="ours" />
        <VersionColumn title={`Theirs (${coderName})`} version={conflict.theirs} conflict={conflict} tone="theirs" />
      </div>
      <div className="conflict-choices" role="radiogroup" aria-label={`How to settle ${conflict.code.name}`}>
        {conflict.resolutions.map((r) => (
          <label key={r} className={`conflict-choice${choice === r ? ' conflict-choice--on' : ''}`}>
            <input type="radio" name={`conflict-${conflict.id}`} checked={choice === r} onChange={() => onChoose(r)} data-testid={`conflict-take-${r}`} />
            {CHOICE_LABELS[r]}
          </label>
        ))}
        {!choice ? <span className="conflict-pending">Choose one to merge</span> : null}
      </div>
      {choice === 'edited' ? (
        <div className="conflict-edit">
          {editableFields(conflict).map((f) => (
            <label key={f} className="conflict-edit-field">
              <span>{FIELD_LABELS[f]}</span>
              {f === 'name' ? (
                <input type="text" value={edit?.[f] ?? ''} onChange={(e) => onEdit(f, e.target.value)} data-testid={`conflict-edit-${f}`} autoFocus />
              ) : (
                <textarea rows={3} value={edit?.[f] ?? ''} onChange={(e) => onEdit(f, e.target.value)} data-testid={`conflict-edit-${f}`} />
              )}
            </label>
          ))}
        </div>
      ) : null}
    </article>
  );
}

function Preview({ plan, clashing, onClashing }: { plan: MergePlan; clashing: ClashChoice; onClashing: (c: ClashChoice) => void }) {
  const { documents, codes, coders, memos } = plan;
  return (
    <div className="team-merge-preview">
      <Section title="Coders" count={plural(coders.length, 'coder')} open testId="merge-coders">
        <table className="team-table team-table--compact" data-testid="merge-coder-table">
          <thead>
            <tr>
              <th scope="col">Coder</th>
              <th scope="col" className="num">
                Codings to add
              </th>
              <th scope="col" className="num">
                Already here
              </th>
              <th scope="col" className="num">
                Left out
              </th>
            </tr>
          </thead>
          <tbody>
            {coders.map((c) => (
              <tr key={c.guid} data-testid="merge-coder-row">
                <td>
                  {c.name} {c.isNew ? <span className="tag">new coder</span> : null}
                </td>
                <td className="num" data-testid="merge-coder-codings">
                  {c.codings.toLocaleString()}
                </td>
                <td className="num muted">{c.present.toLocaleString()}</td>
                <td className="num muted">{c.skipped ? c.skipped.toLocaleString() : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>

      <Section
        title="Documents"
        count={`${documents.matched.length} matched by text · ${documents.added.length} to add${documents.clashing.length ? ` · ${documents.clashing.length} clashing` : ''}`}
        open={documents.clashing.length > 0 || documents.added.length > 0}
        testId="merge-documents"
      >
        {documents.clashing.length > 0 ? (
          <div className="banner team-merge-clash" data-testid="merge-clashing">
            <p>
              {documents.clashing.length === 1 ? 'One document has' : `${documents.clashing.length} documents have`} the name of a document here but a different
              text:
            </p>
            <NameList items={documents.clashing.map((d) => <li key={d.guid}>{d.name} <span className="muted">({plural(d.codings, 'coding')})</span></li>)} empty="" />
            <div className="team-merge-clash-choice" role="radiogroup" aria-label="Documents whose name is taken">
              <label>
                <input type="radio" checked={clashing === 'skip'} onChange={() => onClashing('skip')} /> Leave them and their codings out
              </label>
              <label>
                <input type="radio" checked={clashing === 'add'} onChange={() => onClashing('add')} data-testid="merge-clash-add" /> Add them under a distinct name
              </label>
            </div>
          </div>
        ) : null}
        <NameList
          items={[
            ...documents.added.map((d) => (
              <li key={d.guid}>
                <span className="tag tag--add">add</span> {d.ourName ?? d.name} <span className="muted">· {plural(d.codings, 'coding')}</span>
              </li>
            )),
            ...documents.matched.map((d) => (
              <li key={d.guid}>
                <span className="tag">same text</span> {d.ourName ?? d.name}
                {d.ourName && d.ourName !== d.name ? <span className="muted"> (theirs: {d.name})</span> : null}
                <span className="muted"> · {plural(d.codings, 'coding')} of theirs</span>
              </li>
            )),
          ]}
          empty="No documents."
        />
      </Section>

      <Section
        title="Codebook"
        count={`${codes.matched.length} matched · ${codes.added.length} to add · ${codes.renamed.length + codes.moved.length + codes.changed.length + codes.removed.length} changed`}
        open={codes.added.length + codes.renamed.length + codes.moved.length + codes.removed.length > 0}
        testId="merge-codes"
      >
        <NameList
          items={[
            ...codes.added.map((c) => (
              <li key={`a${c.guid}`} data-testid="merge-code-added">
                <span className="tag tag--add">add</span> {c.path} {c.kind === 'theme' ? <span className="muted">(theme)</span> : null}
              </li>
            )),
            ...[...codes.renamed, ...codes.moved, ...codes.changed, ...codes.removed].map((c, i) => (
              <li key={`c${i}${c.guid}`} data-testid="merge-code-changed">
                <span className={`tag${c.side === 'theirs' ? ' tag--change' : ''}`}>{c.side === 'theirs' ? 'theirs' : 'mine kept'}</span> {c.path}{' '}
                <span className="muted">— {c.detail}</span>
              </li>
            )),
          ]}
          empty="No codes to add or change."
        />
        {codes.matched.length > 0 ? (
          <p className="muted team-merge-matched">
            {plural(codes.matched.filter((m) => m.by === 'guid').length, 'code')} matched as the same code (by GUID)
            {codes.matched.some((m) => m.by === 'name') ? `, ${plural(codes.matched.filter((m) => m.by === 'name').length, 'code')} by name only` : ''}.
          </p>
        ) : null}
      </Section>

      <Section
        title="Memos and journal"
        count={`${plural(memos.added, 'memo')} · ${plural(memos.journalEntries, 'journal entry', 'journal entries')}`}
        testId="merge-memos"
      >
        <NameList
          items={memos.byAuthor.map((a) => (
            <li key={a.name}>
              {a.name} <span className="muted">· {plural(a.memos, 'memo')}</span>
            </li>
          ))}
          empty="No memos to add."
        />
        {plan.participants.added.length > 0 ? <p className="muted">Participants to add: {plan.participants.added.join(', ')}</p> : null}
        {plan.attributes.added.length > 0 ? <p className="muted">Attributes to add: {plan.attributes.added.join(', ')}</p> : null}
      </Section>
    </div>
  );
}

export function MergeProjectDialog({ request, onClose }: { request: ProjectMergeRequest; onClose: () => void }) {
  const client = useQueryClient();
  const [clashing, setClashing] = useState<ClashChoice>('skip');
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [edits, setEdits] = useState<Record<string, Partial<Record<EditableField, string>>>>({});
  // An encrypted copy whose passphrase is not this project's: the one typed, and which try it is.
  const [source, setSource] = useState<{ passphrase?: string; attempt: number }>({ attempt: 0 });
  const withPassphrase = source.passphrase !== undefined ? { passphrase: source.passphrase } : {};
  // Keyed by the pick (not the bytes, which would be hashed on every render), the clash choice and
  // the passphrase attempt (not the passphrase itself).
  const [preview] = useOpsKeyed(
    'team.previewMerge',
    [{ key: `${request.key}#${clashing}#${source.attempt}`, input: { source: request.source, clashing, ...withPassphrase } }],
    {
      staleTime: Infinity,
      gcTime: 0,
      refetchOnWindowFocus: false,
      // The dialog shows why the file could not be read (and asks for a passphrase) in place.
      meta: { errorInPlace: true },
    },
  );
  const locked = preview?.error?.code === ErrorCode.PASSPHRASE_REQUIRED || preview?.error?.code === ErrorCode.WRONG_PASSPHRASE;
  const merge = useCommand('team.merge', {
    onSuccess: (result) => {
      onClose();
      if (!result.changed) {
        showToast('notice', `Nothing new in ${request.name}: everything in it is already here.`);
        return;
      }
      showToast('notice', `${result.summary}.`, undoAction(client, result.summary));
    },
  });

  const plan = preview?.data;
  const conflicts = plan?.conflicts ?? [];
  const open = unsettled(conflicts, choices, edits);
  const coderName = plan?.coders.find((c) => c.isNew || c.codings > 0)?.name ?? 'co-coder';
  const empty = plan ? planIsEmpty(plan) : false;

  const choose = (c: MergeConflict, take: Choice) => {
    setChoices((prev) => ({ ...prev, [c.id]: take }));
    // An edit starts from their version, the one the researcher is most likely to adjust.
    if (take === 'edited' && !edits[c.id]) {
      const start: Partial<Record<EditableField, string>> = {};
      for (const f of editableFields(c)) start[f] = fieldValue(c.theirs.exists ? c.theirs : c.ours, f);
      setEdits((prev) => ({ ...prev, [c.id]: start }));
    }
  };

  return (
    <Modal
      title={`Merge a co-coder's project: ${request.name}`}
      onClose={onClose}
      closable={!merge.isPending}
      size="wide"
      testId="merge-project"
      footer={
        <>
          <p className="dialog-footnote" data-testid="merge-project-summary">
            {!plan
              ? preview?.error
                ? locked
                  ? 'The file is protected with a passphrase: enter it to read the file.'
                  : 'The project could not be read.'
                : 'Reading the project…'
              : empty
                ? 'Nothing to merge: everything in this file is already here.'
                : open.length > 0
                  ? `${planSummary(plan)}. ${plural(open.length, 'conflict')} still to settle.`
                  : `${planSummary(plan)}. Nothing is changed until you merge; one undo takes it all back.`}
          </p>
          <button type="button" className="button" onClick={onClose} disabled={merge.isPending} data-testid="merge-project-cancel">
            Cancel
          </button>
          <button
            type="button"
            className="button button--primary"
            disabled={!plan || empty || open.length > 0 || merge.isPending}
            onClick={() => merge.mutate({ source: request.source, clashing, ...withPassphrase, resolutions: resolutionsOf(conflicts, choices, edits) })}
            data-testid="merge-project-apply"
          >
            {merge.isPending ? 'Merging…' : 'Merge'}
          </button>
        </>
      }
    >
      {preview?.error ? (
        <p className="banner banner--error" role="alert">
          {preview.error.message}
        </p>
      ) : null}
      {locked ? (
        <SourcePassphraseForm name={request.name} onSubmit={(passphrase) => setSource((s) => ({ passphrase, attempt: s.attempt + 1 }))} />
      ) : null}
      {!plan && !preview?.error ? <p className="muted">Reading {request.name}…</p> : null}
      {plan ? (
        <>
          <div className="merge-stats" data-testid="merge-project-counts">
            <Count value={plan.counts.codingsAdded} label="codings" tone="add" />
            <Count value={plan.counts.documentsAdded} label="documents" tone="add" />
            <Count value={plan.counts.codesAdded} label="codes" tone="add" />
            <Count value={plan.counts.memosAdded} label="memos" tone="add" />
            <span className="muted">to add</span>
            {plan.counts.documentsClashing ? <Count value={plan.counts.documentsClashing} label="clashing" tone="warn" /> : null}
            <Count value={plan.counts.conflicts} label={plan.counts.conflicts === 1 ? 'conflict' : 'conflicts'} tone={plan.counts.conflicts ? 'warn' : 'quiet'} />
          </div>
          <p className="team-merge-ancestor muted" data-testid="merge-ancestor">
            {plan.source.kind === 'qdpx' ? `A REFI-QDA project${plan.source.title ? ` (“${plan.source.title}”)` : ''}. ` : ''}
            {plan.ancestor.found
              ? `Both copies share their history up to “${plan.ancestor.summary ?? 'the copy'}”${plan.ancestor.at ? ` (${new Date(plan.ancestor.at).toLocaleDateString()})` : ''}; changes are compared with that version.`
              : (plan.ancestor.reason ?? 'No common history: codes are matched by GUID and name.')}
          </p>
          {conflicts.length > 0 ? (
            <section className="team-merge-conflicts" aria-label="Codebook conflicts">
              <h3>
                Codebook conflicts <span className="muted">— both of you changed the same code; choose which version to keep</span>
              </h3>
              {conflicts.map((c) => (
                <ConflictCard
                  key={c.id}
                  conflict={c}
                  coderName={coderName}
                  choice={choices[c.id]}
                  edit={edits[c.id]}
                  onChoose={(take) => choose(c, take)}
                  onEdit={(field, value) => setEdits((prev) => ({ ...prev, [c.id]: { ...prev[c.id], [field]: value } }))}
                />
              ))}
            </section>
          ) : null}
          <Preview plan={plan} clashing={clashing} onClashing={setClashing} />
        </>
      ) : null}
    </Modal>
  );
}
