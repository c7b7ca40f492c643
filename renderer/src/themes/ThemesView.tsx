/** The Themes view. */
import type { CodedSegment } from '../../../shared/types';

export function ThemesView(_props: { onOpenSegment: (segment: CodedSegment) => void }) {
  return <div className="center-empty" data-testid="view-themes-body"><h2>Themes</h2></div>;
}
