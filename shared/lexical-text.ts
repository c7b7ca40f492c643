/**
 * Lexical's saved state for plain text: one paragraph per block separated by blank lines, in the
 * shape the memo editor writes. For memos Chorus writes itself (the demo's journal, decisions
 * recorded from the consensus view), so they open in the editor like any other.
 */
export function lexicalFromText(text: string): string {
  const paragraph = (p: string) => ({
    children: p ? [{ detail: 0, format: 0, mode: 'normal', style: '', text: p, type: 'text', version: 1 }] : [],
    direction: 'ltr',
    format: '',
    indent: 0,
    type: 'paragraph',
    version: 1,
    textFormat: 0,
    textStyle: '',
  });
  return JSON.stringify({
    root: { children: text.split(/\n\n+/).map(paragraph), direction: 'ltr', format: '', indent: 0, type: 'root', version: 1 },
  });
}
