/**
 * The Codebook view, for refining codes (Braun & Clarke's phases 3–5): the whole code tree with
 * its counts, the selected code's description and segments, and the refinements — move (drag and
 * drop or Move to…), merge, split, wrap into a theme, promote, delete — each one command, so one
 * undo step. Snapshots keep the codebook at a moment to compare it later.
 */
import { useMemo, useState } from 'react';
import type { Code, CodedSegment } from '../../../shared/types';
import { useCommand, useOp } from '../api';
import { showToast } from '../components/toasts';
import { plural } from '../import/files';
import { CodeDetail } from './CodeDetail';
import { CodeTreeHeader, CodeTreeList } from './CodeTreeList';
import { moveForDrop, type DropZone } from './drop';
import { DeleteDialog, MergeDialog, WrapDialog } from './RefineDialogs';
import { clickSelection, EMPTY_SELECTION, pruneSelection, type TreeSelection } from './selection';
import { SnapshotsDialog } from './SnapshotsDialog';
import { codebookRows, defaultFolds } from './tree-rows';
import './codebook.css';

type Dialog = { kind: 'merge' } | { kind: 'wrap' } | { kind: 'delete'; code: Code } | { kind: 'snapshots' };

export function CodebookView({ onOpenSegment }: { onOpenSegment: (segment: CodedSegment) => void }) {
  const codes = useOp('codes.list', {});
  const stats = useOp('codes.stats', {});
  const [filter, setFilter] = useState('');
  // null until the researcher folds or unfolds something: then the default below applies.
  const [folded, setCollapsed] = useState<ReadonlySet<string> | null>(null);
  const [rawSelection, setSelection] = useState<TreeSelection>(EMPTY_SELECTION);
  const [rawCurrent, setCurrent] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);

  const all = useMemo(() => codes.data ?? [], [codes.data]);
  const byGuid = useMemo(() => new Map(all.map((c) => [c.guid, c])), [all]);
  const statsByGuid = useMemo(() => new Map((stats.data ?? []).map((s) => [s.guid, s])), [stats.data]);
  const collapsed = useMemo(() => folded ?? defaultFolds(all), [folded, all]);
  const rows = useMemo(() => codebookRows(all, stats.data, collapsed, filter), [all, stats.data, collapsed, filter]);
  const order = useMemo(() => rows.map((r) => r.code.guid), [rows]);

  // Codes merged, deleted or undone away leave the selection quietly.
  const selection = pruneSelection(rawSelection, (g) => byGuid.has(g));
  const current = rawCurrent && byGuid.has(rawCurrent) ? rawCurrent : null;
  const chosen = [...selection.selected].flatMap((g) => byGuid.get(g) ?? []);
  // Tree order, so "the first of them" is the one highest in the tree.
  chosen.sort((a, b) => order.indexOf(a.guid) - order.indexOf(b.guid));
  const currentCode = current ? byGuid.get(current) : undefined;

  const selectOnly = (guid: string) => {
    setSelection({ selected: new Set([guid]), anchor: guid });
    setCurrent(guid);
  };
  const close = () => setDialog(null);

  const move = useCommand('codes.move', {
    onSuccess: (c) => showToast('notice', `Moved "${c.name}"`),
  });
  const merge = useCommand('codes.merge', {
    onSuccess: (r) => {
      const dup = r.duplicatesCollapsed ? `, ${plural(r.duplicatesCollapsed, 'duplicate')} kept once` : '';
      showToast('notice', `Merged ${plural(r.merged, 'code')} into "${r.code.name}": ${plural(r.codingsMoved, 'coding')} moved${dup}`);
      selectOnly(r.code.guid);
    },
  });
  const wrap = useCommand('themes.wrap', {
    onSuccess: (theme) => {
      showToast('notice', `New candidate theme "${theme.name}"`);
      selectOnly(theme.guid);
    },
  });
  const remove = useCommand('codes.delete', {
    onSuccess: (r) => showToast('notice', `Deleted ${plural(r.codes, 'code')} and ${plural(r.codings, 'coding')}`),
  });

  const onKeyNav = (guid: string, key: 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight') => {
    const at = order.indexOf(guid);
    const row = rows[at];
    if (key === 'ArrowLeft' && row?.hasChildren && row.expanded) return toggleFold(guid);
    if (key === 'ArrowRight' && row?.hasChildren && !row.expanded) return toggleFold(guid);
    const next = key === 'ArrowUp' ? order[at - 1] : key === 'ArrowDown' ? order[at + 1] : key === 'ArrowLeft' ? row?.code.parentGuid : order[at + 1];
    if (!next) return;
    selectOnly(next);
    document.querySelector<HTMLElement>(`[data-testid="cb-row"][data-code="${next}"]`)?.focus();
  };
  const toggleFold = (guid: string) =>
    setCollapsed(() => {
      const next = new Set(collapsed);
      if (next.has(guid)) next.delete(guid);
      else next.add(guid);
      return next;
    });

  const onDrop = (dragged: string, target: string, zone: DropZone) => {
    const request = moveForDrop(all, dragged, target, zone);
    if (request) move.mutate(request);
  };

  const themes = all.filter((c) => c.kind === 'theme').length;

  return (
    <div className="cb" data-testid="view-codebook-body">
      <div className="cb-toolbar">
        <h1>Codebook</h1>
        <span className="muted" data-testid="cb-totals">
          {plural(all.length - themes, 'code')}, {plural(themes, 'theme')}
        </span>
        <input
          type="search"
          className="cb-filter"
          placeholder="Filter by name"
          aria-label="Filter codes by name"
          value={filter}
          data-testid="cb-filter"
          onChange={(e) => setFilter(e.target.value)}
        />
        <button type="button" className="button button--small button--quiet" onClick={() => setCollapsed(new Set())} data-testid="cb-expand-all">
          Expand all
        </button>
        <button
          type="button"
          className="button button--small button--quiet"
          onClick={() => setCollapsed(new Set(all.map((c) => c.guid)))}
          data-testid="cb-collapse-all"
        >
          Collapse all
        </button>
        <span className="cb-toolbar-gap" />
        {chosen.length > 0 ? (
          <span className="cb-selection" data-testid="cb-selection-count">
            {plural(chosen.length, 'selected', 'selected')}
          </span>
        ) : null}
        <button
          type="button"
          className="button button--small"
          data-testid="cb-merge"
          disabled={chosen.length < 2 || merge.isPending}
          title="Merge the selected codes into one (select two or more: Ctrl+click or the checkboxes)"
          onClick={() => setDialog({ kind: 'merge' })}
        >
          Merge into…
        </button>
        <button
          type="button"
          className="button button--small"
          data-testid="cb-wrap"
          disabled={chosen.length < 1 || wrap.isPending}
          title="Group the selected codes under a new candidate theme"
          onClick={() => setDialog({ kind: 'wrap' })}
        >
          Wrap into a theme…
        </button>
        <button type="button" className="button button--small" data-testid="cb-snapshots-open" onClick={() => setDialog({ kind: 'snapshots' })}>
          Snapshots…
        </button>
      </div>
      <div className="cb-body">
        <div className="cb-tree-pane">
          <CodeTreeHeader />
          <div className="cb-tree-scroll">
            {codes.isPending ? <p className="empty">Loading…</p> : null}
            {codes.data && all.length === 0 ? <p className="empty">No codes yet: code passages in a transcript first.</p> : null}
            {all.length > 0 && rows.length === 0 ? <p className="empty">No code's name contains "{filter}".</p> : null}
            <CodeTreeList
              rows={rows}
              selected={selection.selected}
              current={current}
              onClickRow={(guid, keys) => {
                setSelection(clickSelection(selection, order, guid, keys));
                setCurrent(guid);
              }}
              onToggleChecked={(guid) => setSelection(clickSelection(selection, order, guid, { toggle: true, range: false }))}
              onToggleFold={toggleFold}
              onDrop={onDrop}
              onKeyNav={onKeyNav}
            />
          </div>
          <p className="cb-tree-hint muted">
            Drag a code onto another to put it under it, or between two to reorder. Ctrl+click or tick to select several.
          </p>
        </div>
        <aside className="cb-detail-pane" aria-label="The selected code">
          {currentCode ? (
            <CodeDetail
              key={currentCode.guid}
              code={currentCode}
              codes={all}
              stats={statsByGuid.get(currentCode.guid)}
              onOpenSegment={onOpenSegment}
              onDelete={(code) => setDialog({ kind: 'delete', code })}
              onSelect={selectOnly}
            />
          ) : (
            <p className="empty">Select a code to describe it, see its segments and its story.</p>
          )}
        </aside>
      </div>
      {dialog?.kind === 'merge' ? (
        <MergeDialog
          chosen={chosen}
          codes={all}
          onClose={close}
          onMerge={(merged, into) => {
            close();
            merge.mutate({ codes: merged, into });
          }}
        />
      ) : dialog?.kind === 'wrap' ? (
        <WrapDialog
          chosen={chosen}
          onClose={close}
          onWrap={(name) => {
            close();
            wrap.mutate({ codes: chosen.map((c) => c.guid), name });
          }}
        />
      ) : dialog?.kind === 'delete' ? (
        <DeleteDialog
          code={dialog.code}
          codes={all}
          stats={statsByGuid.get(dialog.code.guid)}
          onClose={close}
          onDelete={() => {
            close();
            remove.mutate({ code: dialog.code.guid });
          }}
        />
      ) : dialog?.kind === 'snapshots' ? (
        <SnapshotsDialog onClose={close} />
      ) : null}
    </div>
  );
}
