import type { Passage } from '../../passage';
import { SearchTab } from './SearchTab';
import { SegmentsTab } from './SegmentsTab';
import { SimilarTab } from './SimilarTab';
import './find.css';

/** The finding tabs of Explore: search, retrieval, similar passages. */
export const FIND_TABS = [
  { id: 'search', label: 'Search' },
  { id: 'retrieve', label: 'Coded segments' },
  { id: 'similar', label: 'Similar passages' },
] as const;

export function FindTab({ tab, onOpenPassage }: { tab: (typeof FIND_TABS)[number]['id']; onOpenPassage: (passage: Passage) => void }) {
  return (
    <div className="find-tab" data-testid={`explore-${tab}`}>
      {tab === 'search' ? <SearchTab onOpenPassage={onOpenPassage} /> : null}
      {tab === 'retrieve' ? <SegmentsTab onOpenPassage={onOpenPassage} /> : null}
      {tab === 'similar' ? <SimilarTab onOpenPassage={onOpenPassage} /> : null}
    </div>
  );
}
