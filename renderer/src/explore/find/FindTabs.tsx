import type { Passage } from '../../passage';

/** The finding tabs of Explore: search, retrieval, similar passages. */
export const FIND_TABS = [
  { id: 'search', label: 'Search' },
  { id: 'retrieve', label: 'Coded segments' },
  { id: 'similar', label: 'Similar passages' },
] as const;

export function FindTab({ tab }: { tab: (typeof FIND_TABS)[number]['id']; onOpenPassage: (passage: Passage) => void }) {
  return <div data-testid={`explore-${tab}`} />;
}
