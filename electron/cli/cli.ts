import type { OpInput, OpName, OpOutput } from '../../shared/api.js';
import { defaultDataDir, dispatch, envFromSettings, loadSettings, Session } from '../core/index.js';

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

  async open(project: string | undefined): Promise<void> {
    if (!project) throw new UsageError('Name the project file (PROJECT).');
    await this.call('project.open', { path: project });
  }
}

/** A group of subcommands kept in its own module (`team.ts`, `analysis.ts`). */
export interface CliCommand {
  /** Lines for `chorus help`, aligned like the others. */
  usage: string;
  /** `args` are the words after the command's name. */
  run(cli: Cli, args: string[]): Promise<void>;
}
