/**
 * Memos are stored as Lexical editor states plus their plain text; REFI-QDA notes are plain
 * text. A note becomes one paragraph per line.
 */
export function editorStateFromText(text: string): string {
  const paragraph = (line: string) => ({
    type: 'paragraph',
    version: 1,
    direction: null,
    format: '',
    indent: 0,
    children: line ? [{ type: 'text', version: 1, text: line, detail: 0, format: 0, mode: 'normal', style: '' }] : [],
  });
  return JSON.stringify({
    root: { type: 'root', version: 1, direction: null, format: '', indent: 0, children: text.split('\n').map(paragraph) },
  });
}
