/**
 * Fields of the detail pane that save themselves: a change is sent when the field loses the focus
 * (or on Enter in a one-line field), so each edit is one `codes.update` and one undo step. A value
 * that changes underneath (an undo, another window) replaces the draft.
 */
import { useId, useState } from 'react';

export function SavingField({
  label,
  value,
  multiline = false,
  placeholder,
  testId,
  onSave,
}: {
  label: string;
  value: string;
  multiline?: boolean;
  placeholder?: string;
  testId: string;
  onSave: (value: string) => void;
}) {
  const id = useId();
  const [base, setBase] = useState(value);
  const [draft, setDraft] = useState(value);
  if (base !== value) {
    setBase(value);
    setDraft(value);
  }
  const save = () => {
    if (draft !== value) onSave(draft);
  };
  return (
    <div className="field cb-field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea
          id={id}
          value={draft}
          rows={3}
          placeholder={placeholder}
          data-testid={testId}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={save}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) save();
            if (e.key === 'Escape') setDraft(value);
          }}
        />
      ) : (
        <input
          id={id}
          type="text"
          value={draft}
          placeholder={placeholder}
          data-testid={testId}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={save}
          onKeyDown={(e) => {
            if (e.key === 'Enter') save();
            if (e.key === 'Escape') setDraft(value);
          }}
        />
      )}
    </div>
  );
}
