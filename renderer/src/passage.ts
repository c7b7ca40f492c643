/** A span of a transcript that a search hit, a report row or a matrix cell points at. */
export interface Passage {
  documentGuid: string;
  start: number;
  end: number;
  /** The coding it is, when it is one: the transcript selects that coding. */
  coding?: string;
}
