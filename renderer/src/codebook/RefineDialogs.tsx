/** The dialogs of the refinements that need a choice or a confirmation: merge, wrap into a theme, delete. */
import { useMemo, useState, type FormEvent } from 'react';
import type { Code, CodeStats } from '../../../shared/types';
import { codePath } from '../codes/code-tree';
import { Modal } from '../components/Modal';
import { plural } from '../import/files';
import { subtreeOf } from './tree-rows';

function pathName(byGuid: ReadonlyMap<string, Code>, code: Code): string {
  return [...codePath(byGuid, code), code.name].join(' › ');
}

/**
 * Merge the chosen codes into one: by default the first chosen, or any other code of the codebook
 * (the chosen ones then all go into it).
 */
export function MergeDialog({
  chosen,
  codes,
  onMerge,
  onClose,
}: {
  chosen: readonly Code[];
  codes: readonly Code[];
  onMerge: (codes: string[], into: string) => void;
  onClose: () => void;
}) {
  const byGuid = useMemo(() => new Map(codes.map((c) => [c.guid, c])), [codes]);
  const chosenGuids = new Set(chosen.map((c) => c.guid));
  const [into, setInto] = useState(chosen[0]?.guid ?? '');
  const others = codes.filter((c) => !chosenGuids.has(c.guid));
  const merged = chosen.filter((c) => c.guid !== into);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (into && merged.length) onMerge(merged.map((c) => c.guid), into);
  };
  return (
    <Modal
      title={`Merge ${plural(chosen.length, 'code')}`}
      onClose={onClose}
      testId="cb-merge-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="cb-merge-form" className="button button--primary" data-testid="cb-merge-apply" disabled={!merged.length}>
            Merge
          </button>
        </>
      }
    >
      <form id="cb-merge-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="cb-merge-into">Merge into</label>
          <select id="cb-merge-into" data-testid="cb-merge-into" value={into} onChange={(e) => setInto(e.target.value)} autoFocus>
            <optgroup label="The chosen codes">
              {chosen.map((c) => (
                <option key={c.guid} value={c.guid}>
                  {pathName(byGuid, c)}
                </option>
              ))}
            </optgroup>
            <optgroup label="Another code">
              {others.map((c) => (
                <option key={c.guid} value={c.guid}>
                  {pathName(byGuid, c)}
                </option>
              ))}
            </optgroup>
          </select>
        </div>
        <p className="field-hint">
          {merged.map((c) => `"${c.name}"`).join(', ')} {merged.length === 1 ? 'goes' : 'go'} into "{byGuid.get(into)?.name}": their
          codings, subcodes and memos move to it, and their definitions are added to its own. Undo takes it back.
        </p>
      </form>
    </Modal>
  );
}

export function WrapDialog({
  chosen,
  onWrap,
  onClose,
}: {
  chosen: readonly Code[];
  onWrap: (name: string) => void;
  onClose: () => void;
}) {
  const [name, setName] = useState('');
  return (
    <Modal
      title="Wrap into a new theme"
      onClose={onClose}
      testId="cb-wrap-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="cb-wrap-form" className="button button--primary" data-testid="cb-wrap-apply" disabled={!name.trim()}>
            Create theme
          </button>
        </>
      }
    >
      <form
        id="cb-wrap-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) onWrap(name);
        }}
      >
        <div className="field">
          <label htmlFor="cb-wrap-name">Name of the theme</label>
          <input id="cb-wrap-name" type="text" value={name} autoFocus data-testid="cb-wrap-name" onChange={(e) => setName(e.target.value)} />
        </div>
        <p className="field-hint">
          A candidate theme holding {chosen.map((c) => `"${c.name}"`).join(', ')}, in the place of the first of them.
        </p>
      </form>
    </Modal>
  );
}

export function DeleteDialog({
  code,
  codes,
  stats,
  onDelete,
  onClose,
}: {
  code: Code;
  codes: readonly Code[];
  stats: CodeStats | undefined;
  onDelete: () => void;
  onClose: () => void;
}) {
  const below = subtreeOf(codes, code.guid).size - 1;
  const codings = stats?.total.codings ?? code.codings;
  const noun = code.kind === 'theme' ? 'theme' : 'code';
  return (
    <Modal
      title={`Delete the ${noun} "${code.name}"?`}
      onClose={onClose}
      testId="cb-delete-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose} autoFocus>
            Cancel
          </button>
          <button type="button" className="button button--danger-solid" data-testid="cb-delete-confirm" onClick={onDelete}>
            Delete
          </button>
        </>
      }
    >
      <div className="confirm">
        <p data-testid="cb-delete-consequence">
          {below > 0 ? `It and the ${plural(below, 'code')} below it go, ` : 'It goes, '}
          with {plural(codings, 'coding')} and the memos on them.
        </p>
        <p className="muted">Undo (Ctrl+Z) brings everything back.</p>
      </div>
    </Modal>
  );
}
