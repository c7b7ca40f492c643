import type { Passage } from '../passage';

export function ExploreView(_props: { onOpenPassage: (passage: Passage) => void }) {
  return <div className="explore-view" data-testid="explore-view" />;
}
