import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { envFromSettings, loadSettings, saveSettings } from '../../electron/core/settings.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

let dir: string;
let dataDir: string;
let settingsFile: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-settings-'));
  // A folder that does not exist yet: the first run creates it.
  dataDir = path.join(dir, 'config', 'Chorus');
  settingsFile = path.join(dataDir, 'settings.json');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const onDisk = () => JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as unknown;

describe('loadSettings', () => {
  it('creates a user with a guid and a name on first run, and persists them', () => {
    const first = loadSettings(dataDir);
    expect(first.user.guid).toMatch(UUID);
    expect(first.user.name.length).toBeGreaterThan(0);
    expect(first.recentProjects).toEqual([]);
    expect(onDisk()).toEqual(first);
    expect(fs.readdirSync(dataDir)).toEqual(['settings.json']);

    // The coder keeps their guid from run to run.
    expect(loadSettings(dataDir)).toEqual(first);
  });

  it('gives a different installation a different coder guid', () => {
    const other = path.join(dir, 'other');
    expect(loadSettings(other).user.guid).not.toBe(loadSettings(dataDir).user.guid);
  });

  it('reads what saveSettings wrote', () => {
    const settings = {
      user: { guid: '3f2b8c4e-9d1a-4c7e-8b5f-0a1b2c3d4e5f', name: 'Ada Researcher' },
      recentProjects: ['/home/ada/study.chorus'],
      importLimitMb: 120,
    };
    saveSettings(settings, dataDir);
    expect(loadSettings(dataDir)).toEqual(settings);
    expect(fs.existsSync(`${settingsFile}.tmp`)).toBe(false);
  });

  it('fills in what an older settings file lacks, keeping the coder', () => {
    fs.mkdirSync(dataDir, { recursive: true });
    const user = { guid: '3f2b8c4e-9d1a-4c7e-8b5f-0a1b2c3d4e5f', name: 'Ada' };
    fs.writeFileSync(settingsFile, JSON.stringify({ user }));
    expect(loadSettings(dataDir)).toEqual({ user, recentProjects: [], importLimitMb: 50 });
  });

  it('gives the core the import limit of the settings', () => {
    const settings = { ...loadSettings(dataDir), importLimitMb: 2 };
    expect(envFromSettings(settings).maxImportBytes).toBe(2 * 1024 * 1024);
    expect(envFromSettings(settings).user).toEqual(settings.user);
  });

  it.each([
    ['not JSON', '{"user": {"guid": '],
    ['empty', ''],
    ['JSON of the wrong shape', JSON.stringify({ user: { guid: 'not-a-guid', name: '' } })],
    ['a JSON array', '[1, 2, 3]'],
    ['binary', Buffer.from([0x00, 0xff, 0xfe, 0x00])],
  ])('replaces a damaged settings file (%s) with a valid one', (_label, content) => {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(settingsFile, content);
    const settings = loadSettings(dataDir);
    expect(settings.user.guid).toMatch(UUID);
    expect(settings.user.name.length).toBeGreaterThan(0);
    expect(onDisk()).toEqual(settings);
    expect(loadSettings(dataDir)).toEqual(settings);
  });
});
