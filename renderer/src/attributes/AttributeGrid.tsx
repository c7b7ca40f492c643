/**
 * The attribute grid: one row per participant (or document), one column per attribute. A cell is
 * saved when it is left (Enter, Tab, an arrow key, a click elsewhere); a block pasted from a
 * spreadsheet is saved as one step. A value the core refuses stays in its cell, marked, until it
 * is corrected or discarded.
 */
import { useMemo, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import type { AttributeDef, AttributeScope, AttributeTable, DocumentSummary, Participant } from '../../../shared/types';
import { useCommand } from '../api';
import { plural } from '../import/files';
import { ROLE_LABEL } from '../transcript/format';
import { isBlock, parseTsv, planPaste } from './paste';
import { TYPE_INPUT_MODE, TYPE_LABEL, TYPE_PLACEHOLDER, valueProblem } from './values';

interface Draft {
  value: string;
  state: 'editing' | 'saving' | 'failed';
  /** Why the core refused it (failed drafts). */
  error?: string;
}

type Column =
  | { kind: 'label' }
  | { kind: 'stat'; title: string; numeric: boolean; value: (guid: string) => string }
  | { kind: 'attribute'; def: AttributeDef };

const cellKey = (owner: string, attribute: string) => `${owner}/${attribute}`;
const splitKey = (key: string) => {
  const i = key.indexOf('/');
  return { owner: key.slice(0, i), attribute: key.slice(i + 1) };
};

export function AttributeGrid({
  scope,
  table,
  participants,
  documents,
  onEditAttribute,
  onAddAttribute,
  onRemoveParticipant,
}: {
  scope: AttributeScope;
  table: AttributeTable;
  participants: Participant[] | undefined;
  documents: DocumentSummary[] | undefined;
  onEditAttribute: (def: AttributeDef) => void;
  onAddAttribute: () => void;
  onRemoveParticipant: (p: { guid: string; label: string }) => void;
}) {
  const gridRef = useRef<HTMLTableElement>(null);
  const [drafts, setDrafts] = useState<ReadonlyMap<string, Draft>>(new Map());
  const [labelDrafts, setLabelDrafts] = useState<ReadonlyMap<string, Draft>>(new Map());
  const [pasteNote, setPasteNote] = useState<string | null>(null);
  const setValues = useCommand('attributes.setValues');
  const renameParticipant = useCommand('participants.update');

  const columns = useMemo<Column[]>(() => {
    const stats: Column[] = [];
    if (scope === 'participant') {
      const byGuid = new Map((participants ?? []).map((p) => [p.guid, p]));
      stats.push(
        { kind: 'stat', title: 'Documents', numeric: true, value: (g) => String(byGuid.get(g)?.documents ?? '') },
        { kind: 'stat', title: 'Turns', numeric: true, value: (g) => (byGuid.get(g)?.turns ?? '').toLocaleString() },
        { kind: 'stat', title: 'Roles', numeric: false, value: (g) => (byGuid.get(g)?.roles ?? []).map((r) => ROLE_LABEL[r]).join(', ') },
      );
    } else {
      const byGuid = new Map((documents ?? []).map((d) => [d.guid, d]));
      stats.push(
        { kind: 'stat', title: 'Speakers', numeric: true, value: (g) => String(byGuid.get(g)?.speakers ?? '') },
        { kind: 'stat', title: 'Turns', numeric: true, value: (g) => (byGuid.get(g)?.turns ?? '').toLocaleString() },
        { kind: 'stat', title: 'Words', numeric: true, value: (g) => (byGuid.get(g)?.words ?? '').toLocaleString() },
      );
    }
    return [{ kind: 'label' }, ...stats, ...table.attributes.map((def): Column => ({ kind: 'attribute', def }))];
  }, [scope, participants, documents, table.attributes]);

  const editable = columns.map((c) => c.kind === 'attribute');
  const defs = useMemo(() => new Map(table.attributes.map((d) => [d.guid, d])), [table.attributes]);
  const saved = (owner: string, attribute: string) => table.rows.find((r) => r.guid === owner)?.values[attribute] ?? '';
  const rowIndex = useMemo(() => new Map(table.rows.map((r, i) => [r.guid, i])), [table.rows]);

  /**
   * Saves the cells edited since the last save (and `extra`, a paste) in one setValues call.
   * `retry` sends the refused values too, as they are ("Save again").
   */
  const commit = (extra: { owner: string; attribute: string; value: string }[] = [], retry = false) => {
    const batch = new Map<string, string>();
    const unchanged: string[] = [];
    for (const [key, d] of drafts) {
      if (d.state === 'saving') continue;
      const { owner, attribute } = splitKey(key);
      const def = defs.get(attribute);
      if (!def || !rowIndex.has(owner)) continue;
      if (d.value.trim() === saved(owner, attribute)) unchanged.push(key);
      // A refused value goes again only once it looks right; until then it waits, marked.
      else if (d.state === 'editing' || retry || !valueProblem(d.value, def.type)) batch.set(key, d.value.trim());
    }
    for (const e of extra) batch.set(cellKey(e.owner, e.attribute), e.value.trim());
    if (unchanged.length) {
      setDrafts((prev) => {
        const next = new Map(prev);
        for (const k of unchanged) if (next.get(k)?.state !== 'saving') next.delete(k);
        return next;
      });
    }
    if (batch.size === 0) return;
    setDrafts((prev) => {
      const next = new Map(prev);
      for (const [k, value] of batch) next.set(k, { value, state: 'saving' });
      return next;
    });
    const values = [...batch].map(([k, value]) => ({ ...splitKey(k), value: value === '' ? null : value }));
    setValues.mutateAsync({ scope, values }).then(
      () =>
        setDrafts((prev) => {
          const next = new Map(prev);
          for (const [k, value] of batch) {
            const d = next.get(k);
            if (d?.state === 'saving' && d.value === value) next.delete(k);
          }
          return next;
        }),
      (error: Error) =>
        setDrafts((prev) => {
          const next = new Map(prev);
          for (const [k, value] of batch) {
            const d = next.get(k);
            if (d?.state === 'saving' && d.value === value) next.set(k, { value, state: 'failed', error: error.message });
          }
          return next;
        }),
    );
  };

  const edit = (key: string, value: string) =>
    setDrafts((prev) => new Map(prev).set(key, { value, state: 'editing' }));
  const revert = (key: string) =>
    setDrafts((prev) => {
      const next = new Map(prev);
      next.delete(key);
      return next;
    });

  const focusCell = (row: number, col: number) => {
    const el = gridRef.current?.querySelector<HTMLInputElement>(`[data-row="${row}"][data-col="${col}"]`);
    if (el) {
      el.focus();
      el.select();
    }
  };

  const onCellKey = (e: KeyboardEvent<HTMLInputElement>, row: number, col: number, key: string | null) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      const next = row + (e.shiftKey ? -1 : 1);
      if (next >= 0 && next < table.rows.length) focusCell(next, col);
      else e.currentTarget.blur();
    } else if (e.key === 'Escape' && key) {
      e.preventDefault();
      // Escape inside a dialog-less grid only reverts the cell.
      e.stopPropagation();
      revert(key);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (e.currentTarget.list && e.altKey) return; // Alt+arrow opens a category's suggestions
      const next = row + (e.key === 'ArrowDown' ? 1 : -1);
      if (next >= 0 && next < table.rows.length) {
        e.preventDefault();
        focusCell(next, col);
      }
    }
  };

  const onPaste = (e: ClipboardEvent<HTMLInputElement>, row: number, col: number) => {
    const text = e.clipboardData.getData('text/plain');
    if (!isBlock(text)) return;
    e.preventDefault();
    const plan = planPaste(parseTsv(text), { row, col }, table.rows.length, editable);
    const cells = plan.cells.map((c) => {
      const column = columns[c.col] as Extract<Column, { kind: 'attribute' }>;
      return { owner: table.rows[c.row]!.guid, attribute: column.def.guid, value: c.value };
    });
    if (cells.length) commit(cells);
    if (plan.skipped) {
      setPasteNote(`${plural(plan.skipped, 'pasted value')} fell outside the grid or on a column that cannot be edited, and ${plan.skipped === 1 ? 'was' : 'were'} left out.`);
    } else setPasteNote(null);
  };
  const commitLabel = (guid: string) => {
    const d = labelDrafts.get(guid);
    const row = table.rows.find((r) => r.guid === guid);
    if (!d || d.state === 'saving' || !row) return;
    const label = d.value.trim().replace(/\s+/g, ' ');
    if (label === row.label) {
      setLabelDrafts((prev) => {
        const next = new Map(prev);
        next.delete(guid);
        return next;
      });
      return;
    }
    setLabelDrafts((prev) => new Map(prev).set(guid, { value: d.value, state: 'saving' }));
    renameParticipant.mutateAsync({ participant: guid, label }).then(
      () =>
        setLabelDrafts((prev) => {
          const next = new Map(prev);
          if (next.get(guid)?.state === 'saving') next.delete(guid);
          return next;
        }),
      (error: Error) => setLabelDrafts((prev) => new Map(prev).set(guid, { value: d.value, state: 'failed', error: error.message })),
    );
  };

  const failedCells = [...drafts].filter(([, d]) => d.state === 'failed');
  const failedLabels = [...labelDrafts.values()].filter((d) => d.state === 'failed');
  const failed = failedCells.length + failedLabels.length;
  // The first refusal, said in full: the toast may be gone by the time the researcher looks.
  const firstReason = (() => {
    const [key, d] = failedCells[0] ?? [];
    if (key && d) {
      const { owner, attribute } = splitKey(key);
      const def = defs.get(attribute);
      const row = table.rows.find((r) => r.guid === owner);
      const problem = def ? valueProblem(d.value, def.type) : null;
      return `${def?.name ?? 'Value'} of ${row?.label ?? 'a row'}: ${problem ?? d.error ?? 'not saved.'}`;
    }
    return failedLabels[0]?.error ?? null;
  })();
  const noun = scope === 'participant' ? 'participant' : 'document';

  return (
    <>
      {failed > 0 || pasteNote ? (
        <div className="grid-notice" role="status" data-testid="grid-notice">
          {failed > 0 ? (
            <>
              <span>
                <strong>
                  {plural(failed, 'change')} not saved.
                </strong>{' '}
                {firstReason} Correct {failed === 1 ? 'the cell marked in red' : 'the cells marked in red'} and leave {failed === 1 ? 'it' : 'them'}, or discard.
              </span>
              <button type="button" className="button button--small" onClick={() => commit([], true)}>
                Save again
              </button>
              <button
                type="button"
                className="button button--small button--quiet"
                onClick={() => {
                  setDrafts((prev) => new Map([...prev].filter(([, d]) => d.state !== 'failed')));
                  setLabelDrafts((prev) => new Map([...prev].filter(([, d]) => d.state !== 'failed')));
                }}
                data-testid="grid-discard"
              >
                Discard
              </button>
            </>
          ) : (
            <span>{pasteNote}</span>
          )}
        </div>
      ) : null}
      <div className="grid-scroll">
        <table ref={gridRef} className="grid" aria-label={scope === 'participant' ? 'Participants and their attributes' : 'Documents and their attributes'} data-testid="attribute-grid">
          <thead>
            <tr>
              {columns.map((c, i) =>
                c.kind === 'label' ? (
                  <th key="label" scope="col" className="grid-label-col">
                    {scope === 'participant' ? 'Participant' : 'Document'}
                  </th>
                ) : c.kind === 'stat' ? (
                  <th key={`stat-${i}`} scope="col" className={c.numeric ? 'grid-stat num' : 'grid-stat'}>
                    {c.title}
                  </th>
                ) : (
                  <th key={c.def.guid} scope="col" className="grid-attr-col">
                    <button
                      type="button"
                      className="col-header"
                      onClick={() => onEditAttribute(c.def)}
                      title={`${c.def.name} (${TYPE_LABEL[c.def.type].toLowerCase()}): rename, change type or delete`}
                      data-testid="attribute-header"
                      data-attribute={c.def.name}
                    >
                      <span className="col-header-name">{c.def.name}</span>
                      <span className="type-tag">{TYPE_LABEL[c.def.type]}</span>
                      <svg viewBox="0 0 20 20" aria-hidden="true" className="chevron">
                        <path d="m6 8 4 4 4-4" />
                      </svg>
                    </button>
                  </th>
                ),
              )}
              <th scope="col" className="grid-add-col">
                <button type="button" className="button button--small button--quiet" onClick={onAddAttribute} data-testid="add-attribute-column">
                  + Attribute
                </button>
              </th>
            </tr>
          </thead>
          <tbody>
            {table.rows.length === 0 ? (
              <tr>
                <td colSpan={columns.length + 1} className="grid-empty" data-testid="grid-empty">
                  {scope === 'participant' ? (
                    <>
                      <strong>No participants yet.</strong> Participants are the people behind the speakers of your transcripts. They are
                      registered when you import with “New participant” chosen for a speaker, or link a speaker to one; you can also add them
                      here.
                    </>
                  ) : (
                    <>
                      <strong>No documents yet.</strong> Import transcripts first; then describe each focus group here (site, date, moderator…).
                    </>
                  )}
                </td>
              </tr>
            ) : null}
            {table.rows.map((row, r) => (
              <tr key={row.guid} data-testid="grid-row" data-label={row.label}>
                {columns.map((c, col) => {
                  if (c.kind === 'label') {
                    if (scope !== 'participant') {
                      return (
                        <th key="label" scope="row" className="grid-label-col grid-label-static">
                          {row.label}
                        </th>
                      );
                    }
                    const d = labelDrafts.get(row.guid);
                    return (
                      <th key="label" scope="row" className={`grid-label-col${d?.state === 'failed' ? ' cell--invalid' : ''}`}>
                        <input
                          className="cell-input cell-input--label"
                          value={d?.value ?? row.label}
                          aria-label={`Name of participant ${row.label}`}
                          aria-invalid={d?.state === 'failed' ? true : undefined}
                          title={d?.state === 'failed' ? d.error : undefined}
                          onChange={(e) => setLabelDrafts((prev) => new Map(prev).set(row.guid, { value: e.target.value, state: 'editing' }))}
                          onBlur={() => commitLabel(row.guid)}
                          onKeyDown={(e) => {
                            if (e.key === 'Escape') {
                              e.preventDefault();
                              setLabelDrafts((prev) => {
                                const next = new Map(prev);
                                next.delete(row.guid);
                                return next;
                              });
                            } else onCellKey(e, r, col, null);
                          }}
                          data-row={r}
                          data-col={col}
                          spellCheck={false}
                          data-testid="grid-label"
                        />
                      </th>
                    );
                  }
                  if (c.kind === 'stat') {
                    return (
                      <td key={`stat-${col}`} className={c.numeric ? 'grid-stat num' : 'grid-stat'}>
                        {c.value(row.guid)}
                      </td>
                    );
                  }
                  const key = cellKey(row.guid, c.def.guid);
                  const d = drafts.get(key);
                  const value = d?.value ?? row.values[c.def.guid] ?? '';
                  const problem = d ? valueProblem(d.value, c.def.type) : null;
                  const invalid = d?.state === 'failed' || problem !== null;
                  const message = problem ?? (d?.state === 'failed' ? `Not saved: ${d.error}` : undefined);
                  return (
                    <td
                      key={c.def.guid}
                      className={`grid-cell grid-cell--${c.def.type}${invalid ? ' cell--invalid' : ''}${d?.state === 'saving' ? ' cell--saving' : ''}${d?.state === 'editing' ? ' cell--edited' : ''}`}
                    >
                      <input
                        className="cell-input"
                        value={value}
                        inputMode={TYPE_INPUT_MODE[c.def.type]}
                        placeholder={TYPE_PLACEHOLDER[c.def.type] || undefined}
                        list={c.def.type === 'category' ? `values-${c.def.guid}` : undefined}
                        aria-label={`${c.def.name} of ${row.label}`}
                        aria-invalid={invalid ? true : undefined}
                        title={message}
                        onChange={(e) => edit(key, e.target.value)}
                        onBlur={() => commit()}
                        onKeyDown={(e) => onCellKey(e, r, col, key)}
                        onPaste={(e) => onPaste(e, r, col)}
                        data-row={r}
                        data-col={col}
                        spellCheck={c.def.type === 'text'}
                        autoComplete="off"
                        data-testid="grid-cell"
                        data-attribute={c.def.name}
                      />
                    </td>
                  );
                })}
                <td className="grid-row-actions">
                  {scope === 'participant' ? (
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Remove participant ${row.label}`}
                      title={`Remove participant ${row.label}`}
                      onClick={() => onRemoveParticipant(row)}
                      data-testid="remove-participant"
                    >
                      <svg viewBox="0 0 20 20" aria-hidden="true">
                        <path d="M5 6h10M8.5 6V4.5h3V6M6.5 6l.6 9.5h5.8l.6-9.5" />
                      </svg>
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {table.attributes
          .filter((d) => d.type === 'category')
          .map((d) => (
            <datalist key={d.guid} id={`values-${d.guid}`}>
              {d.values.map((v) => (
                <option key={v} value={v} />
              ))}
            </datalist>
          ))}
      </div>
      <p className="grid-footer muted">
        {table.attributes.length === 0 ? (
          <>
            No {noun} attributes yet: add one with <strong>+ Attribute</strong>
            {scope === 'participant' ? ' (age, gender, years in training…)' : ' (site, date, moderator…)'}, or import them from a CSV
            file.
          </>
        ) : (
          <>
            {plural(table.rows.length, noun)} · {plural(table.attributes.length, 'attribute')} · Changes are saved when you leave a
            cell; each is one undo step. Paste a block of cells from a spreadsheet to fill many at once.
          </>
        )}
      </p>
    </>
  );
}
