/**
 * The desktop app's entry: one instance, one core session, one window. Everything here is wiring;
 * the security baseline is security.ts, the IPC door ipc.ts, the menu and its dialogs menu.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol } from 'electron';
import { envFromSettings, loadSettings, rememberProject, saveSettings, Session, type Settings } from '../core/index.js';
import type { ChorusEvent } from '../../shared/types.js';
import { createEventForwarder, registerIpc } from './ipc.js';
import { installMediaProtocol } from './media-protocol.js';
import { installMenu, openDemoStudy, openProjectAt, type MenuContext } from './menu.js';
import {
  APP_ENTRY_URL,
  installSecurity,
  isTrustedSender,
  registerAppScheme,
  secureWebPreferences,
} from './security.js';

// Electron only accepts privileged schemes before `ready`.
registerAppScheme();

/** The last *.chorus argument, resolved against the directory the command ran in. */
function projectArgument(argv: readonly string[], cwd: string): string | null {
  const candidates = argv.slice(1).filter((a) => !a.startsWith('-') && /\.chorus$/i.test(a));
  const last = candidates[candidates.length - 1];
  return last ? path.resolve(cwd, last) : null;
}

function startApp(): void {
  const packaged = app.isPackaged;
  const userData = app.getPath('userData');
  let settings: Settings = loadSettings(userData);

  // The SQLite driver built for Electron's ABI, kept apart from node_modules' Node build (used by
  // the CLI and tests): electron/build/native-electron.mjs makes it, electron-builder ships it.
  const nativeBinding = packaged
    ? path.join(process.resourcesPath, 'native', 'better_sqlite3.node')
    : path.join(app.getAppPath(), '.electron-native', 'better_sqlite3.node');

  const forward = createEventForwarder(() => BrowserWindow.getAllWindows());
  // A request for the renderer (ask for an encrypted project's passphrase) can come before the
  // window has loaded: the recent project is opened while the window is still being created. It
  // waits for the page, where the preload keeps it for the renderer's first listener.
  let pageLoaded = false;
  const waiting: ChorusEvent[] = [];
  const notify = (event: ChorusEvent): void => {
    if (event.type === 'request' && !pageLoaded) waiting.push(event);
    else forward(event);
  };
  const session = new Session(
    envFromSettings(settings, {
      demoDir: packaged ? path.join(process.resourcesPath, 'demo') : path.join(app.getAppPath(), 'resources', 'demo'),
      nativeBinding,
      emit: forward,
      parseWorker: { file: path.join(__dirname, 'parse-worker.js'), typescript: false },
    }),
  );

  const ctx: MenuContext = {
    session,
    demoProjectPath: path.join(app.getPath('documents'), 'Chorus', 'Demo study.chorus'),
    projectOpened: (file) => {
      settings = rememberProject(settings, file);
      try {
        saveSettings(settings, userData);
      } catch (e) {
        // The project is open either way; only the recent list is not remembered.
        console.warn('Chorus could not save its settings:', e);
      }
    },
    notify,
  };

  let mainWindow: BrowserWindow | null = null;
  let ready = false;
  let pendingFile: string | null = null;

  function createWindow(): BrowserWindow {
    const win = new BrowserWindow({
      width: 1400,
      height: 900,
      minWidth: 800,
      minHeight: 500,
      title: 'Chorus',
      show: false,
      backgroundColor: '#fafaf9',
      webPreferences: secureWebPreferences(path.join(__dirname, '../preload/index.js')),
    });
    win.once('ready-to-show', () => win.show());
    win.webContents.on('did-finish-load', () => {
      pageLoaded = true;
      for (const event of waiting.splice(0)) forward(event);
    });
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null;
    });
    win.loadURL(APP_ENTRY_URL).catch((e: unknown) => {
      // Only a broken build gets here (out/renderer missing); say so instead of a blank window.
      dialog.showErrorBox('Chorus could not load its window', e instanceof Error ? e.message : String(e));
      if (!win.isDestroyed()) win.show();
    });
    return win;
  }

  function focusWindow(): void {
    if (!mainWindow) {
      mainWindow = createWindow();
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  }

  /** The command-line project, else the most recent one, else the researcher's demo copy. */
  async function openInitialProject(requested: string | null): Promise<void> {
    if (requested && (await openProjectAt(ctx, 'project.open', requested))) return;
    const recent = settings.recentProjects[0];
    if (recent && fs.existsSync(recent) && (await openProjectAt(ctx, 'project.open', recent))) return;
    await openDemoStudy(ctx);
  }

  // A second launch (double-clicking a .chorus file while Chorus runs) lands here instead.
  app.on('second-instance', (_event, argv, workingDirectory) => {
    focusWindow();
    const file = projectArgument(argv, workingDirectory);
    if (file) void openProjectAt(ctx, 'project.open', file);
  });

  // macOS delivers file associations as open-file, possibly before `ready`.
  app.on('open-file', (event, file) => {
    event.preventDefault();
    if (ready) void openProjectAt(ctx, 'project.open', file);
    else pendingFile = file;
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (ready && BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });

  app.on('will-quit', () => {
    session.close();
  });

  app
    .whenReady()
    .then(() => {
      installSecurity(path.join(__dirname, '../renderer'));
      installMediaProtocol(protocol, () => session.project);
      registerIpc(ipcMain, session, isTrustedSender, ctx.projectOpened);
      installMenu(ctx, { isPackaged: packaged, platform: process.platform });
      ready = true;

      if (!fs.existsSync(nativeBinding)) {
        dialog.showErrorBox(
          'Chorus cannot open projects',
          `The SQLite module built for Electron is missing (${nativeBinding}). ` +
            'Start Chorus with "npm start", which builds it.',
        );
      }
      // Started before the window loads: the session runs calls in order, so the renderer's
      // first queries are answered after the project is open.
      void openInitialProject(pendingFile ?? projectArgument(process.argv, process.cwd()));
      pendingFile = null;
      mainWindow = createWindow();
    })
    .catch((e: unknown) => {
      dialog.showErrorBox('Chorus could not start', e instanceof Error ? e.message : String(e));
      app.quit();
    });
}

if (app.requestSingleInstanceLock()) {
  startApp();
} else {
  // Another Chorus is running: it receives our argv through 'second-instance'.
  app.quit();
}
