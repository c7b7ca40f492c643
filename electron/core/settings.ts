import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { createEnv, osUserName, type CoreEnv } from './env.js';

/**
 * Per-installation settings: who the local coder is (their guid follows them from project to
 * project, so merges recognise them) and the projects they opened recently.
 */
const SettingsSchema = z.object({
  user: z.object({ guid: z.string().uuid(), name: z.string().min(1) }),
  recentProjects: z.array(z.string()).default([]),
  /** The largest transcript file an import accepts, in MB. */
  importLimitMb: z.number().positive().max(4096).default(50),
});
export type Settings = z.infer<typeof SettingsSchema>;

/** Where settings and the demo copy live when the desktop app does not say: ~/.config/chorus etc. */
export function defaultDataDir(): string {
  if (process.env.CHORUS_HOME) return process.env.CHORUS_HOME;
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? os.homedir(), 'Chorus');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'Chorus');
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'Chorus');
}

/** Reads settings, creating them (with a new coder guid and the OS user's name) when absent or unreadable. */
export function loadSettings(dataDir: string = defaultDataDir()): Settings {
  const file = path.join(dataDir, 'settings.json');
  try {
    const parsed = SettingsSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // First run, or a damaged file: start afresh below.
  }
  const settings: Settings = {
    user: { guid: randomUUID(), name: process.env.CHORUS_USER || osUserName() },
    recentProjects: [],
    importLimitMb: 50,
  };
  saveSettings(settings, dataDir);
  return settings;
}

export function saveSettings(settings: Settings, dataDir: string = defaultDataDir()): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'settings.json');
  // Write then rename, so a crash never leaves half a settings file.
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(settings, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}

/** How many recently opened projects settings keep. */
export const MAX_RECENT_PROJECTS = 10;

/**
 * Settings with `file` as the most recently opened project: moved to the front if it was listed,
 * the list cut to MAX_RECENT_PROJECTS. Pure: the caller saves. Paths compare exactly, so callers
 * pass absolute paths (dialogs and path.resolve give them).
 */
export function rememberProject(settings: Settings, file: string): Settings {
  const rest = settings.recentProjects.filter((p) => p !== file);
  return { ...settings, recentProjects: [file, ...rest].slice(0, MAX_RECENT_PROJECTS) };
}

/** The core's environment for this installation's settings: the coder, the import limit. */
export function envFromSettings(settings: Settings, overrides: Partial<CoreEnv> = {}): CoreEnv {
  return createEnv({ user: settings.user, maxImportBytes: settings.importLimitMb * 1024 * 1024, ...overrides });
}
