import type { CliCommand } from './cli.js';

/** Working with co-coders: `chorus merge`, `chorus agreement`. */
export const teamCommands: Readonly<Record<string, CliCommand>> = {};
