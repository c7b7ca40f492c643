/**
 * The co-occurrence network (React Flow): codes on a circle, sized by their codings, joined by
 * lines as thick as their co-occurrences. Clicking a line opens the pair's segments.
 */
import {
  Controls,
  Handle,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Edge,
  type Node,
  type NodeProps,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo, useRef } from 'react';
import type { Cooccurrence } from '../../../../shared/analysis-compare';
import { showError } from '../../components/toasts';
import { downloadBlob } from '../../themes/download';
import { renderMapImage } from '../../themes/map-image';
import { chartFileName, dataUrlBlob } from '../shared/compare-chart-image';
import { buildNetwork, type NetworkNode } from './network-model';

type CoNode = Node<{ node: NetworkNode }, 'co'>;

function CodeDot({ data }: NodeProps<CoNode>) {
  const { node } = data;
  const { box, size } = node;
  const at = { left: box.dotX, top: box.dotY };
  return (
    <div className={`co-node co-node--${node.side}`} style={{ width: box.width, height: box.height }} data-testid="co-node" title={`${node.name}: ${node.units}`}>
      <span className="co-dot" style={{ width: size, height: size, left: box.dotX - size / 2, top: box.dotY - size / 2, background: node.color }} />
      <Handle type="target" position={Position.Top} className="co-handle" style={at} isConnectable={false} />
      <Handle type="source" position={Position.Top} className="co-handle" style={at} isConnectable={false} />
      <span className="co-label">{node.name}</span>
    </div>
  );
}

const NODE_TYPES = { co: CodeDot };

export function CooccurrenceNetwork(props: { data: Cooccurrence; selected: string | null; onPair: (a: string, b: string) => void; title: string; unitLabel: string }) {
  return (
    <ReactFlowProvider>
      <NetworkFlow {...props} />
    </ReactFlowProvider>
  );
}

function NetworkFlow({
  data,
  selected,
  onPair,
  title,
  unitLabel,
}: {
  data: Cooccurrence;
  selected: string | null;
  onPair: (a: string, b: string) => void;
  title: string;
  unitLabel: string;
}) {
  const { getNodes } = useReactFlow();
  const container = useRef<HTMLDivElement>(null);
  const network = useMemo(() => buildNetwork(data), [data]);
  const nodes: CoNode[] = network.nodes.map((n) => ({
    id: n.id,
    type: 'co',
    position: { x: n.box.x, y: n.box.y },
    data: { node: n },
    draggable: false,
    selectable: false,
  }));
  const edges: Edge[] = network.edges.map((e) => ({
    id: e.id,
    source: e.source,
    target: e.target,
    type: 'straight',
    ariaLabel: e.label,
    interactionWidth: 12,
    style: { strokeWidth: e.width, stroke: selected === e.id ? '#b5561b' : '#5d84ad', strokeOpacity: selected === e.id ? 1 : 0.7 },
  }));
  const exportImage = async (format: 'svg' | 'png') => {
    try {
      if (!container.current) return;
      const url = await renderMapImage(container.current, getNodes(), format);
      downloadBlob(dataUrlBlob(url), chartFileName(title, format));
    } catch (error) {
      showError(error);
    }
  };
  if (network.nodes.length === 0) return <p className="muted">No two codes meet at this setting.</p>;
  return (
    <div className="co-network-frame">
      <div className="co-network-bar">
        <span className="muted">
          Circle size: {unitLabel}; line width: co-occurrences
          {network.alone > 0 ? ` · ${network.alone} codes that meet no other are left off` : ''}
        </span>
        <span className="compare-export" role="group" aria-label="Export the network">
          <button type="button" className="button button--small" onClick={() => void exportImage('svg')} data-testid="co-network-export-svg">
            SVG
          </button>
          <button type="button" className="button button--small" onClick={() => void exportImage('png')} data-testid="co-network-export-png">
            PNG
          </button>
        </span>
      </div>
      <div className="co-network" ref={container} data-testid="co-network">
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          onEdgeClick={(_e, edge) => onPair(edge.source, edge.target)}
          nodesConnectable={false}
          fitView
          fitViewOptions={{ padding: 0.25 }}
          minZoom={0.2}
          maxZoom={2}
          proOptions={{ hideAttribution: true }}
        >
          <Controls showInteractive={false} />
        </ReactFlow>
      </div>
    </div>
  );
}
