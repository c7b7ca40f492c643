/**
 * The code tree of the Codebook view: one row per code or theme with its counts, fold toggles,
 * multi-selection (click, Ctrl/Cmd+click, Shift+click, or the checkboxes) and drag and drop
 * (onto a row: make it a child; on the edge between rows: reorder).
 */
import { memo, useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent, type MouseEvent } from 'react';
import type { CodeCounts } from '../../../shared/types';
import { dropZone, type DropZone } from './drop';
import type { CodebookRow } from './tree-rows';

const DRAG_TYPE = 'application/x-chorus-code';

function Count({ value, testId, label }: { value: number | undefined; testId: string; label: string }) {
  return (
    <span className="cb-count" data-testid={testId} aria-label={`${label}: ${value ?? 0}`} title={label}>
      {value ?? 0}
    </span>
  );
}

function countsLabel(name: string, own: CodeCounts | undefined, total: CodeCounts | undefined): string {
  if (!own || !total) return name;
  const sub = total.codings !== own.codings ? ` (${own.codings} on the code itself)` : '';
  return `${name}: ${total.codings} codings${sub}, ${total.documents} focus groups, ${total.participants} participants`;
}

type NavKey = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight';

interface RowActions {
  onClickRow: (guid: string, keys: { toggle: boolean; range: boolean }) => void;
  onToggleChecked: (guid: string) => void;
  onToggleFold: (guid: string) => void;
  onDrop: (dragged: string, target: string, zone: DropZone) => void;
  onKeyNav: (guid: string, key: NavKey) => void;
  setHint: (hint: { guid: string; zone: DropZone } | null) => void;
  setDragging: (guid: string | null) => void;
}

function zoneOf(e: DragEvent<HTMLElement>): DropZone {
  const rect = e.currentTarget.getBoundingClientRect();
  return dropZone(e.clientY - rect.top, rect.height);
}

/**
 * One row. Memoised, with actions that keep their identity: selecting a row or dragging over one
 * re-renders that row, not the thousands of others a big codebook has.
 */
const CodeRow = memo(function CodeRow({
  row: { code, depth, hasChildren, expanded, stats, match },
  isSelected,
  isCurrent,
  tabbable,
  dropHint,
  isDragging,
  actions,
}: {
  row: CodebookRow;
  isSelected: boolean;
  isCurrent: boolean;
  tabbable: boolean;
  dropHint: DropZone | null;
  isDragging: boolean;
  actions: RowActions;
}) {
  const classes = ['cb-row'];
  if (isSelected) classes.push('cb-row--selected');
  if (isCurrent) classes.push('cb-row--current');
  if (!match) classes.push('cb-row--context');
  if (isDragging) classes.push('cb-row--dragging');
  if (dropHint) classes.push(`cb-row--drop-${dropHint}`);
  return (
    <li
      role="treeitem"
      aria-level={depth + 1}
      aria-selected={isSelected}
      aria-expanded={hasChildren ? expanded : undefined}
      className={classes.join(' ')}
      draggable
      tabIndex={tabbable ? 0 : -1}
      data-testid="cb-row"
      data-code={code.guid}
      data-code-name={code.name}
      data-kind={code.kind}
      onClick={(e: MouseEvent) => actions.onClickRow(code.guid, { toggle: e.ctrlKey || e.metaKey, range: e.shiftKey })}
      onKeyDown={(e: KeyboardEvent) => {
        if (e.target !== e.currentTarget) return;
        if (e.key === 'ArrowUp' || e.key === 'ArrowDown' || e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
          e.preventDefault();
          actions.onKeyNav(code.guid, e.key);
        } else if (e.key === ' ') {
          e.preventDefault();
          actions.onToggleChecked(code.guid);
        }
      }}
      onDragStart={(e) => {
        e.dataTransfer.setData(DRAG_TYPE, code.guid);
        e.dataTransfer.setData('text/plain', code.name);
        e.dataTransfer.effectAllowed = 'move';
        actions.setDragging(code.guid);
      }}
      onDragEnd={() => {
        actions.setDragging(null);
        actions.setHint(null);
      }}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
        const zone = zoneOf(e);
        if (zone !== dropHint) actions.setHint({ guid: code.guid, zone });
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null) && dropHint) actions.setHint(null);
      }}
      onDrop={(e) => {
        const dragged = e.dataTransfer.getData(DRAG_TYPE);
        if (!dragged) return;
        e.preventDefault();
        actions.setHint(null);
        actions.setDragging(null);
        actions.onDrop(dragged, code.guid, zoneOf(e));
      }}
    >
      <input
        type="checkbox"
        className="cb-check"
        checked={isSelected}
        aria-label={`Select ${code.name}`}
        data-testid="cb-check"
        onClick={(e) => e.stopPropagation()}
        onChange={() => actions.onToggleChecked(code.guid)}
      />
      <span className="cb-cell-name" style={{ paddingLeft: `${6 + depth * 18}px` }}>
        {hasChildren ? (
          <button
            type="button"
            className="cb-fold"
            tabIndex={-1}
            aria-label={expanded ? `Collapse ${code.name}` : `Expand ${code.name}`}
            data-testid="cb-fold"
            onClick={(e) => {
              e.stopPropagation();
              actions.onToggleFold(code.guid);
            }}
          >
            {expanded ? '▾' : '▸'}
          </button>
        ) : (
          <span className="cb-fold cb-fold--leaf" aria-hidden="true" />
        )}
        <span className="swatch" style={{ backgroundColor: code.color }} aria-hidden="true" />
        <span className="cb-name" data-testid="cb-name" title={countsLabel(code.name, stats, stats?.total)}>
          {code.name}
        </span>
        {code.kind === 'theme' ? (
          <span className="cb-theme-tag" data-testid="cb-theme-tag" title={`Theme (${code.status ?? 'candidate'})`}>
            {depth > 0 ? 'subtheme' : 'theme'}
          </span>
        ) : null}
      </span>
      <Count value={stats?.codings} testId="cb-codings" label="Codings on the code itself" />
      <Count value={stats?.total.codings} testId="cb-codings-total" label="Codings with everything below it" />
      <Count value={stats?.total.documents} testId="cb-documents" label="Focus groups (with everything below it)" />
      <Count value={stats?.total.participants} testId="cb-participants" label="Participants (with everything below it)" />
    </li>
  );
});

export function CodeTreeList({
  rows,
  selected,
  current,
  ...handlers
}: {
  rows: readonly CodebookRow[];
  selected: ReadonlySet<string>;
  current: string | null;
  onClickRow: RowActions['onClickRow'];
  onToggleChecked: RowActions['onToggleChecked'];
  onToggleFold: RowActions['onToggleFold'];
  onDrop: RowActions['onDrop'];
  onKeyNav: RowActions['onKeyNav'];
}) {
  const [hint, setHint] = useState<{ guid: string; zone: DropZone } | null>(null);
  const [dragging, setDragging] = useState<string | null>(null);
  // The latest handlers, behind actions whose identity never changes (see CodeRow).
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  const actions = useMemo<RowActions>(
    () => ({
      onClickRow: (...a) => latest.current.onClickRow(...a),
      onToggleChecked: (...a) => latest.current.onToggleChecked(...a),
      onToggleFold: (...a) => latest.current.onToggleFold(...a),
      onDrop: (...a) => latest.current.onDrop(...a),
      onKeyNav: (...a) => latest.current.onKeyNav(...a),
      setHint,
      setDragging,
    }),
    [],
  );
  const first = rows[0]?.code.guid;
  return (
    <ul className="cb-tree" role="tree" aria-multiselectable="true" aria-label="Codes and themes" data-testid="cb-tree" data-rows={rows.length}>
      {rows.map((row) => {
        const guid = row.code.guid;
        return (
          <CodeRow
            key={guid}
            row={row}
            isSelected={selected.has(guid)}
            isCurrent={guid === current}
            tabbable={guid === current || (!current && guid === first)}
            dropHint={hint?.guid === guid ? hint.zone : null}
            isDragging={dragging === guid}
            actions={actions}
          />
        );
      })}
    </ul>
  );
}

export function CodeTreeHeader() {
  return (
    <div className="cb-tree-header" aria-hidden="true">
      <span />
      <span className="cb-cell-name">Name</span>
      <span className="cb-count" title="Codings on the code itself">Codings</span>
      <span className="cb-count" title="Codings with everything below it">With sub.</span>
      <span className="cb-count" title="Focus groups (documents)">Groups</span>
      <span className="cb-count" title="Participants">People</span>
    </div>
  );
}
