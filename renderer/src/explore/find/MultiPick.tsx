/**
 * A filter as a drop-down of checkboxes: "Documents: all" until some are ticked. Nothing ticked
 * means no filter, which is what a researcher expects of an empty choice.
 */
import { useState } from 'react';
import { useDismiss } from '../../components/dismiss';

export interface PickOption {
  value: string;
  label: string;
  /** A second, quieter line (a participant's groups, a document's turns). */
  note?: string;
}

export function MultiPick({
  label,
  options,
  chosen,
  onChange,
  testId,
  allLabel = 'all',
}: {
  label: string;
  options: readonly PickOption[];
  chosen: readonly string[];
  onChange: (values: string[]) => void;
  testId: string;
  allLabel?: string;
}) {
  const [open, setOpen] = useState(false);
  const ref = useDismiss(open, setOpen);
  const picked = options.filter((o) => chosen.includes(o.value));
  const summary = picked.length === 0 ? allLabel : picked.length === 1 ? picked[0]!.label : `${picked.length} of ${options.length}`;
  const toggle = (value: string) => onChange(chosen.includes(value) ? chosen.filter((v) => v !== value) : [...chosen, value]);
  return (
    <div className="multi-pick" ref={ref}>
      <button
        type="button"
        className={`multi-pick-button${picked.length ? ' multi-pick-button--active' : ''}`}
        aria-haspopup="true"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        data-testid={testId}
      >
        <span className="multi-pick-label">{label}:</span> {summary}
        <span className="chevron" aria-hidden="true">
          ▾
        </span>
      </button>
      {open ? (
        <div className="multi-pick-menu" role="group" aria-label={label}>
          {options.length === 0 ? <p className="muted multi-pick-empty">Nothing to choose from yet.</p> : null}
          {options.map((o) => (
            <label key={o.value} className="multi-pick-option">
              <input type="checkbox" checked={chosen.includes(o.value)} onChange={() => toggle(o.value)} />
              <span>
                {o.label}
                {o.note ? <span className="multi-pick-note">{o.note}</span> : null}
              </span>
            </label>
          ))}
          {picked.length ? (
            <button type="button" className="button button--small button--quiet multi-pick-clear" onClick={() => onChange([])}>
              Clear
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
