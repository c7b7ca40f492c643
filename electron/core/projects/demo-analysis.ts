import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import { lexicalFromText } from '../../../shared/lexical-text.js';
import type { Project } from '../project.js';
import { insertCoding } from '../store/codings.js';
import { insertMemo } from '../store/memos.js';
import { setExampleCoding } from '../store/themes.js';
import { setMemoLinks, setMemoWritten } from '../store/memos.js';

/**
 * The demo's worked analysis (resources/demo/analysis.json): codings, memos and journal entries
 * as a newcomer would find them a few weeks into a reflexive thematic analysis.
 *
 * A coding is anchored on a phrase quoted from its transcript, never on offsets, so the data
 * reads as what it codes and survives edits to the transcripts. A phrase that is missing, or
 * found more than once, stops the demo with an error naming it.
 */

const Anchor = z.object({ document: z.string(), quote: z.string().min(1) });
export type Anchor = z.infer<typeof Anchor>;

const Target = z.union([
  z.object({ code: z.string() }),
  z.object({ theme: z.string() }),
  z.object({ document: z.string() }),
  z.object({ coding: Anchor }),
]);
type Target = z.infer<typeof Target>;

const Analysis = z.object({
  /** By document name: each coding's code (by name) and the exact phrase it covers. */
  codings: z.record(z.string(), z.array(z.object({ code: z.string(), quote: z.string().min(1) }))),
  memos: z.array(
    z.object({ kind: z.enum(['code', 'theme', 'segment', 'document']), target: Target, title: z.string(), text: z.string() }),
  ),
  journal: z.array(
    z.object({
      phase: z.number().int().min(1).max(6),
      written: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      title: z.string(),
      text: z.string(),
      links: z.array(Target),
    }),
  ),
});
export type Analysis = z.infer<typeof Analysis>;

function corrupt(message: string): ChorusError {
  return new ChorusError(ErrorCode.CORRUPT_FILE, `The demo study's analysis: ${message}`);
}

export function readAnalysis(dir: string): Analysis {
  const file = path.join(dir, 'analysis.json');
  try {
    return Analysis.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (e) {
    throw new ChorusError(ErrorCode.CORRUPT_FILE, `The demo study at ${file} could not be read: ${(e as Error).message}`);
  }
}

/** Where the phrase stands in the text: it must be there exactly once. */
export function findAnchor(text: string, quote: string, documentName: string): { start: number; end: number } {
  const start = text.indexOf(quote);
  if (start < 0) throw corrupt(`the phrase "${quote}" is not in ${documentName}.`);
  if (text.indexOf(quote, start + 1) >= 0) throw corrupt(`the phrase "${quote}" occurs more than once in ${documentName}.`);
  return { start, end: start + quote.length };
}

/** What the analysis refers to by name, resolved to rows of the project being written. */
export interface DemoIndex {
  documents: Map<string, { id: number; guid: string; text: string }>;
  /** Code and theme names are unique in the demo, so a name is enough. */
  codes: Map<string, { id: number; guid: string; parentId: number | null }>;
}

type CodingsByAnchor = Map<string, { guid: string; codeId: number }[]>;
const anchorKey = (a: Anchor) => `${a.document}\u0000${a.quote}`;

function requireName<T>(map: Map<string, T>, name: string, what: string): T {
  const found = map.get(name);
  if (!found) throw corrupt(`there is no ${what} named "${name}".`);
  return found;
}

/** Applies the codings; returns them by anchor, for examples and memos to refer to. */
export function applyCodings(project: Project, analysis: Analysis, index: DemoIndex): CodingsByAnchor {
  const byAnchor: CodingsByAnchor = new Map();
  const stamp = project.stamp();
  for (const [documentName, list] of Object.entries(analysis.codings)) {
    const doc = requireName(index.documents, documentName, 'document');
    for (const c of list) {
      const code = requireName(index.codes, c.code, 'code');
      const { start, end } = findAnchor(doc.text, c.quote, documentName);
      const guid = project.env.newGuid();
      insertCoding(project.db, { guid, documentId: doc.id, codeId: code.id, start, end }, stamp);
      const key = anchorKey({ document: documentName, quote: c.quote });
      byAnchor.set(key, [...(byAnchor.get(key) ?? []), { guid, codeId: code.id }]);
    }
  }
  return byAnchor;
}

/** A theme's example is a coding of the theme or of something below it, anchored on `example`. */
export function setExamples(
  project: Project,
  examples: { theme: string; example: Anchor }[],
  index: DemoIndex,
  codings: CodingsByAnchor,
): void {
  const parents = new Map([...index.codes.values()].map((c) => [c.id, c.parentId]));
  const isUnder = (id: number, root: number): boolean => {
    for (let at: number | null | undefined = id; at != null; at = parents.get(at)) if (at === root) return true;
    return false;
  };
  for (const { theme, example } of examples) {
    const root = requireName(index.codes, theme, 'theme');
    const coding = (codings.get(anchorKey(example)) ?? []).find((c) => isUnder(c.codeId, root.id));
    if (!coding) throw corrupt(`the example of "${theme}" ("${example.quote}") is no coding of that theme.`);
    setExampleCoding(project.db, root.id, coding.guid);
  }
}

/** Writes the memos and the journal; returns how many of each. */
export function writeMemos(
  project: Project,
  analysis: Analysis,
  index: DemoIndex,
  codings: CodingsByAnchor,
): { memos: number; journal: number } {
  const resolve = (t: Target): string => {
    if ('code' in t) return requireName(index.codes, t.code, 'code').guid;
    if ('theme' in t) return requireName(index.codes, t.theme, 'theme').guid;
    if ('document' in t) return requireName(index.documents, t.document, 'document').guid;
    const found = codings.get(anchorKey(t.coding));
    if (!found?.length) throw corrupt(`no coding is anchored on "${t.coding.quote}" in ${t.coding.document}.`);
    return found[0]!.guid;
  };
  const stamp = project.stamp();
  const write = (m: { kind: 'journal' | 'code' | 'theme' | 'segment' | 'document'; target: string | null; title: string; text: string; phase: number | null }) =>
    insertMemo(project.db, { guid: project.env.newGuid(), ...m, content: lexicalFromText(m.text) }, stamp);
  for (const m of analysis.memos) write({ kind: m.kind, target: resolve(m.target), title: m.title, text: m.text, phase: null });
  for (const j of analysis.journal) {
    const id = write({ kind: 'journal', target: null, title: j.title, text: j.text, phase: j.phase });
    setMemoWritten(project.db, id, `${j.written}T17:00:00.000Z`);
    setMemoLinks(project.db, id, j.links.map(resolve));
  }
  return { memos: analysis.memos.length, journal: analysis.journal.length };
}
