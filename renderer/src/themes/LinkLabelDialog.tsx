/** Asks what a new link between two themes says ("undermines", "is a condition for"). */
import { useState } from 'react';
import { Modal } from '../components/Modal';

export function LinkLabelDialog({
  from,
  to,
  busy,
  onCancel,
  onLink,
}: {
  from: string;
  to: string;
  busy: boolean;
  onCancel: () => void;
  onLink: (label: string) => void;
}) {
  const [label, setLabel] = useState('');
  const submit = () => !busy && onLink(label.trim());
  return (
    <Modal
      title="Link two themes"
      onClose={onCancel}
      testId="link-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="button button--primary" disabled={busy} onClick={submit} data-testid="link-save">
            Link
          </button>
        </>
      }
    >
      <p className="link-dialog-ends">
        <strong>{from}</strong> → <strong>{to}</strong>
      </p>
      <div className="field">
        <label htmlFor="link-label">What the link says (optional)</label>
        <input
          id="link-label"
          data-autofocus
          value={label}
          placeholder="e.g. undermines, is a condition for"
          onChange={(e) => setLabel(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && submit()}
          data-testid="link-label"
        />
      </div>
    </Modal>
  );
}
