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
  type OpenDialogOptions,
  type SaveDialogOptions,
  type WebContents,
} from 'electron';
import { api, type OpInput, type OpName, type OpOutput } from '../../shared/api.js';
import { ErrorCode, type Result } from '../../shared/errors.js';
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

/** Opens (or creates) the project at `file` and records it among the recent projects. */
export async function openProjectAt(ctx: MenuContext, name: ProjectOp, file: string): Promise<boolean> {
  const absolute = path.resolve(file);
  const title = name === 'project.open' ? 'Could not open the project' : 'Could not create the project';
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

function withChorusExtension(file: string): string {
  // GTK and Windows dialogs do not always append the filter's extension.
  return /\.chorus$/i.test(file) ? file : `${file}.chorus`;
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
  if (file) await openProjectAt(ctx, 'project.create', withChorusExtension(file));
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

async function exportCodebook(ctx: MenuContext, window: BaseWindow | undefined): Promise<void> {
  const file = await askSave(window, {
    title: 'Export codebook',
    buttonLabel: 'Export',
    defaultPath: path.join(app.getPath('documents'), 'Codebook.md'),
    filters: [{ name: 'Markdown', extensions: ['md'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  if (file) await runFromMenu(ctx, 'Could not export the codebook', 'export.codebook', { format: 'codebook-md', path: file });
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
      { label: 'Export codebook (Markdown)…', click: action((w) => exportCodebook(ctx, w)) },
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
