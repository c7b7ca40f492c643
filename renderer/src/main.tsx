import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ChorusError, ErrorCode } from '../../shared/errors';
import { App } from './App';
import { showError } from './components/toasts';
import './styles.css';

/** Errors a view shows in place (an empty state) rather than as a toast. */
function shownInPlace(error: unknown, key: readonly unknown[]): boolean {
  if (!(error instanceof ChorusError)) return false;
  if (error.code === ErrorCode.NO_PROJECT) return true;
  return error.code === ErrorCode.NOT_FOUND && key[0] === 'documents.get';
}

const queryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (error, query) => {
      // A query may say it shows its own errors in place (a search box under its field).
      if (query.meta?.['errorInPlace'] === true) return;
      if (!shownInPlace(error, query.queryKey)) showError(error);
    },
  }),
  mutationCache: new MutationCache({
    // A cancelled import is the researcher's own doing; its dialog says so in place. A mutation
    // may name other codes its dialog shows in place (a wrong passphrase under its field).
    onError: (error, _variables, _result, mutation) => {
      if (error instanceof ChorusError && error.code === ErrorCode.CANCELLED) return;
      const inPlace = mutation.meta?.['errorsInPlace'];
      if (error instanceof ChorusError && Array.isArray(inPlace) && inPlace.includes(error.code)) return;
      showError(error);
    },
  }),
  defaultOptions: {
    // The core answers locally and errors are the researcher's to read, not to retry.
    queries: { retry: false, staleTime: 10_000, refetchOnWindowFocus: true },
    mutations: { retry: false },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
