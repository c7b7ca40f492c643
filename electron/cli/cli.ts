import type { OpInput, OpName, OpOutput } from '../../shared/api.js';
import path from 'node:path';
import { defaultDataDir, dispatch, envFromSettings, loadSettings, Session } from '../core/index.js';
import { PASSPHRASE_ENV, withPassphrase } from './passphrase.js';

/** A mistake in how the command was called: printed with a pointer to `chorus help`. */
export class UsageError extends Error {}

export class Cli {
  readonly session: Session;
  constructor(readonly out: (s: string) => void) {
    const settings = loadSettings(defaultDataDir());
    this.session = new Session(envFromSettings(settings));
  }

  async call<N extends OpName>(name: N, input: OpInput<N>): Promise<OpOutput<N>> {
    const result = await dispatch(this.session, name, input);
    if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
    return result.value as OpOutput<N>;
  }

  /**
   * Opens PROJECT for a command; an encrypted one with CHORUS_PASSPHRASE, or asked for on the
   * terminal. Answers the passphrase that opened it (undefined for a plain file's).
   */
  async open(project: string | undefined): Promise<string | undefined> {
    if (!project) throw new UsageError('Name the project file (PROJECT).');
    return withPassphrase(path.basename(project), PASSPHRASE_ENV, async (passphrase) => {
      const info = await this.call('project.open', { path: project, ...(passphrase !== undefined ? { passphrase } : {}) });
      return info.encrypted ? passphrase : undefined;
    });
  }
}

/** A group of subcommands kept in its own module (`team.ts`, `analysis.ts`). */
export interface CliCommand {
  /** Lines for `chorus help`, aligned like the others. */
  usage: string;
  /** `args` are the words after the command's name. */
  run(cli: Cli, args: string[]): Promise<void>;
}
