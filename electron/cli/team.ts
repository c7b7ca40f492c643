import type { CliCommand } from './cli.js';
import { agreementCommand } from './team-agreement.js';
import { mergeCommand } from './team-merge.js';

/** Working with co-coders: `chorus merge`, `chorus agreement`. */
export const teamCommands: Readonly<Record<string, CliCommand>> = {
  agreement: agreementCommand,
  merge: mergeCommand,
};
