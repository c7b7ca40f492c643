import type { Passage } from '../../passage';
import { CooccurrenceTab } from './CooccurrenceTab';
import { MatrixTab } from './MatrixTab';
import { VoiceTab } from './VoiceTab';
import { WordsTab } from './WordsTab';
import './compare.css';

/** The comparing tabs of Explore: word frequencies, matrices, co-occurrence, voice. */
export const COMPARE_TABS = [
  { id: 'words', label: 'Words' },
  { id: 'matrix', label: 'Matrix' },
  { id: 'cooccurrence', label: 'Co-occurrence' },
  { id: 'voice', label: 'Voice' },
] as const;

export function CompareTab({ tab, onOpenPassage }: { tab: (typeof COMPARE_TABS)[number]['id']; onOpenPassage: (passage: Passage) => void }) {
  switch (tab) {
    case 'words':
      return <WordsTab />;
    case 'matrix':
      return <MatrixTab onOpenPassage={onOpenPassage} />;
    case 'cooccurrence':
      return <CooccurrenceTab onOpenPassage={onOpenPassage} />;
    case 'voice':
      return <VoiceTab />;
  }
}
