/**
 * A throwaway PostgreSQL cluster for the tests of the team server's engine: Debian's binaries
 * (no tool downloads a server of its own), a fresh cluster in a temporary folder, listening on
 * 127.0.0.1 only on a free port, its unix socket inside that folder (so it never collides with a
 * system cluster's /var/run/postgresql), stopped and deleted afterwards.
 *
 * The cluster is made for speed, not durability (fsync off): it is deleted at the end anyway.
 * Its locale is C, which is what a Chorus database needs (docs/postgres-engine.md): text then
 * sorts and folds case like SQLite does.
 */
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { endClient } from '../electron/core/store/postgres/connection.js';

const run = promisify(execFile);

export interface PostgresServer {
  /** A libpq URL of the cluster's `postgres` database, as the superuser `chorus`. */
  url: string;
  /** Stops the cluster (fast shutdown) and deletes its folder. */
  stop(): Promise<void>;
}

const MISSING =
  'PostgreSQL server binaries were not found. Install the Debian packages `postgresql` and `libpq-dev` ' +
  '(apt-get install postgresql libpq-dev; .ci/run does this), or put pg_config on the PATH.';

/** The newest /usr/lib/postgresql/<version>/bin with initdb in it, else what pg_config says. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => /^\d+$/.test(v) && fs.existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return path.join(root, versions[0], 'bin');
  const configured = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const dir = configured.status === 0 ? configured.stdout.trim() : '';
  if (dir && fs.existsSync(path.join(dir, 'initdb'))) return dir;
  throw new Error(MISSING);
}

/** A port nobody listens on right now (another process may take it before the server does; start retries). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * PostgreSQL refuses to run as root: as root, its commands run as the `postgres` user (which the
 * Debian package creates) and the folder is handed to that user.
 */
function asServerUser(): { wrap(cmd: string, args: string[]): [string, string[]]; chown(dir: string): void; base(): string } {
  const root = process.getuid?.() === 0;
  if (!root) return { wrap: (cmd, args) => [cmd, args], chown: () => {}, base: () => os.tmpdir() };
  const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (id.status !== 0 || gid.status !== 0) {
    throw new Error('Running as root, but there is no `postgres` user to run PostgreSQL as (the Debian package `postgresql` creates it).');
  }
  const uid = Number(id.stdout.trim());
  const group = Number(gid.stdout.trim());
  return {
    wrap: (cmd, args) => ['runuser', ['-u', 'postgres', '--', cmd, ...args]],
    // The postgres user must reach the folder: a TMPDIR inside root's home would not do.
    base: () => {
      const reachable = spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-x', os.tmpdir()]).status === 0;
      return reachable ? os.tmpdir() : '/tmp';
    },
    chown: (dir) => {
      for (const entry of [dir, ...fs.readdirSync(dir, { recursive: true }).map((p) => path.join(dir, String(p)))]) {
        fs.chownSync(entry, uid, group);
      }
    },
  };
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const user = asServerUser();
  const dir = fs.mkdtempSync(path.join(user.base(), 'chorus-pg-'));
  const data = path.join(dir, 'data');
  const sockets = path.join(dir, 'sockets');
  const log = path.join(dir, 'server.log');
  fs.mkdirSync(sockets);
  user.chown(dir);

  const exec = async (tool: string, args: string[]): Promise<void> => {
    const [cmd, argv] = user.wrap(path.join(bin, tool), args);
    // LC_ALL=C keeps initdb from picking up a locale the machine may not have generated.
    await run(cmd, argv, { env: { ...process.env, LC_ALL: 'C', LANG: 'C' }, cwd: dir });
  };
  const pgCtl = (args: string[]) => exec('pg_ctl', ['-D', data, ...args]);

  let stopped = false;
  // A test run that dies before afterAll must not leave a server behind.
  const onExit = () => {
    if (stopped) return;
    const [cmd, argv] = user.wrap(path.join(bin, 'pg_ctl'), ['-D', data, 'stop', '-m', 'immediate']);
    spawnSync(cmd, argv, { stdio: 'ignore' });
    fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    await exec('initdb', ['-D', data, '-U', 'chorus', '-E', 'UTF8', '--locale=C', '-A', 'trust', '--no-sync', '--no-instructions']);
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const options = [
        `-p ${port}`,
        `-c listen_addresses=127.0.0.1`,
        `-c unix_socket_directories='${sockets}'`,
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
      ].join(' ');
      try {
        await pgCtl(['start', '-w', '-t', '60', '-l', log, '-o', options]);
        break;
      } catch (e) {
        // Most likely the port was taken between freePort() and the server's bind: try another.
        if (attempt >= 3) throw e;
      }
    }
    process.once('exit', onExit);
    return {
      url: `postgresql://chorus@127.0.0.1:${port}/postgres`,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        process.removeListener('exit', onExit);
        try {
          await pgCtl(['stop', '-w', '-m', 'fast']);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (e) {
    const tail = fs.existsSync(log) ? `\n${fs.readFileSync(log, 'utf8').slice(-2000)}` : '';
    onExit();
    stopped = true;
    throw new Error(`Could not start a throwaway PostgreSQL cluster: ${(e as Error).message}${tail}`, { cause: e });
  }
}

interface SyncClient {
  connectSync(conninfo: string): void;
  querySync(text: string): unknown[];
  end(): void;
}

/**
 * Creates a database on the cluster with the locale a Chorus database needs (C: byte order and
 * ASCII-only case folding, as in SQLite) and returns its URL.
 */
export function createDatabase(url: string, name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Not a plain database name: ${name}`);
  const Client = createRequire(import.meta.url)('pg-native') as new () => SyncClient;
  const client = new Client();
  client.connectSync(url);
  try {
    client.querySync(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'`);
  } finally {
    // Ended through the engine's own helper: a pg-native client dropped at once after end() lets
    // libuv close a handle already collected, which aborts the process.
    endClient(client as unknown as Parameters<typeof endClient>[0]);
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
