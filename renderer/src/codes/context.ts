/**
 * The words around a coded segment, for the codebook's segment list: up to `words` words before
 * and after it, never beyond the turn it starts or ends in (the text between turns holds speaker
 * labels and timestamps, not what was said).
 */
export interface SegmentContext {
  before: string;
  after: string;
}

interface Span {
  start: number;
  end: number;
}

export function segmentContext(text: string, turns: readonly Span[], span: Span, words = 12): SegmentContext {
  const first = turns.find((t) => t.start <= span.start && t.end > span.start);
  const last = [...turns].reverse().find((t) => t.start < span.end && t.end >= span.end);
  const from = first ? first.start : Math.max(0, span.start - 200);
  const to = last ? last.end : Math.min(text.length, span.end + 200);
  const beforeText = text.slice(from, span.start);
  const afterText = text.slice(span.end, to);
  const beforeTokens = beforeText.match(/\S+\s*/g) ?? [];
  const afterTokens = afterText.match(/\s*\S+/g) ?? [];
  const before = beforeTokens.slice(-words).join('');
  const after = afterTokens.slice(0, words).join('');
  return {
    before: (before.length < beforeText.length ? '…' : '') + before.replace(/\s+/g, ' ').trimStart(),
    after: after.replace(/\s+/g, ' ').trimEnd() + (after.length < afterText.length ? '…' : ''),
  };
}
