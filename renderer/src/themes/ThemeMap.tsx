/**
 * The thematic map (@xyflow/react). The codebook is the truth: nodes and edges are rebuilt from
 * `codes.list` and `themes.links` whenever they change (after a write, an undo), and the local
 * copy only lives while the researcher drags. A drag ends in one command: dropped on a theme, the
 * node moves into it (`codes.move`); dropped anywhere else, its place is saved (`codes.update`).
 */
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  applyEdgeChanges,
  applyNodeChanges,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type OnNodeDrag,
} from '@xyflow/react';
import { useCallback, useRef, useState } from 'react';
import type { Code, ThemeLink } from '../../../shared/types';
import { useCommand } from '../api';
import { showToast } from '../components/toasts';
import { LinkLabelDialog } from './LinkLabelDialog';
import { NODE_TYPES } from './MapNodes';
import { buildMap, findDropTarget, type MapEdge, type MapNode, type Rect } from './map-model';

function rectOf(node: MapNode): Rect {
  return { x: node.position.x, y: node.position.y, width: node.measured?.width ?? 0, height: node.measured?.height ?? 0 };
}

/** Keeps what the researcher selected when the model is rebuilt. */
function keepSelection<T extends { id: string; selected?: boolean }>(next: T[], previous: T[]): T[] {
  const selected = new Set(previous.filter((n) => n.selected).map((n) => n.id));
  return selected.size === 0 ? next : next.map((n) => (selected.has(n.id) ? { ...n, selected: true } : n));
}

export function ThemeMap({
  codes,
  links,
  showCodes,
  onSelectTheme,
}: {
  codes: Code[];
  links: ThemeLink[];
  showCodes: boolean;
  onSelectTheme: (guid: string | null) => void;
}) {
  const { getNodes } = useReactFlow<MapNode, MapEdge>();
  const [model, setModel] = useState(() => buildMap(codes, links, { showCodes }));
  const [source, setSource] = useState({ codes, links, showCodes });
  const [nodes, setNodes] = useState<MapNode[]>(model.nodes);
  const [edges, setEdges] = useState<MapEdge[]>(model.edges);
  const [pendingLink, setPendingLink] = useState<{ source: string; target: string } | null>(null);
  const dragStart = useRef(new Map<string, { x: number; y: number }>());

  // A new codebook (a write, an undo, the codes toggle) rebuilds the map during render, as React
  // recommends for state derived from props.
  if (source.codes !== codes || source.links !== links || source.showCodes !== showCodes) {
    const next = buildMap(codes, links, { showCodes });
    setSource({ codes, links, showCodes });
    setModel(next);
    setNodes((prev) => keepSelection(next.nodes, prev));
    setEdges((prev) => keepSelection(next.edges, prev));
  }

  const backToModel = useCallback(() => setNodes((prev) => keepSelection(model.nodes, prev)), [model]);

  const move = useCommand('codes.move', { onError: backToModel });
  const place = useCommand('codes.update', { onError: backToModel });
  const link = useCommand('themes.link', { onSuccess: () => showToast('notice', 'Themes linked') });
  const unlink = useCommand('themes.unlink', { onSuccess: () => showToast('notice', 'Link removed') });

  const onNodesChange = useCallback((changes: NodeChange<MapNode>[]) => setNodes((ns) => applyNodeChanges(changes, ns)), []);
  const onEdgesChange = useCallback(
    // Removals go through themes.unlink (onEdgesDelete); the refetch takes the edge away.
    (changes: EdgeChange<MapEdge>[]) => setEdges((es) => applyEdgeChanges(changes.filter((c) => c.type !== 'remove'), es)),
    [],
  );

  const onNodeDragStart: OnNodeDrag<MapNode> = useCallback((_event, _node, dragged) => {
    dragStart.current = new Map(dragged.map((n) => [n.id, { ...n.position }]));
  }, []);

  const onNodeDragStop: OnNodeDrag<MapNode> = useCallback(
    (_event, node, dragged) => {
      const others = getNodes().filter((n) => !dragged.some((d) => d.id === n.id));
      const target =
        dragged.length === 1 ? findDropTarget({ id: node.id, rect: rectOf(node) }, others.map((n) => ({ id: n.id, rect: rectOf(n) })), codes) : null;
      if (target) {
        const into = codes.find((c) => c.guid === target)?.name ?? 'the theme';
        move.mutate(
          { code: node.id, parent: target },
          { onSuccess: () => showToast('notice', `Moved “${node.data.code.name}” into “${into}”`) },
        );
        return;
      }
      for (const n of dragged) {
        const start = dragStart.current.get(n.id);
        if (start && start.x === n.position.x && start.y === n.position.y) continue;
        place.mutate({ code: n.id, map: { x: Math.round(n.position.x), y: Math.round(n.position.y) } });
      }
    },
    [codes, getNodes, move, place],
  );

  const isValidConnection = useCallback(
    (c: Connection | MapEdge) => c.source !== c.target && [c.source, c.target].every((id) => codes.find((x) => x.guid === id)?.kind === 'theme'),
    [codes],
  );

  const onEdgesDelete = useCallback(
    (deleted: MapEdge[]) => {
      for (const e of deleted) if (e.data?.kind === 'link') unlink.mutate({ link: e.id });
    },
    [unlink],
  );

  const nameOf = (guid: string) => codes.find((c) => c.guid === guid)?.name ?? '';

  return (
    <div className="theme-map" data-testid="theme-map">
      <ReactFlow<MapNode, MapEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStart={onNodeDragStart}
        onNodeDragStop={onNodeDragStop}
        onNodeClick={(_e, n) => onSelectTheme(n.type === 'theme' ? n.id : null)}
        onPaneClick={() => onSelectTheme(null)}
        onConnect={(c) => setPendingLink({ source: c.source, target: c.target })}
        isValidConnection={isValidConnection}
        onEdgesDelete={onEdgesDelete}
        deleteKeyCode={['Delete', 'Backspace']}
        fitView
        fitViewOptions={{ padding: 0.08 }}
        minZoom={0.15}
        maxZoom={2}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={24} />
        <Controls showInteractive={false} />
        <MiniMap pannable zoomable nodeColor={(n) => (n as MapNode).data.code.color} />
      </ReactFlow>
      {pendingLink ? (
        <LinkLabelDialog
          from={nameOf(pendingLink.source)}
          to={nameOf(pendingLink.target)}
          busy={link.isPending}
          onCancel={() => setPendingLink(null)}
          onLink={(label) => link.mutate({ ...pendingLink, label }, { onSuccess: () => setPendingLink(null) })}
        />
      ) : null}
    </div>
  );
}
