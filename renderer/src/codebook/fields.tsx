/**
 * Fields of the detail pane that save themselves: a change is sent when the field loses the focus
 * (or on Enter in a one-line field), so each edit is one `codes.update` and one undo step. A value
 * that changes underneath (an undo, another window, a colleague) replaces the draft unless it is
 * being edited; see SavingField.
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
  /** `seen`: the value the edit started from, so that a colleague's change meanwhile is caught. */
  onSave: (value: string, seen: string) => void;
}) {
  const id = useId();
  // `base` is the value the draft started from. A new value from outside (a save, or a
  // colleague's change on the team server) replaces the draft only when nothing is being typed:
  // typing is never thrown away, and saving it names `base`, which the core checks.
  const [base, setBase] = useState(value);
  const [draft, setDraft] = useState(value);
  // The draft last sent: Enter saves, and the blur that follows (the next field takes the focus)
  // must not send it again while the first save is still on its way, or the second would name
  // the old value as seen and be refused as a conflict with the first.
  const [sent, setSent] = useState<string | null>(null);
  if (base !== value && (draft === base || draft === value)) {
    setBase(value);
    setDraft(value);
    setSent(null);
  }
  const save = () => {
    if (draft === base || draft === sent) return;
    setSent(draft);
    onSave(draft, base);
  };
  const revert = () => {
    setBase(value);
    setDraft(value);
    setSent(null);
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
            if (e.key === 'Escape') revert();
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
            if (e.key === 'Escape') revert();
          }}
        />
      )}
    </div>
  );
}
