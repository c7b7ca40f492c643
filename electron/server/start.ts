import fs from 'node:fs';
import path from 'node:path';
import { defaultDataDir, dispatch, envFromSettings, loadSettings, Session, SOURCE_RESOURCES_DIR } from '../core/index.js';
import { ChorusError } from '../../shared/errors.js';
import type { ChorusEvent } from '../../shared/types.js';
import { startServer, type RunningServer } from './server.js';

/**
 * Starts browser mode for a project: the given file, or a copy of the demo study in the data
 * folder (created on first use, then reopened so the researcher's work on it is kept).
 * Shared by `npm run web` and `chorus serve`. The address it answers with carries the run's
 * token: print it as it is.
 */
export async function serveProject(options: {
  project?: string;
  port?: number;
  dataDir?: string;
  /** For a new demo copy: false leaves out its worked analysis (see project.createDemo). */
  demoAnalysis?: boolean;
  /** The passphrase of an encrypted `project`. */
  passphrase?: string;
}): Promise<RunningServer> {
  const dataDir = options.dataDir ?? defaultDataDir();
  const settings = loadSettings(dataDir);
  let forward: (e: ChorusEvent) => void = () => {};
  const session = new Session(envFromSettings(settings, { emit: (e) => forward(e) }));
  let file = options.project;
  let op: 'project.open' | 'project.createDemo' = 'project.open';
  if (!file) {
    file = path.join(dataDir, 'Demo study.chorus');
    if (!fs.existsSync(file)) op = 'project.createDemo';
  }
  const opened = await (op === 'project.createDemo'
    ? dispatch(session, op, { path: file, analysis: options.demoAnalysis ?? true })
    : dispatch(session, op, { path: file, ...(options.passphrase !== undefined ? { passphrase: options.passphrase } : {}) }));
  if (!opened.ok) throw new ChorusError(opened.error.code, opened.error.message);
  const staticDir = path.resolve(SOURCE_RESOURCES_DIR, '..', 'out', 'renderer');
  if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
    throw new Error(`The renderer is not built (${staticDir}); run \`npm run build\` first.`);
  }
  // The page may open and create projects beside the one served, and nowhere else.
  const projectsFolder = path.dirname(path.resolve(file));
  const server = await startServer({ session, staticDir, projectsFolder, ...(options.port !== undefined ? { port: options.port } : {}) });
  forward = server.broadcast;
  const close = server.close;
  return { ...server, close: async () => { await close(); session.close(); } };
}

/** `npm run web [-- project.chorus] [--port N]` */
async function main(argv: string[]): Promise<void> {
  let project: string | undefined;
  let port: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--port') port = Number(argv[++i]);
    else project = a;
  }
  const server = await serveProject({ ...(project ? { project } : {}), ...(port !== undefined ? { port } : {}) });
  process.stdout.write(`Chorus is running at ${server.url}\nPress Ctrl+C to stop.\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e: Error) => {
    process.stderr.write(`chorus: ${e.message}\n`);
    process.exit(2);
  });
}
