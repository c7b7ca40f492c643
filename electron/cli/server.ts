import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createEnv, defaultDataDir, SOURCE_RESOURCES_DIR } from '../core/index.js';
import { TeamServer } from '../core/index.js';
import { startTeamDoor } from '../server/team-door.js';
import { UsageError, type CliCommand } from './cli.js';
import { PASSPHRASE_ENV, withPassphrase } from './passphrase.js';

/**
 * `chorus server`: the team server, where several coders work on the same projects at once.
 * Its accounts and projects are kept in a data folder (`--data`, by default `server` in Chorus's
 * data folder).
 */
const USAGE = `
  server [--database postgres://…] [--data DIR] [--port N] [--listen ADDRESS] [--public-origin URL]
                                      run the team server (the page at the printed address;
                                      --listen 0.0.0.0 behind a TLS proxy, with --public-origin
                                      the https address coders use). With --database (or
                                      CHORUS_DATABASE), accounts and projects are kept in
                                      PostgreSQL; else in the data folder (SQLite files). Every
                                      server command below takes the same --database or --data
  server user add LOGIN --name NAME [--data DIR]
                                      add an account; the password is read from CHORUS_PASSWORD
                                      or asked for
  server import FILE.chorus --owner LOGIN [--name NAME] [--data DIR]
                                      put a desktop project on the server, owned by LOGIN
                                      (with --name, a new account for LOGIN is added first);
                                      an encrypted file is read with CHORUS_PASSPHRASE (or one
                                      asked for) and kept unencrypted on the server
  server export PROJECT -o FILE.chorus [--data DIR]
                                      write a project on the server (its name or id) to a file
  server projects [--data DIR]        the projects on the server
`;

function readPassword(): Promise<string> {
  const fromEnv = process.env.CHORUS_PASSWORD;
  if (fromEnv) return Promise.resolve(fromEnv);
  if (!process.stdin.isTTY) {
    return new Promise((resolve) => {
      let text = '';
      process.stdin.setEncoding('utf8');
      process.stdin.on('data', (c: string) => (text += c));
      process.stdin.on('end', () => resolve(text.split(/\r?\n/)[0] ?? ''));
    });
  }
  process.stdout.write('Password (at least 10 characters): ');
  return new Promise((resolve) => {
    const stdin = process.stdin;
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let text = '';
    const onData = (c: string) => {
      for (const ch of c) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stdout.write('\n');
          resolve(text);
          return;
        }
        if (ch === '\u0003') process.exit(130);
        text = ch === '\u007f' ? text.slice(0, -1) : text + ch;
      }
    };
    stdin.on('data', onData);
  });
}

export const serverCommand: CliCommand = {
  usage: USAGE,
  async run(cli, args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        data: { type: 'string' },
        database: { type: 'string' },
        port: { type: 'string' },
        listen: { type: 'string' },
        'public-origin': { type: 'string' },
        name: { type: 'string' },
        owner: { type: 'string' },
        output: { type: 'string', short: 'o' },
      },
    });
    cli.session.close();
    const env = createEnv({ user: { guid: '00000000-0000-4000-8000-000000000000', name: 'Chorus team server' } });
    const database = values.database ?? process.env.CHORUS_DATABASE;
    if (database && !/^postgres(ql)?:\/\//.test(database)) throw new UsageError('--database takes a PostgreSQL address: postgres://user@host/database.');
    const team = database
      ? TeamServer.openPostgres(database, env)
      : TeamServer.openInFolder(path.resolve(values.data ?? path.join(defaultDataDir(), 'server')), env);
    const [sub, ...rest] = positionals;
    try {
      if (sub === 'user') {
        const [verb, login] = rest;
        if (verb !== 'add' || !login) throw new UsageError('Use: chorus server user add LOGIN --name NAME');
        if (!values.name) throw new UsageError('Give the account a name: --name "Ana Ruiz".');
        const account = await team.createAccount({ login, name: values.name, password: await readPassword() });
        cli.out(`Added ${account.name} (${account.login}).`);
        return;
      }
      if (sub === 'import') {
        const [file] = rest;
        if (!file) throw new UsageError('Name the .chorus file to put on the server.');
        if (!values.owner) throw new UsageError('Say whose project it is: --owner LOGIN.');
        // The first project of a new server: its owner's account is made on the way.
        if (!team.hasAccount(values.owner)) {
          if (!values.name) throw new UsageError(`There is no account "${values.owner}" yet: give its name (--name "Ana Ruiz") to add it.`);
          const account = await team.createAccount({ login: values.owner, name: values.name, password: await readPassword() });
          cli.out(`Added ${account.name} (${account.login}).`);
        }
        const owner = values.owner;
        const p = await withPassphrase(path.basename(file), PASSPHRASE_ENV, async (passphrase) => team.importProject(path.resolve(file), owner, passphrase));
        cli.out(`"${p.name}" is on the server (id ${p.guid}), owned by ${values.owner}.`);
        return;
      }
      if (sub === 'export') {
        const [which] = rest;
        if (!which || !values.output) throw new UsageError('Use: chorus server export PROJECT -o FILE.chorus');
        const matches = team.listProjects().filter((p) => p.guid === which || p.name.toLowerCase() === which.toLowerCase());
        if (matches.length !== 1) throw new UsageError(matches.length ? `${matches.length} projects are named "${which}": give its id.` : `No project on the server is named "${which}".`);
        await team.exportProject(matches[0]!.guid, path.resolve(values.output));
        cli.out(`Wrote "${matches[0]!.name}" to ${values.output}.`);
        return;
      }
      if (sub === 'projects') {
        for (const p of team.listProjects()) cli.out(`${p.guid}\t${p.name}`);
        return;
      }
      if (sub !== undefined) throw new UsageError(`chorus server has no command "${sub}".`);
      const port = values.port === undefined ? undefined : Number(values.port);
      if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) throw new UsageError('--port takes a port number.');
      const staticDir = path.resolve(SOURCE_RESOURCES_DIR, '..', 'out', 'renderer');
      if (!fs.existsSync(path.join(staticDir, 'index.html'))) throw new Error(`The renderer is not built (${staticDir}); run \`npm run build\` first.`);
      const door = await startTeamDoor({
        team,
        staticDir,
        ...(port !== undefined ? { port } : {}),
        ...(values.listen ? { listen: values.listen } : {}),
        ...(values['public-origin'] ? { publicOrigin: values['public-origin'] } : {}),
      });
      cli.out(`The Chorus team server is running at ${values['public-origin'] ?? door.origin}\nPress Ctrl+C to stop.`);
      await new Promise<void>((resolve) => {
        const stop = () => void door.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    } finally {
      team.close();
    }
  },
};
