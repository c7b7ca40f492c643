import { useRef, useState, type ChangeEvent } from 'react';
import type { DocumentSummary, ImportReport } from '../../../shared/types';
import { useCommand } from '../api';
import { showToast } from './toasts';

/** A file's bytes as base64, for the `bytes` import source (browsers cannot pass paths). */
async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function ImportReportDialog({ report, onClose }: { report: ImportReport; onClose: () => void }) {
  const ok = report.files.filter((f) => f.ok).length;
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="import-report-title" data-testid="import-report">
        <h2 id="import-report-title">
          Imported {ok} of {plural(report.files.length, 'file')}
        </h2>
        <ul className="import-files">
          {report.files.map((f, i) => (
            <li key={i} className={f.ok ? 'import-file import-file--ok' : 'import-file import-file--error'}>
              <span className="import-status" aria-label={f.ok ? 'Imported' : 'Failed'}>
                {f.ok ? '✓' : '!'}
              </span>
              <div>
                <div className="import-name">{f.document?.name ?? f.source}</div>
                {f.ok ? (
                  <div className="muted">
                    {plural(f.turns ?? 0, 'turn')} ·{' '}
                    {f.speakers?.length ? f.speakers.map((s) => `${s.label} (${s.turns})`).join(', ') : 'no speaker labels found'}
                  </div>
                ) : (
                  <div className="import-error">{f.error?.message ?? 'This file could not be imported.'}</div>
                )}
              </div>
            </li>
          ))}
        </ul>
        <div className="dialog-actions">
          <button type="button" className="button button--primary" onClick={onClose} autoFocus>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}

function ImportButton({ onImported }: { onImported: (report: ImportReport) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [reading, setReading] = useState(false);
  const importDocs = useCommand('documents.import', { onSuccess: onImported });
  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.target.files ?? [])];
    e.target.value = '';
    if (files.length === 0) return;
    setReading(true);
    try {
      const sources = await Promise.all(
        files.map(async (f) => ({ kind: 'bytes' as const, name: f.name, base64: await fileToBase64(f) })),
      );
      importDocs.mutate({ sources });
    } catch (err) {
      showToast('error', `Could not read the chosen files: ${(err as Error).message}`);
    } finally {
      setReading(false);
    }
  };
  const busy = reading || importDocs.isPending;
  return (
    <>
      <button type="button" className="button button--small" onClick={() => input.current?.click()} disabled={busy} data-testid="import-button">
        {busy ? 'Importing…' : 'Import transcripts'}
      </button>
      <input ref={input} type="file" multiple hidden onChange={pick} data-testid="import-input" />
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
  const [report, setReport] = useState<ImportReport | null>(null);
  const imported = (r: ImportReport) => {
    setReport(r);
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
            Use <strong>Import transcripts</strong> to add plain-text files with speaker labels such as{' '}
            <code>Moderator:</code>, <code>P3:</code> or <code>[00:01:23] Maya:</code>.
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
                <span data-testid="document-codings">{plural(d.codings, 'coding')}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
      {report ? <ImportReportDialog report={report} onClose={() => setReport(null)} /> : null}
    </section>
  );
}
