/**
 * Import & export in the top bar: every export as a download (the core returns the file's
 * content; the page saves it), a REFI-QDA project from another tool as a new project, and a
 * co-coder's codebook merged into this one after a preview. The same in browser mode and in the
 * desktop app, whose File menu also offers these through native dialogs; a codebook picked there
 * comes here as a request, so the merge preview is always this one.
 */
import { useDismiss } from '../components/dismiss';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { OpInput } from '../../../shared/api';
import type { ExportResult, ProjectInfo } from '../../../shared/types';
import { call, subscribe } from '../api';
import { showError, showToast } from '../components/toasts';
import { readPicked, type PickedFile } from '../import/files';
import { PseudonymiseOption } from '../privacy/PseudonymiseOption';
import { downloadExport } from './download';
import { ImportProjectDialog } from './ImportProjectDialog';
import { MergeCodebookDialog, type MergeRequest } from './MergeCodebookDialog';
import { pickProjectToMerge } from '../team/merge-request';
import { ProjectMergeHost } from '../team/ProjectMergeHost';
import { baseName, suggestedProjectPath } from './paths';
import './exchange.css';

interface ExportChoice {
  id: string;
  label: string;
  hint: string;
  /** `pseudonymise`: the menu's "Pseudonymise" box (renderer/src/privacy/). */
  run: (pseudonymise: boolean) => Promise<ExportResult>;
}

const EXPORTS: readonly ExportChoice[] = [
  { id: 'qdpx', label: 'REFI-QDA project (.qdpx)', hint: 'For NVivo, ATLAS.ti, MAXQDA, QualCoder', run: (p) => call('export.refi', { format: 'qdpx', pseudonymise: p }) },
  { id: 'qdc', label: 'REFI-QDA codebook (.qdc)', hint: 'The code tree, for a co-coder or another tool', run: (p) => call('export.refi', { format: 'qdc', pseudonymise: p }) },
  { id: 'codebook-md', label: 'Codebook (Markdown)', hint: 'Definitions and criteria, to read or share', run: (p) => call('export.codebook', { format: 'codebook-md', pseudonymise: p }) },
  { id: 'themes-docx', label: 'Theme summary (Word)', hint: 'Themes with prevalence and quotes, for a manuscript', run: (p) => call('export.themes', { format: 'themes-docx', pseudonymise: p }) },
  { id: 'themes-md', label: 'Theme summary (Markdown)', hint: 'The same summary as plain text', run: (p) => call('export.themes', { format: 'themes-md', pseudonymise: p }) },
];

const PROJECT_ACCEPT = '.qdpx,.qde';
const CODEBOOK_ACCEPT = '.qdc,.qdpx';


function MenuItem({ label, hint, disabled, onClick, testId }: { label: string; hint: string; disabled?: boolean; onClick: () => void; testId: string }) {
  return (
    <button type="button" className="exchange-item" disabled={disabled} onClick={onClick} data-testid={testId}>
      <span className="exchange-item-label">{label}</span>
      <span className="exchange-item-hint">{hint}</span>
    </button>
  );
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="exchange-group" role="group" aria-label={title}>
      <div className="exchange-group-title">{title}</div>
      {children}
    </div>
  );
}

export function ExchangeMenu({ info, onProjectChanged }: { info: ProjectInfo | null; onProjectChanged: () => void }) {
  const [open, setOpen] = useState(false);
  const [exporting, setExporting] = useState<string | null>(null);
  const [importing, setImporting] = useState<PickedFile | null>(null);
  const [merging, setMerging] = useState<MergeRequest | null>(null);
  const [pseudonymise, setPseudonymise] = useState(false);
  const ref = useDismiss(open, setOpen);
  const projectInput = useRef<HTMLInputElement>(null);
  const codebookInput = useRef<HTMLInputElement>(null);

  // A codebook picked in the desktop File menu: the preview is this dialog's.
  useEffect(
    () =>
      subscribe((event) => {
        if (event.type !== 'request' || event.action !== 'merge-codebook') return;
        setMerging({ key: `${event.path}#${Date.now()}`, name: baseName(event.path), source: event.path });
      }),
    [],
  );

  const runExport = async (choice: ExportChoice) => {
    setOpen(false);
    setExporting(choice.id);
    try {
      const result = await choice.run(pseudonymise);
      if (downloadExport(result)) showToast('notice', `Exported “${result.fileName}”`);
    } catch (e) {
      showError(e);
    } finally {
      setExporting(null);
    }
  };

  const pickWith = (input: HTMLInputElement | null) => {
    setOpen(false);
    if (!input) return;
    input.value = '';
    input.click();
  };

  const picked = async (input: HTMLInputElement, then: (file: PickedFile) => void) => {
    const files = [...(input.files ?? [])];
    if (files.length === 0) return;
    try {
      const [file] = await readPicked(files.slice(0, 1));
      if (file) then(file);
    } catch (e) {
      showError(e);
    }
  };

  const hasProject = info !== null;
  return (
    <div className="menu" ref={ref}>
      <button
        type="button"
        className="tool-button"
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={() => setOpen((o) => !o)}
        disabled={exporting !== null}
        data-testid="exchange-menu"
      >
        {exporting ? 'Exporting…' : 'Import & export'}
        <svg viewBox="0 0 20 20" aria-hidden="true" className="chevron">
          <path d="m6 8 4 4 4-4" />
        </svg>
      </button>
      {open ? (
        <div className="menu-popover exchange-popover" role="dialog" aria-label="Import and export">
          <Group title="Export">
            <div className="exchange-item">
              <PseudonymiseOption checked={pseudonymise} onChange={setPseudonymise} testId="export-pseudonymise" />
            </div>
            {EXPORTS.map((choice) => (
              <MenuItem key={choice.id} label={choice.label} hint={choice.hint} disabled={!hasProject} onClick={() => void runExport(choice)} testId={`export-${choice.id}`} />
            ))}
          </Group>
          <Group title="Import">
            <MenuItem
              label="REFI-QDA project (.qdpx, .qde)…"
              hint="From another tool, as a new Chorus project"
              onClick={() => pickWith(projectInput.current)}
              testId="import-refi-project"
            />
            <MenuItem
              label="Merge a codebook (.qdc)…"
              hint="A co-coder's codes into this project, after a preview"
              disabled={!hasProject}
              onClick={() => pickWith(codebookInput.current)}
              testId="merge-codebook"
            />
            <MenuItem
              label="Merge a co-coder's project…"
              hint="Their copy (.chorus) or a .qdpx: codings per coder, after a preview"
              disabled={!hasProject}
              onClick={() => {
                setOpen(false);
                pickProjectToMerge();
              }}
              testId="merge-project"
            />
          </Group>
        </div>
      ) : null}
      <input
        ref={projectInput}
        type="file"
        accept={PROJECT_ACCEPT}
        hidden
        onChange={(e) => void picked(e.currentTarget, setImporting)}
        data-testid="import-refi-input"
      />
      <input
        ref={codebookInput}
        type="file"
        accept={CODEBOOK_ACCEPT}
        hidden
        onChange={(e) =>
          void picked(e.currentTarget, (file) => {
            const source: OpInput<'exchange.previewCodebook'>['source'] = { kind: 'bytes', name: file.name, base64: file.base64 };
            setMerging({ key: file.id, name: file.name, source });
          })
        }
        data-testid="merge-codebook-input"
      />
      {importing ? (
        <ImportProjectDialog
          file={importing}
          suggestedPath={suggestedProjectPath(info?.path, importing.name)}
          onImported={onProjectChanged}
          onClose={() => setImporting(null)}
        />
      ) : null}
      {merging ? <MergeCodebookDialog request={merging} onClose={() => setMerging(null)} /> : null}
      <ProjectMergeHost />
    </div>
  );
}
