/**
 * Merging a codebook: what the file would add, rename and leave alone (nothing is written yet),
 * then Apply, one undo step, or Cancel. A code matched by GUID is the same code, perhaps renamed
 * by a co-coder; one matched by name only looks alike, so the table says which.
 */
import { useState } from 'react';
import type { OpInput } from '../../../shared/api';
import { useCommand, useOpsKeyed } from '../api';
import { Modal } from '../components/Modal';
import { showToast } from '../components/toasts';
import { ACTION_LABEL, changesFirst, mergeRows, planChangesNothing, planSummary } from './merge-plan';

export interface MergeRequest {
  /** Changes with every pick, so a file picked twice is read again. */
  key: string;
  /** The file's name, as the researcher knows it. */
  name: string;
  source: OpInput<'exchange.previewCodebook'>['source'];
}

export function MergeCodebookDialog({ request, onClose }: { request: MergeRequest; onClose: () => void }) {
  const [showKept, setShowKept] = useState(false);
  // Keyed by the pick, not by the bytes: a key is hashed on every render.
  const [preview] = useOpsKeyed('exchange.previewCodebook', [{ key: request.key, input: { source: request.source } }], {
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
  });
  const merge = useCommand('exchange.mergeCodebook', {
    onSuccess: (plan) => {
      const { add, rename } = plan.counts;
      showToast('notice', `Merged ${request.name}: ${add} added, ${rename} renamed. Undo takes the whole merge back.`);
      onClose();
    },
  });

  const plan = preview?.data;
  const rows = plan ? changesFirst(mergeRows(plan)) : [];
  const shown = showKept ? rows : rows.filter((r) => r.action !== 'keep');
  const nothing = plan ? planChangesNothing(plan) : false;

  return (
    <Modal
      title={`Merge the codebook ${request.name}`}
      onClose={onClose}
      closable={!merge.isPending}
      testId="merge-preview"
      footer={
        <>
          <p className="dialog-footnote" data-testid="merge-summary">
            {!plan
              ? preview?.error
                ? 'The codebook could not be read.'
                : 'Reading the codebook…'
              : nothing
                ? 'This codebook adds nothing: every code is already here under the same name.'
                : `${planSummary(plan.counts)}. Nothing is changed until you apply; one undo takes the merge back.`}
          </p>
          <button type="button" className="button" onClick={onClose} disabled={merge.isPending} data-testid="merge-cancel">
            Cancel
          </button>
          <button
            type="button"
            className="button button--primary"
            disabled={!plan || nothing || merge.isPending}
            onClick={() => merge.mutate({ source: request.source })}
            data-testid="merge-apply"
          >
            {merge.isPending ? 'Merging…' : 'Apply'}
          </button>
        </>
      }
    >
      {preview?.error ? (
        <p className="banner banner--error" role="alert">
          {preview.error.message}
        </p>
      ) : null}
      {plan ? (
        <>
          <div className="merge-counts" data-testid="merge-counts">
            <span className="merge-count merge-count--add">
              <strong>{plan.counts.add}</strong> to add
            </span>
            <span className="merge-count merge-count--rename">
              <strong>{plan.counts.rename}</strong> to rename
            </span>
            <span className="merge-count merge-count--keep">
              <strong>{plan.counts.keep}</strong> kept
            </span>
            {plan.origin ? <span className="muted">Written by {plan.origin}</span> : null}
            <label className="merge-show-kept">
              <input type="checkbox" checked={showKept} onChange={(e) => setShowKept(e.target.checked)} data-testid="merge-show-kept" />
              Show the codes kept as they are
            </label>
          </div>
          {shown.length === 0 ? (
            <p className="muted merge-empty">{nothing ? 'Nothing to change.' : 'No code changes.'}</p>
          ) : (
            <div className="merge-table-wrap">
              <table className="merge-table" data-testid="merge-table">
                <thead>
                  <tr>
                    <th scope="col">Action</th>
                    <th scope="col">Code in the file</th>
                    <th scope="col">Code in this project</th>
                    <th scope="col">Matched by</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((r) => (
                    <tr key={r.guid} data-testid="merge-row" data-action={r.action}>
                      <td>
                        <span className={`merge-action merge-action--${r.action}`}>{ACTION_LABEL[r.action]}</span>
                      </td>
                      <td>
                        <span className="merge-name" data-testid="merge-name">
                          {r.name}
                        </span>
                        {r.parents ? <span className="merge-parents">under {r.parents}</span> : null}
                        {r.note ? <span className="merge-note">{r.note}</span> : null}
                      </td>
                      <td data-testid="merge-matched">
                        {r.action === 'rename' ? (
                          <>
                            <s>{r.matched}</s> → {r.name}
                          </>
                        ) : (
                          r.matched || <span className="muted">new</span>
                        )}
                      </td>
                      <td className="muted">{r.how || '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : null}
    </Modal>
  );
}
