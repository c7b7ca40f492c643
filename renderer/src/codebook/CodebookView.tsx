/** The Codebook view. */
import type { CodedSegment } from '../../../shared/types';

export function CodebookView(_props: { onOpenSegment: (segment: CodedSegment) => void }) {
  return <div className="center-empty" data-testid="view-codebook-body"><h2>Codebook</h2></div>;
}
