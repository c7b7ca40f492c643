import { parseArgs } from 'node:util';
import type { MediaStatus } from '../../shared/media.js';
import { UsageError, type CliCommand } from './cli.js';

/** h:mm:ss, as the transcript shows times. */
function clock(seconds: number): string {
  const s = Math.floor(seconds);
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

function describe(status: MediaStatus): string {
  if (!status.media) return 'No recording is linked.';
  const m = status.media;
  const line = `${m.name} (${m.kind}, ${(m.size / (1024 * 1024)).toFixed(1)} MB${m.duration !== null ? `, ${clock(m.duration)}` : ''}) at ${m.path}`;
  return status.message ? `${line}\n${status.message}` : line;
}

/**
 * `chorus media PROJECT DOCUMENT [FILE]`: a transcript's recording — shown, linked (FILE), found
 * again after a move (`--relocate FILE`, `--replace` to take another recording), or taken off.
 */
export const mediaCommand: CliCommand = {
  usage: `  media PROJECT DOCUMENT [FILE] [--relocate] [--replace] [--unlink]
                                      a transcript's recording: show it, link FILE (mp3, m4a,
                                      wav, ogg/opus, mp4, webm; it stays where it is), find a
                                      moved one again (--relocate FILE: the same recording,
                                      or --replace with another), or --unlink it
`,
  async run(cli, args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { relocate: { type: 'boolean' }, replace: { type: 'boolean' }, unlink: { type: 'boolean' } },
    });
    const [project, name, file] = positionals;
    if (!name) throw new UsageError('Name the transcript (DOCUMENT): chorus info PROJECT lists them.');
    await cli.open(project);
    const doc = (await cli.call('documents.list', {})).find((d) => d.name.toLowerCase() === name.toLowerCase());
    if (!doc) throw new UsageError(`No document is named "${name}" (chorus info PROJECT lists them).`);
    let status: MediaStatus;
    if (values.unlink) status = await cli.call('media.unlink', { document: doc.guid });
    else if (file && (values.relocate || values.replace)) {
      status = await cli.call('media.relocate', { document: doc.guid, path: file, replace: values.replace === true });
    } else if (file) status = await cli.call('media.link', { document: doc.guid, path: file });
    else if (values.relocate || values.replace) throw new UsageError('--relocate takes the recording’s new FILE.');
    else status = await cli.call('media.get', { document: doc.guid });
    cli.out(`${doc.name}: ${describe(status)}`);
  },
};
