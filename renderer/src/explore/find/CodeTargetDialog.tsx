/**
 * The dialog behind "Code hits…" and "Code a speaker's turns…": choose a code (or name a new one),
 * plus whatever the caller asks (how far a hit extends, whose turns), then one command.
 */
import { useState, type ReactNode } from 'react';
import type { Code } from '../../../../shared/types';
import { Modal } from '../../components/Modal';
import { chosenTarget, CodeChooser, type CodeTarget } from './CodeChooser';

export function CodeTargetDialog({
  title,
  codes,
  busy,
  action,
  children,
  ready = true,
  onApply,
  onClose,
  testId,
}: {
  title: string;
  codes: readonly Code[];
  busy: boolean;
  /** The button's words, e.g. "Code 12 hits". */
  action: string;
  children?: ReactNode;
  /** False while the caller's own choices are incomplete. */
  ready?: boolean;
  onApply: (target: CodeTarget) => void;
  onClose: () => void;
  testId: string;
}) {
  const [typed, setTyped] = useState('');
  const [picked, setPicked] = useState<string | null>(null);
  const target = chosenTarget(codes, typed, picked);
  const submit = () => {
    if (target && ready && !busy) onApply(target);
  };
  return (
    <Modal
      title={title}
      onClose={onClose}
      closable={!busy}
      testId={testId}
      footer={
        <>
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="button" className="button button--primary" onClick={submit} disabled={!target || !ready || busy} data-testid={`${testId}-apply`}>
            {busy ? 'Coding…' : action}
          </button>
        </>
      }
    >
      <form
        className="code-target-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <CodeChooser
          codes={codes}
          typed={typed}
          picked={picked}
          onType={(t) => {
            setTyped(t);
            setPicked(null);
          }}
          onPick={(guid) => {
            setPicked(guid);
            setTyped(codes.find((c) => c.guid === guid)?.name ?? '');
          }}
        />
        {children}
        <p className="hint">One step: Undo takes all of it back.</p>
      </form>
    </Modal>
  );
}
