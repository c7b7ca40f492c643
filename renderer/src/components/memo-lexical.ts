/**
 * What every rich-text memo editor shares (memos on codings, turns and documents, and journal
 * entries): the Lexical configuration — its look and the nodes a memo may hold, lists included —
 * and how an editor's state becomes the `content` and `text` the contract stores.
 */
import { ListItemNode, ListNode } from '@lexical/list';
import type { InitialConfigType } from '@lexical/react/LexicalComposer';
import { $getRoot, type LexicalEditor } from 'lexical';

export function memoEditorConfig(namespace: string, content: string | undefined): InitialConfigType {
  return {
    namespace,
    theme: {
      text: { bold: 'memo-bold', italic: 'memo-italic' },
      paragraph: 'memo-paragraph',
      list: { ul: 'memo-text-list', ol: 'memo-text-list', listitem: 'memo-text-list-item' },
    },
    nodes: [ListNode, ListItemNode],
    editorState: content ? content : undefined,
    onError: (error) => {
      throw error;
    },
  };
}

/** The editor's state as Lexical JSON, and its plain text (for search and export). */
export function readMemo(editor: LexicalEditor): { content: string; text: string } {
  const state = editor.getEditorState();
  return { content: JSON.stringify(state.toJSON()), text: state.read(() => $getRoot().getTextContent()).trimEnd() };
}
