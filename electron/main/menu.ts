/**
 * The application menu. Its actions are dialogs plus calls of the core's `dispatch`, exactly as
 * the renderer would make them; after a call that changes something, the windows get a 'changed'
 * event naming the contract's invalidated domains so the renderer refetches. No domain logic here.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  Menu,
  shell,
  type BaseWindow,
  type MenuItemConstructorOptions,
  type MessageBoxOptions,
  type OpenDialogOptions,
  type SaveDialogOptions,
  type WebContents,
} from 'electron';
import { api, type OpInput, type OpName, type OpOutput } from '../../shared/api.js';
import { ErrorCode, type Result } from '../../shared/errors.js';
import { MEDIA_FORMATS } from '../../shared/media.js';
import type { ChorusEvent } from '../../shared/types.js';
import { dispatch, type Session } from '../core/index.js';

export interface MenuContext {
  session: Session;
  /** Where "Open demo study" keeps its copy of the demo. */
  demoProjectPath: string;
  /** Called after a project was created or opened, with its absolute path (for recent projects). */
  projectOpened(file: string): void;
  /** Delivers an event to the renderer(s). */
  notify(event: ChorusEvent): void;
}

/** `dispatch` typed by the contract: the core guarantees the output type of each operation. */
export async function call<N extends OpName>(
  session: Session,
  name: N,
  input: OpInput<N>,
): Promise<Result<OpOutput<N>>> {
  return (await dispatch(session, name, input)) as Result<OpOutput<N>>;
}

function notifyChanged(ctx: MenuContext, name: OpName): void {
  const domains = api[name].invalidates;
  // An export invalidates nothing: no reason to make the renderer refetch.
  if (domains.length > 0) ctx.notify({ type: 'changed', domains: [...domains] });
}

/**
 * Runs one operation for a menu action: on success tells the renderer what changed, on failure
 * shows the core's message (written for researchers) in an error box. Returns the output or null.
 */
export async function runFromMenu<N extends OpName>(
  ctx: MenuContext,
  failureTitle: string,
  name: N,
  input: OpInput<N>,
): Promise<OpOutput<N> | null> {
  const result = await call(ctx.session, name, input);
  if (!result.ok) {
    dialog.showErrorBox(failureTitle, result.error.message);
    return null;
  }
  notifyChanged(ctx, name);
  return result.value;
}

type ProjectOp = 'project.open' | 'project.create' | 'project.createDemo';

/**
 * Opens (or creates) the project at `file` and records it among the recent projects. An encrypted
 * project is handed to the renderer, whose dialog asks for its passphrase and opens it (the shell
 * has no passphrase dialog of its own); that counts as handled.
 */
export async function openProjectAt(ctx: MenuContext, name: ProjectOp, file: string): Promise<boolean> {
  const absolute = path.resolve(file);
  const title = name === 'project.open' ? 'Could not open the project' : 'Could not create the project';
  if (name === 'project.open') {
    const result = await call(ctx.session, name, { path: absolute });
    if (!result.ok && result.error.code === ErrorCode.PASSPHRASE_REQUIRED) {
      ctx.notify({ type: 'request', action: 'unlock-project', path: absolute });
      return true;
    }
    if (!result.ok) {
      dialog.showErrorBox(title, result.error.message);
      return false;
    }
    notifyChanged(ctx, name);
    ctx.projectOpened(absolute);
    return true;
  }
  const info = await runFromMenu(ctx, title, name, { path: absolute });
  if (info === null) return false;
  ctx.projectOpened(absolute);
  return true;
}

/**
 * Opens the researcher's own copy of the demo study, writing it first when it does not exist yet
 * (the demo in the app's resources is read-only, and coding it must not touch the original).
 */
export async function openDemoStudy(ctx: MenuContext): Promise<boolean> {
  const file = ctx.demoProjectPath;
  if (fs.existsSync(file)) return openProjectAt(ctx, 'project.open', file);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
  } catch (e) {
    dialog.showErrorBox('Could not create the demo study', e instanceof Error ? e.message : String(e));
    return false;
  }
  return openProjectAt(ctx, 'project.createDemo', file);
}

/** GTK and Windows dialogs do not always append the filter's extension. */
function withExtension(file: string, extension: string): string {
  return file.toLowerCase().endsWith(extension.toLowerCase()) ? file : `${file}${extension}`;
}

async function askOpen(window: BaseWindow | undefined, options: OpenDialogOptions): Promise<string[]> {
  const r = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return r.canceled ? [] : r.filePaths;
}

async function askSave(window: BaseWindow | undefined, options: SaveDialogOptions): Promise<string | null> {
  const r = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  return r.canceled || !r.filePath ? null : r.filePath;
}

const PROJECT_FILTERS = [{ name: 'Chorus project', extensions: ['chorus'] }];

async function newProject(ctx: MenuContext, window: BaseWindow | undefined): Promise<void> {
  const file = await askSave(window, {
    title: 'New project',
    buttonLabel: 'Create',
    defaultPath: path.join(app.getPath('documents'), 'Untitled study.chorus'),
    filters: PROJECT_FILTERS,
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  if (file) await openProjectAt(ctx, 'project.create', withExtension(file, '.chorus'));
}

async function openProject(ctx: MenuContext, window: BaseWindow | undefined): Promise<void> {
  const [file] = await askOpen(window, {
    title: 'Open project',
    defaultPath: app.getPath('documents'),
    filters: PROJECT_FILTERS,
    properties: ['openFile'],
  });
  if (file) await openProjectAt(ctx, 'project.open', file);
}

async function importTranscripts(ctx: MenuContext, window: BaseWindow | undefined): Promise<void> {
  const files = await askOpen(window, {
    title: 'Import transcripts',
    buttonLabel: 'Import',
    filters: [
      { name: 'Transcripts', extensions: ['txt', 'md', 'text'] },
      // The core decides what it can read and says so per file; the dialog should not hide files.
      { name: 'All files', extensions: ['*'] },
    ],
    properties: ['openFile', 'multiSelections'],
  });
  if (files.length === 0) return;
  const report = await runFromMenu(ctx, 'Could not import the transcripts', 'documents.import', {
    sources: files.map((p) => ({ kind: 'path' as const, path: p })),
    // Lets the renderer show the progress events of this import.
    operationId: randomUUID(),
  });
  const failed = report?.files.filter((f) => !f.ok) ?? [];
  if (failed.length > 0) {
    const lines = failed.map((f) => `${path.basename(f.source)}: ${f.error?.message ?? 'not imported'}`);
    const options = {
      type: 'warning' as const,
      message: failed.length === 1 ? 'One file was not imported.' : `${failed.length} files were not imported.`,
      detail: lines.join('\n'),
    };
    if (window) await dialog.showMessageBox(window, options);
    else await dialog.showMessageBox(options);
  }
}

type ExportRun = (ctx: MenuContext, file: string) => Promise<unknown>;

interface ExportChoice {
  label: string;
  /** Appended to the project's title for the suggested file name. */
  suffix: string;
  filter: { name: string; extensions: string[] };
  run: ExportRun;
}

const EXPORT_FAILED = 'Could not export';

/** The same exports as the renderer's Import & export menu, written where the save dialog says. */
const EXPORTS: readonly ExportChoice[] = [
  {
    label: 'REFI-QDA project (.qdpx)…',
    suffix: '.qdpx',
    filter: { name: 'REFI-QDA project', extensions: ['qdpx'] },
    run: (ctx, file) => runFromMenu(ctx, EXPORT_FAILED, 'export.refi', { format: 'qdpx', path: file }),
  },
  {
    label: 'REFI-QDA codebook (.qdc)…',
    suffix: ' - codebook.qdc',
    filter: { name: 'REFI-QDA codebook', extensions: ['qdc'] },
    run: (ctx, file) => runFromMenu(ctx, EXPORT_FAILED, 'export.refi', { format: 'qdc', path: file }),
  },
  {
    label: 'Codebook (Markdown)…',
    suffix: ' - codebook.md',
    filter: { name: 'Markdown', extensions: ['md'] },
    run: (ctx, file) => runFromMenu(ctx, EXPORT_FAILED, 'export.codebook', { format: 'codebook-md', path: file }),
  },
  {
    label: 'Theme summary (Word)…',
    suffix: ' - themes.docx',
    filter: { name: 'Word document', extensions: ['docx'] },
    run: (ctx, file) => runFromMenu(ctx, EXPORT_FAILED, 'export.themes', { format: 'themes-docx', path: file }),
  },
  {
    label: 'Theme summary (Markdown)…',
    suffix: ' - themes.md',
    filter: { name: 'Markdown', extensions: ['md'] },
    run: (ctx, file) => runFromMenu(ctx, EXPORT_FAILED, 'export.themes', { format: 'themes-md', path: file }),
  },
];

/** The open project's title, or null (after an error box) when no project is open. */
async function openProjectTitle(ctx: MenuContext, failureTitle: string): Promise<string | null> {
  const info = await call(ctx.session, 'project.info', {});
  if (!info.ok) {
    dialog.showErrorBox(failureTitle, info.error.message);
    return null;
  }
  return info.value.title || 'Untitled project';
}

async function exportAs(ctx: MenuContext, window: BaseWindow | undefined, choice: ExportChoice): Promise<void> {
  const title = await openProjectTitle(ctx, EXPORT_FAILED);
  if (title === null) return;
  const file = await askSave(window, {
    title: `Export ${choice.label.replace(/…$/, '')}`,
    buttonLabel: 'Export',
    // Characters no file system accepts would make the dialog refuse the suggestion.
    defaultPath: path.join(app.getPath('documents'), `${title.replace(/[<>:"/\\|?*]+/g, ' ').trim()}${choice.suffix}`),
    filters: [choice.filter],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  if (file) await choice.run(ctx, withExtension(file, `.${choice.filter.extensions[0]!}`));
}

async function showMessage(window: BaseWindow | undefined, options: MessageBoxOptions): Promise<void> {
  if (window) await dialog.showMessageBox(window, options);
  else await dialog.showMessageBox(options);
}

/** A REFI-QDA project from another tool, as a new project the researcher names; then its report. */
async function importRefiProject(ctx: MenuContext, window: BaseWindow | undefined): Promise<void> {
  const [source] = await askOpen(window, {
    title: 'Import a REFI-QDA project',
    buttonLabel: 'Import',
    filters: [
      { name: 'REFI-QDA project', extensions: ['qdpx', 'qde'] },
      { name: 'All files', extensions: ['*'] },
    ],
    properties: ['openFile'],
  });
  if (!source) return;
  const target = await askSave(window, {
    title: 'Save the imported project as',
    buttonLabel: 'Create',
    defaultPath: path.join(path.dirname(source), `${path.basename(source).replace(/\.(qdpx|qde)$/i, '')}.chorus`),
    filters: PROJECT_FILTERS,
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  if (!target) return;
  const absolute = path.resolve(withExtension(target, '.chorus'));
  const result = await runFromMenu(ctx, 'Could not import the project', 'project.importRefi', { source, path: absolute });
  if (!result) return;
  ctx.projectOpened(absolute);
  const { report } = result;
  const counts = [
    `${report.documents} documents`,
    `${report.codes} codes`,
    `${report.codings} codings`,
    `${report.participants} participants`,
    `${report.memos} memos`,
  ].join(' · ');
  await showMessage(window, {
    type: report.notes.length > 0 ? 'warning' : 'info',
    message: `Imported ${path.basename(source)}${report.origin ? ` (from ${report.origin})` : ''}`,
    detail: report.notes.length > 0 ? `${counts}\n\nLeft out or adjusted:\n${report.notes.map((n) => `• ${n}`).join('\n')}` : counts,
  });
}

/**
 * Merging a codebook: the file is picked here, and the renderer shows its preview (what will be
 * added, renamed, kept) and applies it, so the desktop and browser mode share one merge dialog.
 */
async function mergeCodebook(ctx: MenuContext, window: BaseWindow | undefined): Promise<void> {
  if (!ctx.session.project) {
    dialog.showErrorBox('Could not merge a codebook', 'Open the project to merge the codebook into first.');
    return;
  }
  const [file] = await askOpen(window, {
    title: 'Merge a codebook',
    buttonLabel: 'Preview',
    filters: [
      { name: 'REFI-QDA codebook', extensions: ['qdc', 'qdpx'] },
      { name: 'All files', extensions: ['*'] },
    ],
    properties: ['openFile'],
  });
  if (file) ctx.notify({ type: 'request', action: 'merge-codebook', path: path.resolve(file) });
}

/**
 * Merging a co-coder's project: as with a codebook, the file is picked here and the renderer shows
 * the preview (documents, codes, codings per coder, conflicts to settle) and applies it.
 */
async function mergeProject(ctx: MenuContext, window: BaseWindow | undefined): Promise<void> {
  if (!ctx.session.project) {
    dialog.showErrorBox("Could not merge a co-coder's project", 'Open the project to merge into first.');
    return;
  }
  const [file] = await askOpen(window, {
    title: "Merge a co-coder's project",
    buttonLabel: 'Preview',
    filters: [
      { name: 'Chorus or REFI-QDA project', extensions: ['chorus', 'qdpx'] },
      { name: 'All files', extensions: ['*'] },
    ],
    properties: ['openFile'],
  });
  if (file) ctx.notify({ type: 'request', action: 'merge-project', path: path.resolve(file) });
}

/**
 * A recording for the open transcript, picked natively: the renderer's recording panel links it,
 * or, when the linked one moved, offers it as the same recording found again.
 */
async function linkRecording(ctx: MenuContext, window: BaseWindow | undefined): Promise<void> {
  if (!ctx.session.project) {
    dialog.showErrorBox('Could not link a recording', 'Open a project and the transcript the recording belongs to first.');
    return;
  }
  const [file] = await askOpen(window, {
    title: 'Link a recording to the open transcript',
    buttonLabel: 'Link',
    filters: [
      { name: 'Audio and video', extensions: Object.keys(MEDIA_FORMATS).map((e) => e.slice(1)) },
      { name: 'All files', extensions: ['*'] },
    ],
    properties: ['openFile'],
  });
  if (file) ctx.notify({ type: 'request', action: 'link-recording', path: path.resolve(file) });
}

function contentsOf(window: BaseWindow | undefined): WebContents | null {
  const win = window instanceof BrowserWindow ? window : BrowserWindow.getFocusedWindow();
  return win && !win.isDestroyed() ? win.webContents : null;
}

/**
 * True when keyboard focus is in a text field of the page. There Ctrl/Cmd+Z must undo typing, not
 * the last coding: on macOS the menu receives Cmd+Z before the field does, so without this check
 * a researcher fixing a typo in a code name would silently take back their last analytic step.
 */
async function focusIsInTextField(contents: WebContents): Promise<boolean> {
  try {
    const editable: unknown = await contents.executeJavaScript(
      `(() => { const el = document.activeElement; if (!el) return false;
        if (el.isContentEditable) return true;
        if (el.tagName === 'TEXTAREA') return !el.readOnly && !el.disabled;
        if (el.tagName !== 'INPUT') return false;
        return !el.readOnly && !el.disabled && !['button','checkbox','radio','range','color','file','submit','reset','image'].includes(el.type); })()`,
    );
    return editable === true;
  } catch {
    return false;
  }
}

async function undoOrRedo(ctx: MenuContext, which: 'undo' | 'redo', window: BaseWindow | undefined): Promise<void> {
  const contents = contentsOf(window);
  if (contents && (await focusIsInTextField(contents))) {
    if (which === 'undo') contents.undo();
    else contents.redo();
    return;
  }
  const name = which === 'undo' ? 'history.undo' : 'history.redo';
  const result = await call(ctx.session, name, {});
  if (result.ok) {
    notifyChanged(ctx, name);
    return;
  }
  const quiet: readonly string[] = [ErrorCode.NOTHING_TO_UNDO, ErrorCode.NOTHING_TO_REDO, ErrorCode.NO_PROJECT];
  // Pressing Ctrl+Z once too often is routine: a beep, as in any editor, not an error box.
  if (quiet.includes(result.error.code)) shell.beep();
  else dialog.showErrorBox(which === 'undo' ? 'Could not undo' : 'Could not redo', result.error.message);
}

async function showAbout(window: BaseWindow | undefined): Promise<void> {
  const options = {
    type: 'info' as const,
    title: 'About Chorus',
    message: `Chorus ${app.getVersion()}`,
    detail: [
      'Qualitative analysis of focus-group transcripts.',
      '',
      `Electron ${process.versions.electron ?? '?'} · Chromium ${process.versions.chrome ?? '?'} · Node ${process.versions.node}`,
      'Open source under the MIT licence.',
    ].join('\n'),
  };
  if (window) await dialog.showMessageBox(window, options);
  else await dialog.showMessageBox(options);
}

/**
 * A click handler for an async action: menu callbacks ignore returned promises, so an unexpected
 * rejection would otherwise vanish as an unhandled rejection with no feedback to the user.
 */
function action(run: (window: BaseWindow | undefined) => Promise<unknown>): MenuItemConstructorOptions['click'] {
  return (_item, window) => {
    run(window).catch((e: unknown) => {
      dialog.showErrorBox('Chorus', e instanceof Error ? e.message : String(e));
    });
  };
}

export function menuTemplate(ctx: MenuContext, opts: { isPackaged: boolean; platform: NodeJS.Platform }): MenuItemConstructorOptions[] {
  const mac = opts.platform === 'darwin';
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'New project…', accelerator: 'CmdOrCtrl+N', click: action((w) => newProject(ctx, w)) },
      { label: 'Open project…', accelerator: 'CmdOrCtrl+O', click: action((w) => openProject(ctx, w)) },
      { label: 'Open demo study', click: action(() => openDemoStudy(ctx)) },
      { type: 'separator' },
      { label: 'Import transcripts…', accelerator: 'CmdOrCtrl+I', click: action((w) => importTranscripts(ctx, w)) },
      { label: 'Import REFI-QDA project…', click: action((w) => importRefiProject(ctx, w)) },
      { label: 'Merge codebook…', click: action((w) => mergeCodebook(ctx, w)) },
      { label: "Merge co-coder's project…", click: action((w) => mergeProject(ctx, w)) },
      { label: 'Link recording to transcript…', click: action((w) => linkRecording(ctx, w)) },
      { type: 'separator' },
      // The renderer's dialogs do these (they ask for passphrases twice, warn, confirm).
      { label: 'Protect with a passphrase…', click: action(async () => ctx.notify({ type: 'request', action: 'passphrase', mode: 'protect' })) },
      { label: 'Change passphrase…', click: action(async () => ctx.notify({ type: 'request', action: 'passphrase', mode: 'change' })) },
      { label: 'Remove passphrase…', click: action(async () => ctx.notify({ type: 'request', action: 'passphrase', mode: 'remove' })) },
      { type: 'separator' },
      {
        label: 'Export',
        submenu: EXPORTS.map((choice) => ({ label: choice.label, click: action((w) => exportAs(ctx, w, choice)) })),
      },
      // On macOS Quit lives in the application menu.
      ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      { label: 'Undo', accelerator: 'CmdOrCtrl+Z', click: action((w) => undoOrRedo(ctx, 'undo', w)) },
      { label: 'Redo', accelerator: 'CmdOrCtrl+Shift+Z', click: action((w) => undoOrRedo(ctx, 'redo', w)) },
      // Ctrl+Y is the Windows (and common Linux) redo key; a hidden item keeps one visible Redo.
      ...(mac
        ? []
        : [{ label: 'Redo', accelerator: 'Ctrl+Y', visible: false, click: action((w) => undoOrRedo(ctx, 'redo', w)) }]),
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      { role: 'reload' },
      ...(opts.isPackaged ? [] : [{ role: 'toggleDevTools' } as const]),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [{ label: 'About Chorus', click: action((w) => showAbout(w)) }],
  };
  return [...(mac ? [{ role: 'appMenu' } as const] : []), file, edit, view, ...(mac ? [{ role: 'windowMenu' } as const] : []), help];
}

export function installMenu(ctx: MenuContext, opts: { isPackaged: boolean; platform: NodeJS.Platform }): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(ctx, opts)));
}
