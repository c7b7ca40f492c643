import { useRef, useState, type ChangeEvent } from 'react';
import type { DocumentSummary, ImportReport } from '../../../shared/types';
import { ImportDialog } from '../import/ImportDialog';
import { plural, readPicked, TRANSCRIPT_ACCEPT, type PickedFile } from '../import/files';
import { showToast } from './toasts';
import { useCoderLayer, useLayerCounts } from '../team/coder-layer';

/** A document's codings in the coder layer ("…" while they are being counted). */
const codingsLabel = (n: number | null) => (n === null ? '… codings' : plural(n, 'coding'));

/** "Import transcripts": pick files, then the preview dialog decides what is imported. */
function ImportButton({ onImported }: { onImported: (report: ImportReport) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [reading, setReading] = useState(false);
  const [picked, setPicked] = useState<PickedFile[] | null>(null);
  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.target.files ?? [])];
    e.target.value = '';
    if (files.length === 0) return;
    setReading(true);
    try {
      setPicked(await readPicked(files));
    } catch (err) {
      showToast('error', `Could not read the chosen files: ${(err as Error).message}`);
    } finally {
      setReading(false);
    }
  };
  return (
    <>
      <button type="button" className="button button--small" onClick={() => input.current?.click()} disabled={reading || picked !== null} data-testid="import-button">
        {reading ? 'Reading…' : 'Import transcripts'}
      </button>
      <input ref={input} type="file" multiple accept={TRANSCRIPT_ACCEPT} hidden onChange={pick} data-testid="import-input" />
      {picked ? <ImportDialog files={picked} onClose={() => setPicked(null)} onImported={onImported} /> : null}
    </>
  );
}

export function DocumentList({
  documents,
  loading,
  openDoc,
  onOpen,
}: {
  documents: DocumentSummary[] | undefined;
  loading: boolean;
  openDoc: string | null;
  onOpen: (guid: string) => void;
}) {
  const counts = useLayerCounts(useCoderLayer());
  const imported = (r: ImportReport) => {
    const first = r.files.find((f) => f.ok && f.document);
    if (first?.document) onOpen(first.document.guid);
  };
  return (
    <section className="panel">
      <div className="panel-header">
        <h2>
          Documents {documents ? <span className="panel-count">{documents.length}</span> : null}
        </h2>
        <ImportButton onImported={imported} />
      </div>
      {loading ? <p className="empty">Loading…</p> : null}
      {documents && documents.length === 0 ? (
        <div className="empty" data-testid="documents-empty">
          <p>No transcripts yet.</p>
          <p>
            Use <strong>Import transcripts</strong> to add transcripts (.txt, .md, .docx, WebVTT or SubRip). Speaker
            labels such as <code>Moderator:</code> or <code>P3:</code> are found for you, and you can check them before
            anything is saved.
          </p>
        </div>
      ) : null}
      <ul className="doc-list" data-testid="documents">
        {documents?.map((d) => (
          <li key={d.guid}>
            <button
              type="button"
              className={d.guid === openDoc ? 'doc-item doc-item--open' : 'doc-item'}
              aria-current={d.guid === openDoc ? 'true' : undefined}
              onClick={() => onOpen(d.guid)}
              data-testid="document-item"
              data-document={d.guid}
            >
              <span className="doc-name">{d.name}</span>
              <span className="doc-meta">
                {plural(d.speakers, 'speaker')} · {plural(d.turns, 'turn')} ·{' '}
                <span data-testid="document-codings">{codingsLabel(counts.document(d.guid, d.codings))}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
