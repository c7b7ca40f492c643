/**
 * REFI-QDA content as read from a .qde or .qdc, before it meets a Chorus project. Only what
 * Chorus can take is kept; everything else is counted in `dropped` so the import can say so.
 * GUIDs are normalised: no braces, lower case.
 */

export interface RefiUser {
  guid: string;
  name: string;
}

export interface RefiCode {
  guid: string;
  name: string;
  /** As written; the importer reads it leniently. */
  color: string | null;
  description: string;
  isCodable: boolean;
  noteRefs: string[];
  children: RefiCode[];
}

export type RefiVariableType = 'Text' | 'Boolean' | 'Integer' | 'Float' | 'Date' | 'DateTime';

export interface RefiVariable {
  guid: string;
  name: string;
  type: RefiVariableType;
}

export interface RefiValue {
  variable: string;
  value: string;
}

export interface RefiCase {
  guid: string;
  name: string;
  description: string;
  values: RefiValue[];
  sourceRefs: string[];
}

export interface RefiCoding {
  guid: string;
  code: string;
  creator: string | null;
  createdAt: string | null;
  noteRefs: string[];
}

export interface RefiSelection {
  guid: string;
  name: string;
  start: number;
  end: number;
  creator: string | null;
  createdAt: string | null;
  description: string;
  codings: RefiCoding[];
  noteRefs: string[];
}

export interface RefiTextSource {
  guid: string;
  name: string;
  plainTextPath: string | null;
  /** PlainTextContent, when the text is inline. */
  content: string | null;
  description: string;
  selections: RefiSelection[];
  noteRefs: string[];
  values: RefiValue[];
  creator: string | null;
  createdAt: string | null;
}

/** An `AudioSource`/`VideoSource`: a link to a recording, with its first `Transcript`. */
export interface RefiRecording {
  guid: string;
  kind: 'audio' | 'video';
  name: string;
  /** `path` and `currentPath` as written (`absolute://…`, `relative://…`, `internal://…`). */
  path: string | null;
  currentPath: string | null;
  creator: string | null;
  createdAt: string | null;
  transcript: {
    guid: string;
    name: string;
    plainTextPath: string | null;
    content: string | null;
    /** Positions in the transcript's text (the tool's units, as selections), times in ms. */
    syncPoints: { guid: string; position: number; timeStamp: number }[];
  } | null;
}

export interface RefiNote {
  guid: string;
  name: string;
  content: string | null;
  plainTextPath: string | null;
  creator: string | null;
  createdAt: string | null;
}

export interface RefiProject {
  name: string;
  origin: string;
  creator: string | null;
  createdAt: string | null;
  users: RefiUser[];
  codes: RefiCode[];
  variables: RefiVariable[];
  cases: RefiCase[];
  sources: RefiTextSource[];
  /** Linked recordings (absent where a reader does not take them). */
  recordings?: RefiRecording[];
  /** `Project/@basePath`, against which `relative://` paths resolve. */
  basePath?: string | null;
  notes: RefiNote[];
  description: string;
  noteRefs: string[];
  /** Elements Chorus does not take, by name, with how many there were. */
  dropped: Record<string, number>;
}

export interface RefiCodebook {
  origin: string;
  codes: RefiCode[];
}

/** `{ABC-...}` and `abc-...` are the same GUID. */
export function normalizeGuid(guid: string): string {
  return guid.trim().replace(/^\{|\}$/gu, '').toLowerCase();
}

export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u;

/** `raw` as a GUID in Chorus's form (normalised), or null when it is not a GUID. */
export function parseGuid(raw: string): string | null {
  // Most tools, and Chorus, write GUIDs in that form already: those need no copy.
  if (GUID_PATTERN.test(raw)) return raw;
  const guid = normalizeGuid(raw);
  return GUID_PATTERN.test(guid) ? guid : null;
}

/** Every code of a tree, depth first. */
export function* walkCodes(codes: RefiCode[]): Generator<RefiCode> {
  for (const c of codes) {
    yield c;
    yield* walkCodes(c.children);
  }
}
