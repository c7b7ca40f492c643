/**
 * The building blocks of the contract (`api.ts`): domains, the three kinds of entry, and the
 * schemas many entries share. Each area of the contract (`api.ts`, `api-team.ts`,
 * `api-analysis.ts`) builds its entries from these, and `api.ts` joins them into one table.
 */
import { z } from 'zod';
import { HEX_COLOR } from './colors.js';
import { pathFields } from './input-paths.js';

/** A domain names a family of queries (`codes` covers `codes.list`, ...). */
export type Domain =
  | 'project'
  | 'documents'
  | 'codes'
  | 'codings'
  | 'history'
  | 'participants'
  | 'attributes'
  | 'memos'
  | 'snapshots'
  /** Links between themes and prevalence (`themes.links`, `themes.prevalence`). */
  | 'themes'
  /** Co-coders: merge previews, agreement and consensus (`team.*`). Derived from the coded data. */
  | 'team'
  /** Retrieval, search, frequencies, matrices (`analysis.*`). Derived from the coded data. */
  | 'analysis'
  /** Recordings linked to transcripts (`media.*`). */
  | 'media'
  /** Pseudonyms and redactions (`privacy.*`). */
  | 'privacy';

/**
 * Domains whose queries are computed from others' data rather than stored: a write that
 * invalidates any of the listed domains also makes these stale, so no entry of the contract has to
 * remember them.
 */
export const DERIVED_DOMAINS: Readonly<Record<string, readonly Domain[]>> = {
  team: ['codes', 'codings', 'documents', 'participants', 'memos', 'project'],
  analysis: ['codes', 'codings', 'documents', 'participants', 'attributes', 'project'],
  // Proposed names come from the transcripts and speakers; a redaction's text from its document.
  privacy: ['documents', 'participants', 'project'],
};

/** The domains (and single operations) `invalidates` names, plus the derived domains they feed. */
export function withDerived(invalidates: readonly string[]): string[] {
  const out = new Set(invalidates);
  for (const [derived, sources] of Object.entries(DERIVED_DOMAINS)) {
    if (invalidates.some((d) => (sources as readonly string[]).includes(d.split('.')[0]!))) out.add(derived);
  }
  return [...out];
}

/**
 * What a successful write makes stale in the renderer's caches: a whole domain, or one operation
 * (a coding changes the counts in `documents.list`, not the text of `documents.get`).
 */
export type Invalidation = Domain | `${Domain}.${string}`;

export interface OpDef<I extends z.ZodType, O> {
  input: I;
  /** Writes run in one transaction and are recorded in the command log. */
  writes: boolean;
  /** Query families (or single operations) whose cached results a successful call makes stale. */
  invalidates: readonly Invalidation[];
  /** Phantom: carries the output type. Never read at run time. */
  output?: O;
}

export function query<O>() {
  return <I extends z.ZodType>(input: I): OpDef<I, O> => ({ input, writes: false, invalidates: [] });
}

/**
 * A write that is not itself an undoable step (undo/redo move along the log; project.* switches
 * the open file).
 */
export function action<O>(invalidates: readonly Invalidation[]) {
  return <I extends z.ZodType>(input: I): OpDef<I, O> => ({ input, writes: false, invalidates });
}

export function command<O>(invalidates: readonly Invalidation[]) {
  return <I extends z.ZodType>(input: I): OpDef<I, O> => ({ input, writes: true, invalidates });
}

export const ALL: readonly Domain[] = ['project', 'documents', 'codes', 'codings', 'history', 'participants', 'attributes', 'memos', 'snapshots', 'themes', 'team', 'analysis', 'media', 'privacy'];

// Any 8-4-4-4-12 hex GUID: projects imported from other QDA tools keep the GUIDs those tools gave,
// and not all of them are RFC 4122 UUIDs.
export const guid = z.guid();
export const offset = z.number().int().min(0);
const pathString = () => z.string().min(1, 'A file path is required.');
/** A file the core reads (an import, a co-coder's project). */
export const sourcePath = pathString().register(pathFields, { pathKind: 'source' });
/** A file the core writes (an export). */
export const destinationPath = pathString().register(pathFields, { pathKind: 'destination' });
/** A project file the core opens or creates. */
export const projectPath = pathString().register(pathFields, { pathKind: 'project' });
/** A recording the core links to a transcript: read (hashed) and later served, never written. */
export const recordingPath = pathString().register(pathFields, { pathKind: 'recording' });
export const codeName = z
  .string()
  .transform((s) => s.trim().replace(/\s+/g, ' '))
  .pipe(z.string().min(1, 'A code needs a name.').max(200, 'A code name can have at most 200 characters.'));
export const color = z.string().regex(HEX_COLOR, 'A colour is written #RRGGBB.');

/** A REFI-QDA file: its path, or the bytes a browser uploaded. */
export const RefiSource = z.union([
  sourcePath,
  z.object({ kind: z.literal('bytes'), name: z.string().min(1), base64: z.string() }),
]);
