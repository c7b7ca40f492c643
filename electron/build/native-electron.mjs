#!/usr/bin/env node
/**
 * Makes .electron-native/better_sqlite3.node: the SQLite driver (better-sqlite3-multiple-ciphers,
 * better-sqlite3 over SQLite3 Multiple Ciphers, which encrypted projects need) built for the
 * installed Electron's ABI, which the desktop app loads through the driver's `nativeBinding`
 * option. Run by `npm start` and `npm run dist` before Electron.
 *
 * Why a separate copy: node_modules/better-sqlite3-multiple-ciphers keeps its Node build, which vitest, the CLI and
 * the browser-mode server load. Rebuilding it in place for Electron (what electron-rebuild does)
 * would break them until `npm rebuild`, and a failed `node-gyp rebuild` deletes the old build
 * first. So the sources are copied to a temporary folder and built there; node_modules is only read.
 *
 * Method (documented flags only):
 *  1. prebuild-install --runtime electron --target <electron version> --arch <arch>
 *     (the driver publishes Electron prebuilds on its GitHub releases; see prebuild-install's
 *     README / help.txt), else
 *  2. node-gyp rebuild --runtime=electron --target=<version> --arch=<arch>
 *     --dist-url=https://electronjs.org/headers (Electron's "Native Node Modules" tutorial, manual
 *     node-gyp build), with headers cached in ~/.electron-gyp as that tutorial and
 *     @electron/rebuild do.
 * npm_config_nodedir is removed from the children's environment: some machines set nodedir=/usr
 * for Node builds, and node-gyp would then compile against Node's headers (wrong ABI) while
 * believing it targets Electron.
 *
 * A stamp (.electron-native/stamp.json) records what the addon was built for; when it matches,
 * the script does nothing, so only the first start after installing or upgrading needs network.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
const modulesDir = path.join(root, 'node_modules');
const DRIVER = 'better-sqlite3-multiple-ciphers';
const sqliteDir = path.join(modulesDir, DRIVER);
const outDir = path.join(root, '.electron-native');
const outFile = path.join(outDir, 'better_sqlite3.node');
const stampFile = path.join(outDir, 'stamp.json');
const logFile = path.join(outDir, 'build.log');
const ADDON = 'better_sqlite3.node';
const ELECTRON_HEADERS = 'https://electronjs.org/headers';

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** The JS entry of a package's CLI, run with this Node: portable where .bin holds .cmd shims. */
function binOf(pkgName) {
  const pkgDir = path.join(modulesDir, pkgName);
  const { bin } = readJson(path.join(pkgDir, 'package.json'));
  const rel = typeof bin === 'string' ? bin : bin[pkgName];
  return path.join(pkgDir, rel);
}

/** The environment for the builds, without any spelling of npm_config_nodedir (node-gyp reads it case-insensitively). */
function buildEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key.toLowerCase() === 'npm_config_nodedir') delete env[key];
  }
  return env;
}

/** Thrown to stop the build; reported by the top level after the temporary folder is gone. */
class BuildFailure extends Error {
  constructor(electronVersion, detail) {
    super('build failed');
    this.electronVersion = electronVersion;
    this.detail = detail;
  }
}

function report(failure) {
  const { electronVersion, detail } = failure;
  if (detail) {
    try {
      fs.mkdirSync(outDir, { recursive: true });
      fs.writeFileSync(logFile, detail);
    } catch {
      // The log is a courtesy; the message below is what matters.
    }
  }
  console.error(
    `Chorus: the desktop app needs ${DRIVER} built for Electron ${electronVersion ?? '(not installed)'}, ` +
      `which needs network access once (to download its Electron prebuild, or Electron's headers to compile it); ` +
      `connect and run the command again${detail ? ` (details: ${path.relative(process.cwd(), logFile) || logFile})` : ''}.`,
  );
}

function run(label, args, cwd, env, log) {
  const r = spawnSync(process.execPath, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  log.push(`$ ${label}\n${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? `${r.error.message}\n` : ''}exit ${r.status}\n`);
  return r.status === 0;
}

function main() {
  let electronVersion;
  try {
    electronVersion = readJson(path.join(modulesDir, 'electron', 'package.json')).version;
  } catch {
    throw new BuildFailure(null, 'node_modules/electron is not installed: run npm install.\n');
  }
  const sqliteVersion = readJson(path.join(sqliteDir, 'package.json')).version;
  const arch = process.arch;
  // The driver's name is part of the stamp: better-sqlite3 and its multiple-ciphers fork share
  // version numbers, and an addon built from the former cannot open encrypted projects.
  const stamp = { electron: electronVersion, driver: DRIVER, betterSqlite3: sqliteVersion, platform: process.platform, arch };

  try {
    const old = readJson(stampFile);
    if (
      fs.existsSync(outFile) &&
      Object.keys(stamp).every((k) => old[k] === stamp[k])
    ) {
      return;
    }
  } catch {
    // No stamp or an unreadable one: build.
  }

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-electron-sqlite-'));
  const log = [];
  try {
    // Only what a build needs; never the package's own build/ (that is Node's addon).
    for (const entry of ['package.json', 'binding.gyp', 'src', 'deps']) {
      fs.cpSync(path.join(sqliteDir, entry), path.join(tmp, entry), { recursive: true });
    }
    const env = buildEnv();

    const prebuilt = run(
      `prebuild-install --runtime electron --target ${electronVersion} --arch ${arch}`,
      [binOf('prebuild-install'), '--runtime', 'electron', '--target', electronVersion, '--arch', arch, '--verbose'],
      tmp,
      env,
      log,
    );
    const built = path.join(tmp, 'build', 'Release', ADDON);
    if (!prebuilt || !fs.existsSync(built)) {
      const compiled = run(
        `node-gyp rebuild --runtime=electron --target=${electronVersion} --arch=${arch} --dist-url=${ELECTRON_HEADERS}`,
        [
          binOf('node-gyp'),
          'rebuild',
          '--release',
          '--runtime=electron',
          `--target=${electronVersion}`,
          `--arch=${arch}`,
          `--dist-url=${ELECTRON_HEADERS}`,
          `--devdir=${path.join(os.homedir(), '.electron-gyp')}`,
        ],
        tmp,
        env,
        log,
      );
      if (!compiled || !fs.existsSync(built)) throw new BuildFailure(electronVersion, log.join('\n'));
    }

    fs.mkdirSync(outDir, { recursive: true });
    // Copy then rename, so an interrupted run never leaves a truncated addon that the stamp vouches for.
    fs.copyFileSync(built, `${outFile}.tmp`);
    fs.renameSync(`${outFile}.tmp`, outFile);
    fs.writeFileSync(stampFile, `${JSON.stringify(stamp, null, 2)}\n`);
    fs.rmSync(logFile, { force: true });
    console.log(`Chorus: built ${DRIVER} ${sqliteVersion} for Electron ${electronVersion} (${arch}) in .electron-native/.`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

try {
  main();
} catch (e) {
  if (!(e instanceof BuildFailure)) throw e;
  report(e);
  process.exitCode = 1;
}
