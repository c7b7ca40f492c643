/**
 * The coder layer in the transcript toolbar: whose codings are shown (mine, one co-coder's, all),
 * blind mode, and the labels over the coders' stripe groups. Built on `useCoderLayer`, so the
 * Team view can offer the same choices.
 */
import type { CodedSegment } from '../../../shared/types';
import { Modal } from '../components/Modal';
import type { StripeGroup } from '../transcript/stripes';
import { coderPatternClass, layerLabel, type CoderLayer, type CoderMark } from './coder-layer';
import './coders.css';

/** A small sample of a coder's stripe pattern. */
export function CoderSwatch({ coder }: { coder: CoderMark }) {
  return <span className={`coder-swatch ${coderPatternClass(coder)}`} aria-hidden="true" />;
}

/**
 * The "Coders" select and the blind-mode switch. Shown when the project has more than one coder,
 * and whenever blind mode is on (so it can always be turned off).
 */
export function CodersControl({ layer }: { layer: CoderLayer }) {
  if (!layer.multiple && !layer.blind) return null;
  return (
    <span className="coders-control" data-testid="coders-control">
      <label title="Whose codings to show (L)">
        Coders
        <select
          value={layer.layer}
          disabled={layer.blind}
          onChange={(e) => layer.setLayer(e.target.value)}
          data-testid="coder-layer"
          aria-label="Show the codings of"
        >
          <option value="mine">{layerLabel('mine', layer.byGuid)}</option>
          {layer.coders
            .filter((c) => !c.mine)
            .map((c) => (
              <option key={c.guid} value={c.guid}>
                {c.name}
              </option>
            ))}
          <option value="all">{layerLabel('all', layer.byGuid)}</option>
        </select>
      </label>
      <label title="Hide every other coder's codings while you code (Shift+B)">
        <input type="checkbox" checked={layer.blind} onChange={(e) => layer.setBlind(e.target.checked)} data-testid="blind-mode" />
        Blind
      </label>
    </span>
  );
}

/** The unmistakable sign that blind mode is on. */
export function BlindBadge({ layer }: { layer: CoderLayer }) {
  if (!layer.blind) return null;
  return (
    <span className="blind-badge" role="status" data-testid="blind-badge">
      Blind coding: others' codings hidden
    </span>
  );
}

/** Pixels a label of two or three initials takes, with a little space after it. */
const LABEL_ROOM = 24;

/**
 * The coders' initials over their stripe groups, hanging below the (sticky) toolbar so they stay
 * in sight while reading. `left` is where the stripe gutter starts, from the toolbar's left edge.
 */
export function StripeGroupLabels({ groups, layer, step }: { groups: readonly StripeGroup[]; layer: CoderLayer; step: number }) {
  if (groups.length < 2) return null;
  const byIndex = new Map(layer.coders.map((c) => [c.index, c]));
  // Over its group's first column, pushed right when a narrow group before it needs the room.
  const lefts: number[] = [];
  for (const g of groups) lefts.push(Math.max(g.offset * step, (lefts.at(-1) ?? -Infinity) + LABEL_ROOM));
  return (
    <span className="stripe-group-labels" aria-hidden="true">
      {groups.map((g, i) => {
        const coder = byIndex.get(g.group);
        if (!coder) return null;
        return (
          <span
            key={g.group}
            className="stripe-group-label"
            style={{ left: lefts[i] }}
            title={coder.mine ? `${coder.name} (me)` : coder.name}
            data-testid="stripe-group-label"
            data-coder={coder.guid}
          >
            {coder.initials}
          </span>
        );
      })}
    </span>
  );
}

/**
 * Removing a coding that another coder made: only after saying whose it is. (Undo brings it
 * back, but it is their analysis, so it is never one keypress away.)
 */
export function RemoveTheirsDialog({
  coding,
  coder,
  codeName,
  busy,
  onRemove,
  onClose,
}: {
  coding: CodedSegment;
  coder: string;
  codeName: string;
  busy: boolean;
  onRemove: () => void;
  onClose: () => void;
}) {
  return (
    <Modal
      title={`Remove ${coder}'s coding?`}
      onClose={onClose}
      testId="remove-theirs-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose} autoFocus>
            Keep it
          </button>
          <button type="button" className="button button--danger-solid" disabled={busy} onClick={onRemove} data-testid="remove-theirs-confirm">
            Remove {coder}'s coding
          </button>
        </>
      }
    >
      <div className="confirm">
        <p>
          This coding of <strong>{codeName}</strong> (“{coding.text.length > 80 ? `${coding.text.slice(0, 79)}…` : coding.text}”) was made by{' '}
          <strong>{coder}</strong>, not by you.
        </p>
        <p className="muted">Undo (Ctrl+Z) brings it back.</p>
      </div>
    </Modal>
  );
}
