/**
 * Explore: asking the coded data questions. Finding (search with keyword-in-context, retrieval of
 * coded segments by boolean queries, passages like a code's) and comparing (word frequencies,
 * matrices, co-occurrence, voice). Every number leads back to the words behind it through
 * `onOpenPassage`.
 */
import { useState } from 'react';
import type { Passage } from '../passage';
import { FIND_TABS, FindTab } from './find/FindTabs';
import { COMPARE_TABS, CompareTab } from './compare/CompareTabs';
import './explore.css';

type TabId = (typeof FIND_TABS)[number]['id'] | (typeof COMPARE_TABS)[number]['id'];

export function ExploreView({ onOpenPassage }: { onOpenPassage: (passage: Passage) => void }) {
  const [tab, setTab] = useState<TabId>(FIND_TABS[0].id);
  const isFind = FIND_TABS.some((t) => t.id === tab);
  return (
    <div className="explore-view" data-testid="explore-view">
      <nav className="explore-tabs" role="tablist" aria-label="Explore">
        {[...FIND_TABS, ...COMPARE_TABS].map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            className={tab === t.id ? 'explore-tab explore-tab--active' : 'explore-tab'}
            data-testid={`explore-tab-${t.id}`}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </nav>
      <section className="explore-body" role="tabpanel">
        {isFind ? (
          <FindTab tab={tab as (typeof FIND_TABS)[number]['id']} onOpenPassage={onOpenPassage} />
        ) : (
          <CompareTab tab={tab as (typeof COMPARE_TABS)[number]['id']} onOpenPassage={onOpenPassage} />
        )}
      </section>
    </div>
  );
}
