import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ProjectInfo } from '../../shared/types.js';
import { analysisCommands } from './analysis.js';
import { Cli, UsageError, type CliCommand } from './cli.js';
import { mediaCommand } from './media.js';
import { serverCommand } from './server.js';
import { teamCommands } from './team.js';
import { serveProject } from '../server/start.js';
import { newPassphrase, PASSPHRASE_ENV, withPassphrase } from './passphrase.js';

/**
 * The command-line door: `chorus <command> PROJECT ...`. Each command maps to contract
 * operations through the core's dispatch; this file only parses arguments and prints.
 * Errors print one line and exit 2.
 */
const USAGE = `Usage: chorus <command> [options]

  new PROJECT [--title TEXT] [--encrypt]
                                      create an empty project file; --encrypt protects it
                                      with a passphrase (asked for, or CHORUS_NEW_PASSPHRASE)
  demo PROJECT [--no-analysis]        write a copy of the demo study (four focus groups, with
                                      an analysis in progress; --no-analysis: uncoded)
  import PROJECT FILE... [--dry-run] [--no-speakers] [--speaker LABEL]...
                                      import transcripts (.txt, .md, .docx, .vtt, .srt);
                                      --dry-run shows the speakers found and writes nothing;
                                      --speaker takes a possible speaker it lists as one
  import PROJECT FILE.qdpx|FILE.qde   create PROJECT from a REFI-QDA project (NVivo, ATLAS.ti,
                                      MAXQDA, QualCoder)
  import PROJECT FILE.qdc [--dry-run] merge a REFI-QDA codebook into PROJECT; --dry-run shows
                                      what would be added, renamed and left alone
  attributes PROJECT FILE.csv [--scope participant|document]
                                      set attribute values from a CSV keyed by name
  info PROJECT [--json]               documents, speakers, participants, turns, codes, codings, memos
  export PROJECT --format FORMAT -o FILE [--attribution TEMPLATE] [--quotes N]
        [--pseudonymise] [--no-redact]
                                      export: codebook-md (the codebook), qdc (the codebook as
                                      REFI-QDA), qdpx (the whole project as REFI-QDA), themes-md
                                      or themes-docx (the themes with prevalence and quotes,
                                      for a manuscript); --attribution words each quote's
                                      source, e.g. "{participant}, {document}" (default
                                      "{role}, {document}"); --quotes N quotes per theme;
                                      --pseudonymise writes real names on the project's list as
                                      their pseudonyms; redacted passages are blacked out
                                      unless --no-redact
  undo PROJECT | redo PROJECT         take back / redo the last step
  history PROJECT [--json]            the command log (audit trail), newest first
  history PROJECT --code NAME [--json]
                                      the story of one code or theme, oldest first
  serve PROJECT [--port N]            open the project in browser mode on 127.0.0.1
  passphrase PROJECT [--remove]       protect PROJECT with a passphrase, change it, or remove
                                      it; the new one is asked for (or CHORUS_NEW_PASSPHRASE).
                                      A lost passphrase cannot be recovered.

An encrypted project's passphrase is read from CHORUS_PASSPHRASE, or asked for when chorus runs
in a terminal; it is never given as an argument.
`;

/** Subcommands that live in their own modules, by name. */
const MORE_COMMANDS: Readonly<Record<string, CliCommand>> = { ...teamCommands, ...analysisCommands, server: serverCommand, media: mediaCommand };

function usage(): string {
  return USAGE + Object.values(MORE_COMMANDS).map((c) => c.usage).join('');
}

function printInfo(out: (s: string) => void, info: ProjectInfo): void {
  const c = info.counts;
  out(`${info.title} (${info.path})`);
  out(
    `${c.documents} documents, ${c.speakers} speakers, ${c.participants} participants, ${c.turns} turns, ` +
      `${c.codes} codes, ${c.codings} codings, ${c.memos} memos`,
  );
  for (const d of info.documents) {
    out(`  ${d.name}: ${d.turns} turns`);
    for (const s of d.speakers) out(`    ${s.label} (${s.role}): ${s.turns} turns`);
  }
}

async function runCommand(cli: Cli, argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const more = command === undefined ? undefined : MORE_COMMANDS[command];
  if (more) return more.run(cli, rest);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      title: { type: 'string' },
      format: { type: 'string' },
      output: { type: 'string', short: 'o' },
      port: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'no-speakers': { type: 'boolean' },
      speaker: { type: 'string', multiple: true },
      'no-analysis': { type: 'boolean' },
      scope: { type: 'string' },
      code: { type: 'string' },
      attribution: { type: 'string' },
      quotes: { type: 'string' },
      pseudonymise: { type: 'boolean' },
      'no-redact': { type: 'boolean' },
      encrypt: { type: 'boolean' },
      remove: { type: 'boolean' },
    },
  });
  const privacy = { pseudonymise: values.pseudonymise === true, redact: values['no-redact'] !== true };
  const out = cli.out;
  const [project, ...files] = positionals;
  switch (command) {
    case 'new': {
      if (!project) throw new UsageError('Name the project file to create.');
      const passphrase = values.encrypt ? await newPassphrase(PASSPHRASE_ENV) : undefined;
      const info = await cli.call('project.create', {
        path: project,
        ...(values.title ? { title: values.title } : {}),
        ...(passphrase !== undefined ? { passphrase } : {}),
      });
      out(`Created ${info.path}${info.encrypted ? ', protected with a passphrase' : ''}`);
      return;
    }
    case 'demo': {
      if (!project) throw new UsageError('Name the project file to write the demo study to.');
      const info = await cli.call('project.createDemo', { path: project, analysis: !values['no-analysis'] });
      printInfo(out, info);
      return;
    }
    case 'import': {
      if (files.length === 1 && /\.(qdpx|qde)$/iu.test(files[0]!)) {
        if (!project) throw new UsageError('Name the project file to create.');
        const { project: info, report } = await cli.call('project.importRefi', { source: path.resolve(files[0]!), path: project });
        printInfo(out, info);
        for (const note of report.notes) out(`  note: ${note}`);
        return;
      }
      if (files.length === 1 && /\.qdc$/iu.test(files[0]!)) {
        await cli.open(project);
        const source = path.resolve(files[0]!);
        const plan = values['dry-run']
          ? await cli.call('exchange.previewCodebook', { source })
          : await cli.call('exchange.mergeCodebook', { source });
        for (const item of plan.items) {
          const where = [...item.path, item.name].join(' / ');
          if (item.action === 'add') out(`  add     ${where}`);
          else if (item.action === 'rename') out(`  rename  "${item.match!.name}" → "${item.name}"`);
          else out(`  keep    ${where}${item.note ? ` (${item.note})` : ''}`);
        }
        const { add, rename, keep } = plan.counts;
        out(`${values['dry-run'] ? 'Dry run: would add' : 'Added'} ${add} codes, ${values['dry-run'] ? 'rename' : 'renamed'} ${rename}, left ${keep} alone.`);
        return;
      }
      await cli.open(project);
      if (files.length === 0) throw new UsageError('Name at least one transcript file to import.');
      const sources = files.map((f) => ({
        kind: 'path' as const,
        path: path.resolve(f),
        ...(values['no-speakers'] ? { detectSpeakers: false } : {}),
        ...(values.speaker?.length ? { extraLabels: values.speaker } : {}),
      }));
      if (values['dry-run']) {
        const preview = await cli.call('documents.preview', { sources });
        for (const f of preview.files) {
          if (!f.ok) {
            out(`${path.basename(f.source)}: cannot be imported: ${f.error!.message}`);
            continue;
          }
          out(`${path.basename(f.source)} → "${f.name}" (${f.format}, ${f.encoding}): ${f.speakers!.length} speakers, ${f.turns} turns, ${f.words} words`);
          for (const s of f.speakers!) {
            const mapped = s.participant ? `, participant ${s.participant.label}` : '';
            out(`  ${s.label} (${s.role}${mapped}): ${s.turns} turns, ${s.words} words: "${s.sample}"`);
          }
          for (const c of f.possibleSpeakers ?? []) {
            out(`  possible speaker not taken: ${c.label} (${c.count}×): "${c.firstLine}" (--speaker "${c.label}" takes it)`);
          }
        }
        out('Dry run: nothing was imported.');
        return;
      }
      const report = await cli.call('documents.import', { sources });
      for (const f of report.files) {
        if (!f.ok) {
          out(`${path.basename(f.source)}: not imported: ${f.error!.message}`);
          continue;
        }
        const speakers = f.speakers!.map((s) => `${s.label} (${s.turns})`).join(', ');
        out(`${path.basename(f.source)} → "${f.document!.name}": ${f.speakers!.length} speakers, ${f.turns} turns`);
        if (speakers) out(`  speakers: ${speakers}`);
      }
      const failed = report.files.filter((f) => !f.ok).length;
      if (failed > 0) throw new Error(`${failed} of ${report.files.length} files could not be imported.`);
      return;
    }
    case 'attributes': {
      await cli.open(project);
      const [csv] = files;
      if (!csv) throw new UsageError('Name the CSV file.');
      const scope = values.scope ?? 'participant';
      if (scope !== 'participant' && scope !== 'document') throw new UsageError('--scope is participant or document.');
      const r = await cli.call('attributes.importCsv', { scope, source: { kind: 'path', path: path.resolve(csv) } });
      out(`${r.matched} rows matched, ${r.valuesSet} values set${r.createdAttributes.length ? `, new attributes: ${r.createdAttributes.join(', ')}` : ''}`);
      if (r.unmatched.length) out(`No ${scope} named: ${r.unmatched.join(', ')}`);
      return;
    }
    case 'info': {
      await cli.open(project);
      const info = await cli.call('project.info', {});
      if (values.json) out(JSON.stringify(info, null, 2));
      else printInfo(out, info);
      return;
    }
    case 'export': {
      await cli.open(project);
      if (!values.output) throw new UsageError('Give the output file with -o FILE.');
      const output = path.resolve(values.output);
      const format = values.format;
      if (format === 'codebook-md') {
        const result = await cli.call('export.codebook', { format, path: output, ...privacy });
        out(`Wrote ${result.path}`);
        return;
      }
      if (format === 'qdpx' || format === 'qdc') {
        const result = await cli.call('export.refi', { format, path: output, ...privacy });
        out(`Wrote ${result.path}`);
        return;
      }
      if (format !== 'themes-md' && format !== 'themes-docx') {
        throw new UsageError('Give --format codebook-md, qdc, qdpx, themes-md or themes-docx.');
      }
      const quotes = values.quotes === undefined ? undefined : Number(values.quotes);
      if (quotes !== undefined && !(Number.isInteger(quotes) && quotes >= 0)) {
        throw new UsageError('--quotes takes a whole number.');
      }
      const result = await cli.call('export.themes', {
        format,
        path: output,
        ...privacy,
        ...(values.attribution !== undefined ? { attribution: values.attribution } : {}),
        ...(quotes !== undefined ? { exemplars: { perTheme: quotes } } : {}),
      });
      out(`Wrote ${result.path}`);
      return;
    }
    case 'undo':
    case 'redo': {
      await cli.open(project);
      const r = command === 'undo' ? await cli.call('history.undo', {}) : await cli.call('history.redo', {});
      out(`${command === 'undo' ? 'Undid' : 'Redid'}: ${'undone' in r ? r.undone : r.redone}`);
      return;
    }
    case 'history': {
      await cli.open(project);
      if (values.code !== undefined) {
        const wanted = values.code.trim().toLocaleLowerCase();
        const code = (await cli.call('codes.list', {})).find((c) => c.name.toLocaleLowerCase() === wanted);
        if (!code) throw new UsageError(`No code or theme is named "${values.code}".`);
        const story = await cli.call('codes.story', { code: code.guid });
        if (values.json) out(JSON.stringify(story, null, 2));
        else for (const e of story) out(`${e.seq}\t${e.at}\t${e.user}\t${e.detail}`);
        return;
      }
      const entries = await cli.call('history.list', { limit: 10_000 });
      if (values.json) out(JSON.stringify(entries, null, 2));
      else for (const e of entries) out(`${e.seq}\t${e.at}\t${e.user}\t${e.state === 'done' ? '' : `[${e.state}] `}${e.summary}`);
      return;
    }
    case 'serve': {
      if (!project) throw new UsageError('Name the project file to serve.');
      if (!fs.existsSync(project)) throw new Error(`There is no file at ${project}.`);
      cli.session.close();
      const port = values.port === undefined ? undefined : Number(values.port);
      if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) {
        throw new UsageError('--port takes a port number.');
      }
      const server = await withPassphrase(path.basename(project), PASSPHRASE_ENV, (passphrase) =>
        serveProject({ project, ...(port !== undefined ? { port } : {}), ...(passphrase !== undefined ? { passphrase } : {}) }),
      );
      out(`Chorus is running at ${server.url}\nPress Ctrl+C to stop.`);
      await new Promise<void>((resolve) => {
        const stop = () => void server.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      return;
    }
    case 'passphrase': {
      const current = await cli.open(project);
      const next = values.remove ? null : await newPassphrase();
      if (next === null && current === undefined) {
        out(`${path.basename(project!)} has no passphrase; nothing to remove.`);
        return;
      }
      await cli.call('project.setPassphrase', { passphrase: next, ...(current !== undefined ? { current } : {}) });
      out(
        next === null
          ? `Removed the passphrase of ${path.basename(project!)}: it is no longer encrypted.`
          : `${path.basename(project!)} is ${current === undefined ? 'now protected' : 'protected with the new passphrase'}. Keep the passphrase safe: it cannot be recovered.`,
      );
      return;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      out(usage());
      return;
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

/**
 * `chorus info P | head`: once the reader has closed the pipe, nothing more can be shown, so the
 * process ends quietly with what it printed, as Unix tools do. Any write in progress before that
 * has committed or not, as every operation does.
 */
export function endQuietlyWhenOutputCloses(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(0);
      throw e;
    });
  }
}

/** Runs one command; resolves to the process exit code. */
export async function run(argv: string[], out: (s: string) => void = (s) => process.stdout.write(`${s}\n`)): Promise<number> {
  let cli: Cli | undefined;
  try {
    cli = new Cli(out);
    await runCommand(cli, argv);
    return 0;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`chorus: ${message}${e instanceof UsageError ? ' (see chorus help)' : ''}\n`);
    return 2;
  } finally {
    cli?.session.close();
  }
}
