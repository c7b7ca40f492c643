/**
 * The coded segments of the code shown in the detail pane. An undo can take that very code away
 * (undoing the split that made it): the refresh after the undo asks for the code list and the
 * segments at the same time, and asking for the segments of a code that is gone is an error
 * (NOT_FOUND, shown as a toast) for something the researcher did right. So the segments are asked
 * for only once the fresh code list (the same request, shared) says the code is still there.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { CodedSegment } from '../../../shared/types';
import { call, opKey } from '../api';

export function useSegmentsOf(code: string) {
  const client = useQueryClient();
  return useQuery({
    queryKey: opKey('codings.list', { code }),
    queryFn: async (): Promise<CodedSegment[]> => {
      // Infinity: the cached list unless a write made it stale, in which case this waits for its refetch.
      const codes = await client.fetchQuery({ queryKey: opKey('codes.list', {}), queryFn: () => call('codes.list', {}), staleTime: Infinity });
      return codes.some((c) => c.guid === code) ? call('codings.list', { code }) : [];
    },
  });
}
