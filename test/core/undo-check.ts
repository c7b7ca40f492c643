/**
 * The command log's promise, checked for one call: undo restores every captured table exactly,
 * redo gives the state after the command exactly, and both leave the file consistent.
 */
import { expect } from 'vitest';
import type { OpInput, OpName, OpOutput } from '../../shared/api.js';
import type { Session } from '../../electron/core/session.js';
import { call, dbOf, dumpCaptured, expectConsistent, type Dump } from './helpers.js';

export async function expectUndoable<N extends OpName>(
  session: Session,
  name: N,
  input: OpInput<N>,
): Promise<{ value: OpOutput<N>; before: Dump; after: Dump; summary: string }> {
  const db = dbOf(session);
  const before = dumpCaptured(db);
  const entries = (await call(session, 'history.list', {})).length;
  const value = await call(session, name, input);
  const after = dumpCaptured(db);
  expect(after).not.toEqual(before);
  const log = await call(session, 'history.list', {});
  expect(log).toHaveLength(entries + 1);

  const undone = await call(session, 'history.undo', {});
  expect(dumpCaptured(db)).toEqual(before);
  expectConsistent(db);

  const redone = await call(session, 'history.redo', {});
  expect(redone.redone).toBe(undone.undone);
  expect(dumpCaptured(db)).toEqual(after);
  expectConsistent(db);
  return { value, before, after, summary: log[0]!.summary };
}
