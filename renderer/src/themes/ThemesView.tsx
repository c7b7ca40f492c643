/**
 * The Themes view (phases 3–5 of reflexive thematic analysis): the thematic map of themes,
 * subthemes and codes, and beside it the panel of the selected theme. The project's current
 * phase sits in the header, since where a theme stands means little without it.
 */
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useState } from 'react';
import type { CodedSegment } from '../../../shared/types';
import { useOp } from '../api';
import { showError } from '../components/toasts';
import { phaseLabel } from '../journal/phases';
import { dataUrlToBlob, downloadBlob } from './download';
import { renderMapImage } from './map-image';
import type { MapNode } from './map-model';
import { ThemeMap } from './ThemeMap';
import { ThemePanel } from './ThemePanel';
import './themes.css';

export function ThemesView(_props: { onOpenSegment: (segment: CodedSegment) => void }) {
  return (
    <ReactFlowProvider>
      <ThemesWorkspace />
    </ReactFlowProvider>
  );
}

function MapExportButtons() {
  const { getNodes } = useReactFlow<MapNode>();
  const exportImage = async (format: 'svg' | 'png') => {
    try {
      const container = document.querySelector<HTMLElement>('[data-testid="theme-map"]');
      if (!container) return;
      const url = await renderMapImage(container, getNodes(), format);
      downloadBlob(dataUrlToBlob(url), `thematic-map.${format}`);
    } catch (error) {
      showError(error);
    }
  };
  return (
    <>
      <button type="button" className="button button--small" onClick={() => void exportImage('svg')} data-testid="map-export-svg">
        Export SVG
      </button>
      <button type="button" className="button button--small" onClick={() => void exportImage('png')} data-testid="map-export-png">
        Export PNG
      </button>
    </>
  );
}

function ThemesWorkspace() {
  const info = useOp('project.info', {});
  const codes = useOp('codes.list', {});
  const links = useOp('themes.links', {});
  const [showCodes, setShowCodes] = useState(true);
  const [selected, setSelected] = useState<string | null>(null);
  const theme = codes.data?.find((c) => c.guid === selected && c.kind === 'theme') ?? null;
  const themeCount = codes.data?.filter((c) => c.kind === 'theme').length ?? 0;

  return (
    <div className="themes" data-testid="view-themes-body">
      <header className="themes-header">
        <div>
          <h1>Themes</h1>
          <p className="muted">
            Drop a node on a theme to move it there; drag from a theme’s side dot to another theme to link them.
          </p>
        </div>
        <div className="themes-toolbar">
          {info.data ? (
            <span className="phase-badge" title="The project's current phase (set it in the Journal)" data-testid="themes-phase">
              Phase {phaseLabel(info.data.phase)}
            </span>
          ) : null}
          <label className="switch">
            <input type="checkbox" checked={showCodes} onChange={(e) => setShowCodes(e.target.checked)} data-testid="map-show-codes" />
            <span className="switch-track" aria-hidden="true" />
            Show codes
          </label>
          <MapExportButtons />
        </div>
      </header>
      <div className="themes-body">
        {codes.data && links.data ? (
          themeCount === 0 ? (
            <div className="center-empty">
              <h2>No themes yet</h2>
              <p className="muted">Promote a code to a theme, or group codes into a theme, in the Codebook.</p>
            </div>
          ) : (
            <ThemeMap codes={codes.data} links={links.data} showCodes={showCodes} onSelectTheme={setSelected} />
          )
        ) : (
          <div className="center-empty muted">Loading the map…</div>
        )}
        {theme && codes.data ? (
          <ThemePanel key={theme.guid} theme={theme} codes={codes.data} onSelectTheme={setSelected} />
        ) : (
          <aside className="theme-panel theme-panel--empty" aria-label="Theme">
            <p className="muted">Select a theme on the map to see and edit it, its prevalence, and to export the theme summary.</p>
          </aside>
        )}
      </div>
    </div>
  );
}
