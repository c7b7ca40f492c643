/**
 * "Pseudonymise (N names)": the choice every export that carries text offers. Redacted passages
 * are blacked out whatever it says (the contract's `redact` defaults to true).
 */
import { useOp } from '../api';
import './privacy.css';

/** How many names the list holds (0 while it loads). */
export function usePseudonymCount(): number {
  return useOp('privacy.pseudonyms', {}).data?.length ?? 0;
}

export function PseudonymiseOption({ checked, onChange, testId = 'pseudonymise' }: { checked: boolean; onChange: (on: boolean) => void; testId?: string }) {
  const count = usePseudonymCount();
  return (
    <label
      className="privacy-option"
      title={count ? 'Write every real name on the Privacy list as its pseudonym' : 'The Privacy list has no names yet'}
    >
      <input type="checkbox" checked={checked && count > 0} disabled={count === 0} onChange={(e) => onChange(e.target.checked)} data-testid={testId} />
      Pseudonymise ({count} name{count === 1 ? '' : 's'})
    </label>
  );
}
