import { useState } from 'react';

/**
 * A form's one call: busy while it runs, its error's message kept to show under the form (the
 * team screens come before the workspace and its toasts, and a wrong password belongs beside
 * the field anyway).
 */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<void>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}
