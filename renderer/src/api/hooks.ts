/**
 * TanStack Query over the contract. Query keys are `[operation, input]`; a successful write
 * invalidates every query of the domains its contract entry lists (`codes.list` belongs to the
 * `codes` domain), and so does a `changed` event from the desktop shell (undo from the menu, a
 * project opened from the File menu).
 */
import {
  useMutation,
  useQueries,
  useQuery,
  useQueryClient,
  type QueryClient,
  type UseMutationOptions,
  type UseQueryOptions,
} from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, withDerived, type OpInput, type OpName, type OpOutput } from '../../../shared/api';
import type { ChorusError } from '../../../shared/errors';
import { call, subscribe } from './transport';

export function domainOf(name: string): string {
  const dot = name.indexOf('.');
  return dot === -1 ? name : name.slice(0, dot);
}

/** Invalidates the queries of whole domains (`codes`) or of single operations (`documents.list`). */
export function invalidateDomains(client: QueryClient, domains: readonly string[]): Promise<void> {
  // A write also makes the derived domains it feeds stale (agreement reads codings).
  const wanted = new Set(withDerived(domains));
  return client.invalidateQueries({
    predicate: (query) => {
      const name = query.queryKey[0];
      return typeof name === 'string' && (wanted.has(name) || wanted.has(domainOf(name)));
    },
  });
}

export function opKey<N extends OpName>(name: N, input: OpInput<N>): readonly [N, OpInput<N>] {
  return [name, input] as const;
}

type QueryOptions<N extends OpName> = Omit<
  UseQueryOptions<OpOutput<N>, ChorusError, OpOutput<N>, readonly [N, OpInput<N>]>,
  'queryKey' | 'queryFn'
>;

/** A read of the contract, cached under `[name, input]`. */
export function useOp<N extends OpName>(name: N, input: OpInput<N>, options?: QueryOptions<N>) {
  return useQuery({
    queryKey: opKey(name, input),
    queryFn: () => call(name, input),
    ...options,
  });
}

type KeyedQueryOptions<N extends OpName> = Omit<
  UseQueryOptions<OpOutput<N>, ChorusError, OpOutput<N>, readonly [N, unknown]>,
  'queryKey' | 'queryFn'
>;

/**
 * Several reads of one operation whose inputs are too big to be their own cache keys (an import
 * preview carries the file's bytes, and a key is hashed on every render): each is cached under
 * `[name, key]`, so domain invalidation still reaches it. A key must change whenever its input does.
 */
export function useOpsKeyed<N extends OpName>(
  name: N,
  items: readonly { key: unknown; input: OpInput<N> }[],
  options?: KeyedQueryOptions<N>,
) {
  return useQueries({
    queries: items.map((item) => ({
      queryKey: [name, item.key] as const,
      queryFn: () => call(name, item.input),
      ...options,
    })),
  });
}

type CommandOptions<N extends OpName> = Omit<
  UseMutationOptions<OpOutput<N>, ChorusError, OpInput<N>>,
  'mutationFn'
> & {
  /**
   * The caller's `onSuccess` puts the answer into the cache: refresh the domains only once the
   * view showing it has been painted, before the refetch's requests and the work on their
   * answers (applying a code: its highlight first).
   */
  refreshAfterPaint?: boolean;
};

/**
 * Resolves once what was just put into the cache has been rendered and painted: the cache
 * notifies its observers in a task of its own (a timeout), so after that task, the next frame.
 * At once when the page is hidden (no frames).
 */
function afterPaint(): Promise<void> {
  if (typeof document === 'undefined' || document.visibilityState === 'hidden') return Promise.resolve();
  return new Promise((resolve) => setTimeout(() => requestAnimationFrame(() => setTimeout(resolve, 0)), 0));
}

/**
 * A write (or action) of the contract; on success its domains' queries refresh. The caller's
 * `onSuccess` runs first, so it can put what the answer already tells into the cache (the view
 * updates at once) before the refetch brings the authoritative lists.
 */
export function useCommand<N extends OpName>(name: N, options?: CommandOptions<N>) {
  const client = useQueryClient();
  const { refreshAfterPaint, ...mutation } = options ?? {};
  return useMutation<OpOutput<N>, ChorusError, OpInput<N>>({
    ...mutation,
    mutationFn: (input) => call(name, input),
    onSuccess: async (...args) => {
      await mutation.onSuccess?.(...args);
      if (refreshAfterPaint) await afterPaint();
      await invalidateDomains(client, api[name].invalidates);
    },
  });
}

/** Refreshes the domains a `changed` event names (sent by the desktop menu after undo, redo, open). */
export function useChangedEvents(): void {
  const client = useQueryClient();
  useEffect(
    () =>
      subscribe((event) => {
        if (event.type === 'changed') void invalidateDomains(client, event.domains);
      }),
    [client],
  );
}
