/**
 * The thematic map's nodes. A theme shows its name, status and how many codes it holds; its top
 * and bottom handles carry the hierarchy, and the side handles are where the researcher drags a
 * link to another theme from. A code is a smaller card in its colour.
 */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { HANDLE, type MapNode } from './map-model';

export function ThemeNode({ data, selected }: NodeProps<MapNode>) {
  const { code } = data;
  const sub = code.parentGuid !== null;
  return (
    <div
      className={`map-theme${sub ? ' map-theme--sub' : ''}${selected ? ' map-node--selected' : ''}`}
      style={{ borderTopColor: code.color }}
      data-testid="map-theme"
      data-name={code.name}
    >
      <Handle type="target" position={Position.Top} id={HANDLE.parentIn} isConnectable={false} className="map-handle--tree" />
      <Handle type="target" position={Position.Left} id={HANDLE.linkIn} className="map-handle--link" />
      <div className="map-theme-name">{code.name}</div>
      <div className="map-theme-meta">
        <span className={`status-badge status-badge--${code.status ?? 'candidate'}`}>{code.status ?? 'candidate'}</span>
        <span>{data.codeCount === 1 ? '1 code' : `${data.codeCount} codes`}</span>
      </div>
      <Handle type="source" position={Position.Right} id={HANDLE.linkOut} className="map-handle--link" title="Drag to another theme to link them" />
      <Handle type="source" position={Position.Bottom} id={HANDLE.childOut} isConnectable={false} className="map-handle--tree" />
    </div>
  );
}

export function CodeNode({ data, selected }: NodeProps<MapNode>) {
  const { code } = data;
  return (
    <div className={`map-code${selected ? ' map-node--selected' : ''}`} data-testid="map-code" data-name={code.name}>
      <Handle type="target" position={Position.Top} id={HANDLE.parentIn} isConnectable={false} className="map-handle--tree" />
      <span className="swatch" style={{ background: code.color }} aria-hidden="true" />
      <span className="map-code-name">{code.name}</span>
      <span className="map-code-count">{code.codings}</span>
    </div>
  );
}

export const NODE_TYPES = { theme: ThemeNode, code: CodeNode };
