import type { Passage } from '../passage';

export function TeamView(_props: { onOpenPassage: (passage: Passage) => void }) {
  return <div className="team-view" data-testid="team-view" />;
}
