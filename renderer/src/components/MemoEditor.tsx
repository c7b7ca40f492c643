/**
 * A memo on a coding, a turn or a document: a small Lexical rich-text editor (bold and italic
 * with Ctrl/Cmd+B and +I, bulleted and numbered lists, its own undo) saved through memos.create /
 * memos.update. `content` is
 * the editor state as Lexical's JSON, `text` its plain text (for search and export).
 */
import { INSERT_ORDERED_LIST_COMMAND, INSERT_UNORDERED_LIST_COMMAND } from '@lexical/list';
import { LexicalComposer } from '@lexical/react/LexicalComposer';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import { HistoryPlugin } from '@lexical/react/LexicalHistoryPlugin';
import { ListPlugin } from '@lexical/react/LexicalListPlugin';
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin';
import { COMMAND_PRIORITY_HIGH, FORMAT_TEXT_COMMAND, KEY_ENTER_COMMAND, type LexicalEditor } from 'lexical';
import { useEffect, useEffectEvent, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Memo, MemoKind } from '../../../shared/types';
import { useCommand } from '../api';
import { memoEditorConfig, readMemo } from './memo-lexical';
import { showToast } from './toasts';

export interface MemoTarget {
  kind: Extract<MemoKind, 'segment' | 'turn' | 'document'>;
  target: string;
  /** What the memo is about, shown above the editor ("Coding: Stigma — “because I…”"). */
  about: string;
}

const KIND_TITLE: Record<MemoTarget['kind'], string> = { segment: 'Memo on a coding', turn: 'Memo on a turn', document: 'Memo on the document' };

/** Ctrl/Cmd+Enter saves instead of starting a new paragraph. */
export function SaveKeyPlugin({ onSave }: { onSave: () => void }) {
  const [editor] = useLexicalComposerContext();
  const save = useEffectEvent(onSave);
  useEffect(
    () =>
      editor.registerCommand(
        KEY_ENTER_COMMAND,
        (event) => {
          if (!event || !(event.ctrlKey || event.metaKey)) return false;
          event.preventDefault();
          save();
          return true;
        },
        COMMAND_PRIORITY_HIGH,
      ),
    [editor],
  );
  return null;
}

function FocusPlugin({ onEditor }: { onEditor: (e: LexicalEditor) => void }) {
  const [editor] = useLexicalComposerContext();
  useEffect(() => {
    onEditor(editor);
    editor.focus(undefined, { defaultSelection: 'rootEnd' });
  }, [editor, onEditor]);
  return null;
}

export function MemoEditor({ target, memo, onClose }: { target: MemoTarget; memo: Memo | undefined; onClose: () => void }) {
  const editorRef = useRef<LexicalEditor | null>(null);
  const [dirty, setDirty] = useState(false);
  const create = useCommand('memos.create', { onSuccess: () => showToast('notice', 'Memo saved') });
  const update = useCommand('memos.update', { onSuccess: () => showToast('notice', 'Memo saved') });
  const remove = useCommand('memos.delete', { onSuccess: () => showToast('notice', 'Memo deleted') });
  const busy = create.isPending || update.isPending || remove.isPending;
  const initialConfig = useMemo(() => memoEditorConfig('chorus-memo', memo?.content), [memo?.content]);

  const save = () => {
    const editor = editorRef.current;
    if (!editor || busy) return;
    const { content, text } = readMemo(editor);
    const done = { onSuccess: onClose };
    if (memo) update.mutate({ memo: memo.guid, content, text }, done);
    else if (text.trim()) create.mutate({ kind: target.kind, target: target.target, content, text }, done);
    else onClose();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.defaultPrevented) return;
    // Ctrl/Cmd+Shift+8 and +7 start a bulleted and a numbered list (as in most word processors).
    if ((e.ctrlKey || e.metaKey) && e.shiftKey && (e.code === 'Digit8' || e.code === 'Digit7')) {
      e.preventDefault();
      editorRef.current?.dispatchCommand(e.code === 'Digit8' ? INSERT_UNORDERED_LIST_COMMAND : INSERT_ORDERED_LIST_COMMAND, undefined);
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      save();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose();
    }
  };

  return (
    <section className="popover memo-panel" role="dialog" aria-label={KIND_TITLE[target.kind]} data-testid="memo-editor" onKeyDown={onKeyDown}>
      <h2>{KIND_TITLE[target.kind]}</h2>
      <p className="memo-about" title={target.about}>
        {target.about}
      </p>
      <div className="memo-toolbar">
        <button type="button" className="button button--small button--quiet" title="Bold (Ctrl+B)" onClick={() => editorRef.current?.dispatchCommand(FORMAT_TEXT_COMMAND, 'bold')}>
          <strong>B</strong>
        </button>
        <button type="button" className="button button--small button--quiet" title="Italic (Ctrl+I)" onClick={() => editorRef.current?.dispatchCommand(FORMAT_TEXT_COMMAND, 'italic')}>
          <em>I</em>
        </button>
        <button type="button" className="button button--small button--quiet" title="Bulleted list (Ctrl+Shift+8)" data-testid="memo-bullets" onClick={() => editorRef.current?.dispatchCommand(INSERT_UNORDERED_LIST_COMMAND, undefined)}>
          • List
        </button>
        <button type="button" className="button button--small button--quiet" title="Numbered list (Ctrl+Shift+7)" onClick={() => editorRef.current?.dispatchCommand(INSERT_ORDERED_LIST_COMMAND, undefined)}>
          1. List
        </button>
      </div>
      <LexicalComposer initialConfig={initialConfig}>
        <div className="memo-editor">
          <RichTextPlugin
            contentEditable={<ContentEditable className="memo-editor-input" aria-label="Memo text" data-testid="memo-input" />}
            placeholder={<div className="memo-placeholder">Write what you notice…</div>}
            ErrorBoundary={LexicalErrorBoundary}
          />
          <HistoryPlugin />
          <ListPlugin />
          <SaveKeyPlugin onSave={save} />
          <FocusPlugin
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
        {memo ? (
          <button type="button" className="button button--small button--danger" disabled={busy} onClick={() => remove.mutate({ memo: memo.guid }, { onSuccess: onClose })} data-testid="memo-delete">
            Delete
          </button>
        ) : null}
        <button type="button" className="button button--small" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button button--small button--primary" disabled={busy || (!dirty && !!memo)} onClick={save} data-testid="memo-save">
          Save
        </button>
      </div>
    </section>
  );
}

export function DirtyPlugin({ onDirty }: { onDirty: () => void }) {
  const [editor] = useLexicalComposerContext();
  useEffect(
    () =>
      editor.registerUpdateListener(({ dirtyElements, dirtyLeaves }) => {
        if (dirtyElements.size > 0 || dirtyLeaves.size > 0) onDirty();
      }),
    [editor, onDirty],
  );
  return null;
}
