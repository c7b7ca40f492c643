import type { CliCommand } from './cli.js';

/** Finding and comparing: `chorus query`, `chorus search`, `chorus matrix`. */
export const analysisCommands: Readonly<Record<string, CliCommand>> = {};
