import { useMemo } from 'react';
import type { CodedSegment } from '../../../shared/types';
import { useOp, useOpsKeyed } from '../api';
import { codeTree } from '../codes/code-tree';
import { segmentContext } from '../codes/context';
import { layerLabel, useCoderLayer, useLayerCounts, visibleByCoder, type CoderLayer } from '../team/coder-layer';
import { CoderSwatch } from '../team/CodersControl';

function Segments({ code, layer, onOpenSegment }: { code: string; layer: CoderLayer; onOpenSegment: (s: CodedSegment) => void }) {
  const list = useOp('codings.list', { code });
  // Only the coder layer's segments (only mine in blind mode).
  const segments = { isPending: list.isPending, data: list.data ? visibleByCoder(list.data, layer) : undefined };
  // The documents' text, for the words around each segment (cached; usually already open).
  const docGuids = useMemo(() => [...new Set((segments.data ?? []).map((s) => s.documentGuid))], [segments.data]);
  const docs = useOpsKeyed(
    'documents.get',
    docGuids.map((g) => ({ key: { document: g }, input: { document: g } })),
  );
  const texts = new Map(docs.flatMap((d) => (d.data ? [[d.data.document.guid, d.data] as const] : [])));
  if (segments.isPending) return <p className="empty">Loading…</p>;
  if (!segments.data) return null;
  if (segments.data.length === 0) {
    return <p className="empty">Nothing is coded with this code yet. Select a passage in a transcript and press Q.</p>;
  }
  return (
    <ol className="segment-list" data-testid="segments">
      {segments.data.map((s) => (
        <li key={s.guid}>
          <button type="button" className="segment" onClick={() => onOpenSegment(s)} data-testid="segment" data-coding={s.guid}>
            <span className="segment-source">
              {layer.multiple && s.coder !== layer.me ? (
                <span className="coder-initials" title={`Coded by ${layer.byGuid.get(s.coder)?.name ?? 'another coder'}`} data-testid="segment-coder">
                  {layer.byGuid.get(s.coder) ? <CoderSwatch coder={layer.byGuid.get(s.coder)!} /> : null}
                  {layer.byGuid.get(s.coder)?.initials ?? '?'}
                </span>
              ) : null}
              <span className="segment-doc">{s.documentName}</span>
              {s.speakers.length ? <span className="segment-speakers">{s.speakers.join(', ')}</span> : null}
            </span>
            {(() => {
              const d = texts.get(s.documentGuid);
              const ctx = d ? segmentContext(d.text, d.turns, s) : null;
              return (
                <span className="segment-text" data-testid="segment-text">
                  {ctx?.before ? <span className="segment-context">{ctx.before} </span> : null}
                  <mark className="segment-words">{s.text}</mark>
                  {ctx?.after ? <span className="segment-context"> {ctx.after}</span> : null}
                </span>
              );
            })()}
          </button>
        </li>
      ))}
    </ol>
  );
}

export function CodebookPanel({
  selectedCode,
  onSelectCode,
  onOpenSegment,
}: {
  selectedCode: string | null;
  onSelectCode: (guid: string | null) => void;
  onOpenSegment: (s: CodedSegment) => void;
}) {
  const codes = useOp('codes.list', {});
  const layer = useCoderLayer();
  const counts = useLayerCounts(layer);
  const rows = useMemo(() => codeTree(codes.data ?? []), [codes.data]);
  const selected = selectedCode ? codes.data?.find((c) => c.guid === selectedCode) : undefined;
  return (
    <section className="panel panel--codebook">
      <div className="panel-header">
        <h2>
          Codebook {codes.data ? <span className="panel-count">{codes.data.length}</span> : null}
          {layer.filtered && layer.multiple ? (
            <span className="panel-layer-note" data-testid="codebook-layer" title="The counts and segments are those of the coder layer chosen in the transcript">
              {layer.blind ? 'my codings (blind)' : layer.layer === 'mine' ? 'my codings' : `${layerLabel(layer.layer, layer.byGuid)}'s codings`}
            </span>
          ) : null}
        </h2>
      </div>
      {codes.data && codes.data.length === 0 ? (
        <div className="empty" data-testid="codebook-empty">
          <p>No codes yet.</p>
          <p>
            Select a passage in a transcript, press <kbd>Q</kbd> and type a name: the code is created as it is applied.
          </p>
        </div>
      ) : null}
      <div className="code-tree-scroll">
        <ul className="code-tree" role="tree" data-testid="codebook">
          {rows.map(({ code, depth }) => (
            <li key={code.guid} role="treeitem" aria-level={depth + 1} aria-selected={code.guid === selectedCode}>
              <button
                type="button"
                className={code.guid === selectedCode ? 'code-row code-row--selected' : 'code-row'}
                style={{ paddingLeft: `${10 + depth * 16}px` }}
                onClick={() => onSelectCode(code.guid === selectedCode ? null : code.guid)}
                title={code.definition || code.name}
                data-testid="code-row"
                data-code={code.guid}
                data-code-name={code.name}
              >
                <span className="swatch" style={{ backgroundColor: code.color }} aria-hidden="true" />
                <span className="code-name">{code.name}</span>
                {(() => {
                  const n = counts.code(code.guid, code.codings);
                  return n ? (
                    <span className="code-count" data-testid="code-count" aria-label={`${n} codings`}>
                      {n}
                    </span>
                  ) : null;
                })()}
              </button>
            </li>
          ))}
        </ul>
      </div>
      {selected ? (
        <div className="segments-panel">
          <div className="panel-header panel-header--sub">
            <h3>
              <span className="swatch" style={{ backgroundColor: selected.color }} aria-hidden="true" />
              {selected.name}
            </h3>
            <button type="button" className="icon-button" aria-label="Close coded segments" title="Close" onClick={() => onSelectCode(null)}>
              ×
            </button>
          </div>
          {selected.definition ? <p className="code-definition">{selected.definition}</p> : null}
          <Segments code={selected.guid} layer={layer} onOpenSegment={onOpenSegment} />
        </div>
      ) : codes.data?.length ? (
        <p className="panel-footer">
          Select a passage, then <kbd>Q</kbd> to code it. Click a code to see its segments.
        </p>
      ) : null}
    </section>
  );
}
