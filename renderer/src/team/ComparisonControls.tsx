/**
 * What is compared, shared by the agreement report and the consensus view: which coders (two or
 * more) and at which unit, each unit explained in a sentence, with the segment unit's overlap.
 */
import type { AgreementUnit } from '../../../shared/agreement-report';
import type { CoderMark } from './coder-layer';
import { CoderSwatch } from './CodersControl';
import { UNIT_CHOICES } from './agreement-view';
import type { Comparison } from './Disagreements';

export function ComparisonControls({
  coders,
  value,
  onChange,
  explain = true,
}: {
  coders: readonly CoderMark[];
  value: Comparison;
  onChange: (next: Comparison) => void;
  /** The chosen unit's explanation (the consensus view keeps the list short). */
  explain?: boolean;
}) {
  const toggle = (guid: string, on: boolean) => {
    const chosen = new Set(value.coders);
    if (on) chosen.add(guid);
    else chosen.delete(guid);
    // In the project's order of coders (me first), as the report lists them.
    onChange({ ...value, coders: coders.filter((c) => chosen.has(c.guid)).map((c) => c.guid) });
  };
  const setUnit = (unit: AgreementUnit) => onChange({ ...value, unit });

  return (
    <div className="comparison">
      <fieldset className="team-fieldset">
        <legend>Coders</legend>
        {coders.map((c) => (
          <label key={c.guid} className="team-check">
            <input type="checkbox" checked={value.coders.includes(c.guid)} onChange={(e) => toggle(c.guid, e.target.checked)} data-testid="compare-coder" data-coder={c.name} />
            <CoderSwatch coder={c} />
            {c.name}
            {c.mine ? <span className="muted">(me)</span> : null}
          </label>
        ))}
        {value.coders.length < 2 ? <p className="field-hint field-hint--warn">Choose at least two coders.</p> : null}
      </fieldset>
      <fieldset className="team-fieldset">
        <legend>Unit</legend>
        {UNIT_CHOICES.map((u) => (
          <label key={u.unit} className={`unit-choice${value.unit === u.unit ? ' unit-choice--on' : ''}`}>
            <input type="radio" name="agreement-unit" checked={value.unit === u.unit} onChange={() => setUnit(u.unit)} data-testid={`unit-${u.unit}`} />
            <span className="unit-choice-text">
              <span className="unit-choice-title">
                {u.title} <span className="muted">{u.origin}</span>
              </span>
              {explain && value.unit === u.unit ? <span className="unit-choice-explanation">{u.explanation}</span> : null}
            </span>
          </label>
        ))}
        {value.unit === 'segment' ? (
          <label className="team-threshold">
            Same segment when they overlap by at least
            <input
              type="number"
              min={1}
              max={100}
              value={value.threshold}
              onChange={(e) => {
                const n = Math.round(Number(e.target.value));
                if (Number.isFinite(n) && n >= 1 && n <= 100) onChange({ ...value, threshold: n });
              }}
              data-testid="segment-threshold"
            />
            %
          </label>
        ) : null}
      </fieldset>
    </div>
  );
}
