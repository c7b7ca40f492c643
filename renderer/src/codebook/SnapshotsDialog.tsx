/**
 * Snapshots of the codebook: keep it under a name ("phase 3 candidate themes"), and compare two
 * snapshots, or one and the codebook now, side by side.
 */
import { useRef, useState } from 'react';
import type { SnapshotChange, SnapshotChangeKind, SnapshotCode } from '../../../shared/types';
import { useCommand, useOp } from '../api';
import { Modal } from '../components/Modal';
import { showToast } from '../components/toasts';

const CHANGE_WORDS: Record<SnapshotChangeKind, string> = {
  added: 'added',
  removed: 'removed',
  renamed: 'renamed',
  moved: 'moved',
  redefined: 'redefined',
  recoloured: 'recoloured',
  promoted: 'promoted',
  status: 'status',
};

function Side({ code }: { code: SnapshotCode | null }) {
  if (!code) return <td className="cb-diff-none">—</td>;
  return (
    <td>
      <div className="cb-diff-name">
        <span className="swatch" style={{ backgroundColor: code.color }} aria-hidden="true" />
        {code.name}
        {code.kind === 'theme' ? <span className="cb-theme-tag">theme{code.status ? `, ${code.status}` : ''}</span> : null}
      </div>
      {code.path.length > 1 ? <div className="muted cb-diff-path">{code.path.slice(0, -1).join(' › ')}</div> : null}
      {code.definition ? <div className="cb-diff-definition">{code.definition}</div> : null}
    </td>
  );
}

function DiffTable({ changes }: { changes: readonly SnapshotChange[] }) {
  if (changes.length === 0) return <p className="empty" data-testid="cb-diff-empty">No differences.</p>;
  return (
    <table className="cb-diff" data-testid="cb-diff">
      <thead>
        <tr>
          <th>Change</th>
          <th>Before</th>
          <th>After</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.guid} data-testid="cb-diff-row" data-changes={c.changes.join(' ')}>
            <td className="cb-diff-kinds">
              {c.changes.map((k) => (
                <span key={k} className={`cb-change cb-change--${k}`}>
                  {CHANGE_WORDS[k]}
                </span>
              ))}
            </td>
            <Side code={c.before} />
            <Side code={c.after} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SnapshotsDialog({ onClose }: { onClose: () => void }) {
  const list = useOp('snapshots.list', {});
  const [name, setName] = useState('');
  const nameRef = useRef<HTMLInputElement>(null);
  const [from, setFrom] = useState<string>('');
  const [to, setTo] = useState<string>('now');
  const create = useCommand('snapshots.create', {
    onSuccess: (s) => {
      showToast('notice', `Snapshot "${s.name}" kept (${s.codes} codes, ${s.themes} themes)`);
      setName('');
      setFrom(s.guid);
      // The button went disabled while it ran and dropped the focus; Escape must still close the dialog.
      nameRef.current?.focus();
    },
  });
  // By default, the latest snapshot against now: "what have I changed since".
  const latest = [...(list.data ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  const fromRef = from || latest?.guid || '';
  // "now" moves with every edit of the codebook, which does not invalidate the snapshots domain.
  const diff = useOp('snapshots.diff', { from: fromRef, to }, { enabled: !!fromRef && fromRef !== to, staleTime: 0 });
  const options = (
    <>
      {(list.data ?? []).map((s) => (
        <option key={s.guid} value={s.guid}>
          {s.name} ({new Date(s.createdAt).toLocaleString()})
        </option>
      ))}
    </>
  );
  return (
    <Modal title="Snapshots of the codebook" size="wide" onClose={onClose} testId="cb-snapshots">
      <form
        className="cb-snapshot-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) create.mutate({ name });
        }}
      >
        <input
          ref={nameRef}
          type="text"
          value={name}
          placeholder="Name, e.g. phase 3 candidate themes"
          aria-label="Name of the new snapshot"
          data-testid="cb-snapshot-name"
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="button button--primary" disabled={!name.trim() || create.isPending} data-testid="cb-snapshot-create">
          Keep a snapshot
        </button>
      </form>
      {list.data?.length === 0 ? (
        <p className="empty">No snapshots yet. Keep one before a round of refinements, to compare afterwards.</p>
      ) : (
        <>
          <div className="cb-compare">
            <label>
              Compare{' '}
              <select value={fromRef} onChange={(e) => setFrom(e.target.value)} data-testid="cb-diff-from">
                {options}
              </select>
            </label>
            <label>
              with{' '}
              <select value={to} onChange={(e) => setTo(e.target.value)} data-testid="cb-diff-to">
                <option value="now">the codebook now</option>
                {options}
              </select>
            </label>
            {diff.data ? (
              <span className="muted" data-testid="cb-diff-summary">
                {Object.entries(diff.data.summary)
                  .filter(([, n]) => n > 0)
                  .map(([k, n]) => `${n} ${k}`)
                  .join(', ') || 'no changes'}
              </span>
            ) : null}
          </div>
          {fromRef === to ? <p className="empty">Choose two different states.</p> : diff.data ? <DiffTable changes={diff.data.changes} /> : null}
        </>
      )}
    </Modal>
  );
}
