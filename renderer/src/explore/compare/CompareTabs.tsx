import type { Passage } from '../../passage';

/** The comparing tabs of Explore: word frequencies, matrices, co-occurrence, voice. */
export const COMPARE_TABS = [
  { id: 'words', label: 'Words' },
  { id: 'matrix', label: 'Matrix' },
  { id: 'cooccurrence', label: 'Co-occurrence' },
  { id: 'voice', label: 'Voice' },
] as const;

export function CompareTab({ tab }: { tab: (typeof COMPARE_TABS)[number]['id']; onOpenPassage: (passage: Passage) => void }) {
  return <div data-testid={`explore-${tab}`} />;
}
