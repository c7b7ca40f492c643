/**
 * Writing or editing a journal entry: the Lexical rich-text editor of memos, the phase it was
 * written in, and the codes, themes and documents it is about.
 */
import { LexicalComposer } from '@lexical/react/LexicalComposer';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import { HistoryPlugin } from '@lexical/react/LexicalHistoryPlugin';
import { ListPlugin } from '@lexical/react/LexicalListPlugin';
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin';
import { FORMAT_TEXT_COMMAND, type LexicalEditor } from 'lexical';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Memo } from '../../../shared/types';
import { useCommand } from '../api';
import { DirtyPlugin, SaveKeyPlugin } from '../components/MemoEditor';
import { memoEditorConfig, readMemo } from '../components/memo-lexical';
import { showToast } from '../components/toasts';
import { LinkChips, LinkPicker, type LinkOption } from './JournalLinks';
import { PHASES } from './phases';

function EditorRef({ onEditor }: { onEditor: (e: LexicalEditor) => void }) {
  const [editor] = useLexicalComposerContext();
  useEffect(() => {
    onEditor(editor);
    editor.focus(undefined, { defaultSelection: 'rootEnd' });
  }, [editor, onEditor]);
  return null;
}

export function JournalEntryEditor({
  entry,
  currentPhase,
  options,
  onClose,
}: {
  entry: Memo | null;
  currentPhase: number;
  options: LinkOption[];
  onClose: () => void;
}) {
  const editorRef = useRef<LexicalEditor | null>(null);
  const [phase, setPhase] = useState(entry?.phase ?? currentPhase);
  const [links, setLinks] = useState<string[]>(entry?.links ?? []);
  const [dirty, setDirty] = useState(false);
  const create = useCommand('memos.create', { onSuccess: () => showToast('notice', 'Journal entry saved') });
  const update = useCommand('memos.update', { onSuccess: () => showToast('notice', 'Journal entry saved') });
  const remove = useCommand('memos.delete', { onSuccess: () => showToast('notice', 'Journal entry deleted') });
  const busy = create.isPending || update.isPending || remove.isPending;
  const initialConfig = useMemo(() => memoEditorConfig('chorus-journal', entry?.content), [entry?.content]);

  const save = () => {
    const editor = editorRef.current;
    if (!editor || busy) return;
    const { content, text } = readMemo(editor);
    const done = { onSuccess: onClose };
    if (entry) update.mutate({ memo: entry.guid, content, text, phase, links }, done);
    else if (text.trim()) create.mutate({ kind: 'journal', content, text, phase, links }, done);
    else showToast('notice', 'Write something before saving the entry.');
  };

  return (
    <section
      className="journal-editor"
      aria-label={entry ? 'Edit journal entry' : 'New journal entry'}
      data-testid="journal-editor"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented) {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <div className="journal-editor-meta">
        <label className="journal-inline-field">
          Phase
          <select value={phase} onChange={(e) => setPhase(Number(e.target.value))} data-testid="journal-entry-phase">
            {PHASES.map((p) => (
              <option key={p.phase} value={p.phase}>
                {p.phase} {p.name}
              </option>
            ))}
          </select>
        </label>
        <LinkPicker options={options} chosen={links} onAdd={(guid) => setLinks((l) => [...l, guid])} testId="journal-entry-link" />
        <div className="memo-toolbar">
          <button type="button" className="button button--small button--quiet" title="Bold (Ctrl+B)" onClick={() => editorRef.current?.dispatchCommand(FORMAT_TEXT_COMMAND, 'bold')}>
            <strong>B</strong>
          </button>
          <button type="button" className="button button--small button--quiet" title="Italic (Ctrl+I)" onClick={() => editorRef.current?.dispatchCommand(FORMAT_TEXT_COMMAND, 'italic')}>
            <em>I</em>
          </button>
        </div>
      </div>
      <LinkChips links={links} options={options} onRemove={(guid) => setLinks((l) => l.filter((x) => x !== guid))} />
      <LexicalComposer initialConfig={initialConfig}>
        <div className="memo-editor journal-editor-text">
          <RichTextPlugin
            contentEditable={<ContentEditable className="memo-editor-input" aria-label="Journal entry" data-testid="journal-input" />}
            placeholder={<div className="memo-placeholder">What are you noticing about your own part in the analysis?</div>}
            ErrorBoundary={LexicalErrorBoundary}
          />
          <HistoryPlugin />
          <ListPlugin />
          <SaveKeyPlugin onSave={save} />
          <EditorRef
            onEditor={(e) => {
              editorRef.current = e;
            }}
          />
          <DirtyPlugin onDirty={() => setDirty(true)} />
        </div>
      </LexicalComposer>
      <div className="memo-actions">
        <span className="hint">
          <kbd>Ctrl</kbd>+<kbd>Enter</kbd> save · <kbd>Esc</kbd> close
        </span>
        {entry ? (
          <button type="button" className="button button--small button--danger" disabled={busy} onClick={() => remove.mutate({ memo: entry.guid }, { onSuccess: onClose })}>
            Delete
          </button>
        ) : null}
        <button type="button" className="button button--small" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="button button--small button--primary"
          disabled={busy || (!!entry && !dirty && phase === entry.phase && links.join() === entry.links.join())}
          onClick={save}
          data-testid="journal-save"
        >
          Save
        </button>
      </div>
    </section>
  );
}
