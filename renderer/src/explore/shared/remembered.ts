/**
 * State of an Explore tab that outlives the tab: a researcher opens a hit in the transcript and
 * comes back to the same search, filters and ticks. Kept per project (a document filter of one
 * project means nothing in another) in memory only; a restart starts clean.
 */
import { useCallback, useState } from 'react';
import { useOp } from '../../api';

const memory = new Map<string, unknown>();

export type SetRemembered<T> = (value: T | ((previous: T) => T)) => void;

export function useRemembered<T>(key: string, initial: T): [T, SetRemembered<T>] {
  const project = useOp('project.info', {}).data?.path ?? '';
  const full = `${project}\u0000${key}`;
  const [, rerender] = useState(0);
  const value = (memory.has(full) ? memory.get(full) : initial) as T;
  const set = useCallback<SetRemembered<T>>(
    (next) => {
      const before = (memory.has(full) ? memory.get(full) : initial) as T;
      memory.set(full, typeof next === 'function' ? (next as (previous: T) => T)(before) : next);
      rerender((n) => n + 1);
    },
    // `initial` is a fallback read only when nothing is remembered yet.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [full],
  );
  return [value, set];
}
