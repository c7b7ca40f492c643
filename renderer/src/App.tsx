import { useCallback, useState } from 'react';
import { ChorusError, ErrorCode } from '../../shared/errors';
import type { CodedSegment } from '../../shared/types';
import { transport, useChangedEvents, useOp } from './api';
import { CodebookPanel } from './components/CodebookPanel';
import { DocumentList } from './components/DocumentList';
import { ProjectForm } from './components/ProjectMenu';
import { Toasts } from './components/toasts';
import { TopBar, type View } from './components/TopBar';
import { CasesView } from './attributes/CasesView';
import { CodebookView } from './codebook/CodebookView';
import { ExploreView } from './explore/ExploreView';
import { JournalView } from './journal/JournalView';
import { PrivacyView } from './privacy/PrivacyView';
import { TeamView } from './team/TeamView';
import { TeamGate } from './server/TeamGate';
import { ThemesView } from './themes/ThemesView';
import { TranscriptPane, type FocusRequest } from './components/TranscriptPane';
import { useUndoRedoShortcuts } from './components/history';
import { PassphraseHost } from './passphrase/PassphraseDialogs';
import type { Passage } from './passage';

/** The workspace, behind the team server's sign-in when the page is served by one. */
export function App() {
  return (
    <TeamGate>
      <Workspace />
    </TeamGate>
  );
}

function Workspace() {
  useChangedEvents();
  useUndoRedoShortcuts();
  const info = useOp('project.info', {});
  const documents = useOp('documents.list', {}, { enabled: info.isSuccess });
  const [openDoc, setOpenDoc] = useState<string | null>(null);
  const [focus, setFocus] = useState<FocusRequest | null>(null);
  const [selectedCode, setSelectedCode] = useState<string | null>(null);
  const [view, setView] = useState<View>('transcripts');

  // A document that left the project (another project opened, its import undone) closes itself.
  const activeDoc = openDoc && documents.data?.some((d) => d.guid === openDoc) ? openDoc : null;

  const openDocument = useCallback((guid: string) => {
    setView('transcripts');
    setOpenDoc(guid);
    setFocus(null);
  }, []);

  const openSegment = useCallback((segment: CodedSegment) => {
    setOpenDoc(segment.documentGuid);
    setFocus({ document: segment.documentGuid, coding: segment.guid, start: segment.start, end: segment.end, nonce: Date.now() });
  }, []);

  /** Opens a passage found by a search or a report (a coding's guid when it is one, to select it). */
  const openPassage = useCallback((passage: Passage) => {
    setView('transcripts');
    setOpenDoc(passage.documentGuid);
    setFocus({ document: passage.documentGuid, coding: passage.coding ?? '', start: passage.start, end: passage.end, nonce: Date.now() });
  }, []);

  const projectChanged = useCallback(() => {
    setOpenDoc(null);
    setFocus(null);
    setSelectedCode(null);
  }, []);

  const noProject = info.error instanceof ChorusError && info.error.code === ErrorCode.NO_PROJECT;

  return (
    <div className="app">
      <TopBar info={info.data ?? null} view={noProject ? null : view} onView={setView} onProjectChanged={projectChanged} />
      {noProject ? (
        <main className="welcome" data-testid="no-project">
          <h1>No project is open</h1>
          {transport() === 'http' ? (
            <>
              <p>Create a project, open an existing <code>.chorus</code> file, or start from a copy of the demo study.</p>
              <ProjectForm onDone={projectChanged} />
            </>
          ) : (
            <p>Use File › New Project or File › Open Project to start.</p>
          )}
        </main>
      ) : view === 'cases' ? (
        <main className="cases-main">
          <CasesView />
        </main>
      ) : view === 'codebook' ? (
        <main className="cases-main">
          <CodebookView onOpenSegment={(s) => (setView('transcripts'), openSegment(s))} />
        </main>
      ) : view === 'themes' ? (
        <main className="cases-main">
          <ThemesView onOpenSegment={(s) => (setView('transcripts'), openSegment(s))} />
        </main>
      ) : view === 'explore' ? (
        <main className="cases-main">
          <ExploreView onOpenPassage={openPassage} />
        </main>
      ) : view === 'team' ? (
        <main className="cases-main">
          <TeamView onOpenPassage={openPassage} />
        </main>
      ) : view === 'journal' ? (
        <main className="cases-main">
          <JournalView />
        </main>
      ) : view === 'privacy' ? (
        <main className="cases-main">
          <PrivacyView />
        </main>
      ) : (
        <div className="workspace">
          <aside className="sidebar sidebar--left" aria-label="Documents">
            <DocumentList documents={documents.data} loading={documents.isPending && info.isSuccess} openDoc={activeDoc} onOpen={openDocument} />
          </aside>
          <main className="center">
            <TranscriptPane
              key={activeDoc ?? 'none'}
              documentGuid={activeDoc}
              focus={focus && focus.document === activeDoc ? focus : null}
              hasDocuments={(documents.data?.length ?? 0) > 0}
            />
          </main>
          <aside className="sidebar sidebar--right" aria-label="Codebook">
            <CodebookPanel selectedCode={selectedCode} onSelectCode={setSelectedCode} onOpenSegment={openSegment} />
          </aside>
        </div>
      )}
      <PassphraseHost onProjectChanged={projectChanged} />
      <Toasts />
    </div>
  );
}
