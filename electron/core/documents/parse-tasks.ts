/**
 * The work the parser thread does (parse-thread.ts): pure functions of their input, run there or,
 * when the thread is not there, on the calling thread, with the same result.
 */
import type { ImportSource } from '../../../shared/api.js';
import { prepareRefiSource, type PreparedRefiSource, type RefiSourceInput } from '../exchange/refi/source-prepare.js';
import { readAndParse, type ReadSource } from './read-and-parse.js';

export type ParseTask =
  /** A file to import, read and parsed. */
  | { kind: 'file'; source: ImportSource; maxBytes: number }
  /** A REFI-QDA text source, mapped to the text Chorus stores. */
  | { kind: 'refiSource'; input: RefiSourceInput };

interface Results {
  file: ReadSource;
  refiSource: PreparedRefiSource;
}
export type ResultOf<T extends ParseTask> = Results[T['kind']];

/** `onParserThread`: the task may block its thread (reading files in one call). */
export async function runParseTask<T extends ParseTask>(task: T, onParserThread = false): Promise<ResultOf<T>> {
  switch (task.kind) {
    case 'file':
      return (await readAndParse(task.source, task.maxBytes, onParserThread)) as ResultOf<T>;
    case 'refiSource':
      return prepareRefiSource(task.input) as ResultOf<T>;
  }
}
