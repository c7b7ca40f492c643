/**
 * Auto-coding: coding what a search found, or everything a speaker said, in one command (one undo
 * step) that reports what it did. My own coding of exactly the same passage with the same code is
 * never repeated (as with `codings.apply`); someone else's is not a duplicate.
 */
import type { AutoCodeReport, CodeHitsInput, CodeSpeakerInput, FindFilters, HitExtent, HitRef } from '../../../shared/analysis-find.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import { createCode, requireCode } from '../codes/service.js';
import type { CommandScope } from '../history/command-log.js';
import type { Project } from '../project.js';
import * as store from '../store/analysis-find.js';
import { codeNamed } from '../store/codes.js';
import { insertCoding, sameCoding } from '../store/codings.js';
import { participantByGuid } from '../store/participants.js';
import { codeIndex } from './retrieve.js';
import { findHits } from './search.js';

type CodeTarget = CodeHitsInput['code'];
interface Span {
  documentId: number;
  start: number;
  end: number;
}

/** The code to apply, created at the top level when named and not there yet (as the quick-code box does). */
function targetCode(project: Project, target: CodeTarget, log: CommandScope): { id: number; created: boolean } {
  if ('guid' in target) return { id: requireCode(project, target.guid).id, created: false };
  const existing = codeNamed(project.db, target.name);
  if (existing) return { id: existing.id, created: false };
  const created = createCode(project, { name: target.name });
  log.about(created.guid, 'created', `created as "${target.name}" while auto-coding`);
  return { id: created.id, created: true };
}

/** Codes each distinct span once, skipping my own identical codings. */
function applySpans(project: Project, codeId: number, spans: Span[]): { applied: number; duplicates: number; merged: number } {
  const stamp = project.stamp();
  const seen = new Set<string>();
  let applied = 0;
  let duplicates = 0;
  for (const s of spans) {
    const key = `${s.documentId}:${s.start}:${s.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (sameCoding(project.db, { documentId: s.documentId, codeId, start: s.start, end: s.end, coder: stamp.by })) {
      duplicates++;
      continue;
    }
    insertCoding(project.db, { guid: project.env.newGuid(), documentId: s.documentId, codeId, start: s.start, end: s.end }, stamp);
    applied++;
  }
  return { applied, duplicates, merged: spans.length - seen.size };
}

function report(project: Project, codeId: number, created: boolean, found: number, counts: ReturnType<typeof applySpans>): AutoCodeReport {
  const index = codeIndex(store.codeTree(project.db));
  const code = index.byId.get(codeId)!;
  return { code: { guid: code.guid, name: code.name, path: index.path(codeId) }, createdCode: created, found, ...counts };
}

const SENTENCE_END = /[.!?…]/;
const CLOSERS = /["'”’)\]»]/;

/**
 * The sentence around [start, end) within [lo, hi) (its turn): from after the previous sentence
 * end (. ! ? … followed by a space) or line break, to the next sentence end with its closing quotes
 * or brackets, without surrounding spaces.
 */
export function sentenceAround(text: string, start: number, end: number, lo: number, hi: number): { start: number; end: number } {
  let s = start;
  while (s > lo) {
    const prev = text[s - 1]!;
    if (prev === '\n') break;
    if (/\s/.test(prev)) {
      let k = s - 2;
      while (k >= lo && CLOSERS.test(text[k]!)) k--;
      if (k >= lo && SENTENCE_END.test(text[k]!)) break;
    }
    s--;
  }
  while (s < start && /\s/.test(text[s]!)) s++;
  let e = end;
  while (e < hi) {
    const ch = text[e]!;
    if (ch === '\n') break;
    e++;
    if (SENTENCE_END.test(ch)) {
      while (e < hi && (SENTENCE_END.test(text[e]!) || CLOSERS.test(text[e]!))) e++;
      if (e >= hi || /\s/.test(text[e]!)) break;
    }
  }
  while (e > end && /\s/.test(text[e - 1]!)) e--;
  return { start: s, end: e };
}

/** `analysis.codeHits`. */
export function codeHitsCommand(
  project: Project,
  input: { search: { text: string; filters: FindFilters }; hits?: HitRef[] | undefined; code: CodeTarget; extent: HitExtent },
  log: CommandScope,
): AutoCodeReport {
  const { hits, scope } = findHits(project, input.search.text, input.search.filters);
  let chosen = hits;
  if (input.hits) {
    const byPlace = new Map(hits.map((h) => [`${scope.documents.get(h.documentId)!.guid}:${h.start}:${h.end}`, h]));
    chosen = input.hits.map((ref) => {
      const hit = byPlace.get(`${ref.document}:${ref.start}:${ref.end}`);
      if (!hit) {
        throw new ChorusError(
          ErrorCode.INVALID_INPUT,
          `The chosen hit at [${ref.start}, ${ref.end}) is not a hit of this search (any more): search again and choose again. Nothing was coded.`,
        );
      }
      return hit;
    });
  }
  if (chosen.length === 0) {
    throw new ChorusError(ErrorCode.INVALID_INPUT, `The search for ${input.search.text} finds nothing to code. Nothing was coded.`);
  }
  const spans = chosen.map((h): Span => {
    if (input.extent === 'turn') return { documentId: h.documentId, start: h.turn.start, end: h.turn.end };
    if (input.extent === 'match') return { documentId: h.documentId, start: h.start, end: h.end };
    const text = project.textOf(scope.documents.get(h.documentId)!.guid)!;
    return { documentId: h.documentId, ...sentenceAround(text, h.start, h.end, h.turn.start, h.turn.end) };
  });
  const { id, created } = targetCode(project, input.code, log);
  const counts = applySpans(project, id, spans);
  const out = report(project, id, created, chosen.length, counts);
  const what = input.extent === 'match' ? 'hits' : input.extent === 'turn' ? 'turns with hits' : 'sentences with hits';
  const units = counts.applied + counts.duplicates;
  log.summary(
    `Coded ${counts.applied} ${what} of the search ${input.search.text} as "${out.code.name}"` +
      (counts.duplicates ? ` (${counts.duplicates} of ${units} were already coded)` : ''),
  );
  return out;
}

/** `analysis.codeSpeaker`. */
export function codeSpeakerCommand(
  project: Project,
  input: { who: CodeSpeakerInput['who']; documents?: string[] | undefined; code: CodeTarget },
  log: CommandScope,
): AutoCodeReport {
  const speakers = store.allSpeakers(project.db);
  let chosen: store.SpeakerInfoRow[];
  let whom: string;
  if ('speaker' in input.who) {
    const guid = input.who.speaker;
    chosen = speakers.filter((s) => s.guid === guid);
    if (chosen.length === 0) throw new ChorusError(ErrorCode.NOT_FOUND, 'That speaker is not in this project.');
    whom = chosen[0]!.label;
  } else if ('participant' in input.who) {
    const p = participantByGuid(project.db, input.who.participant);
    if (!p) throw new ChorusError(ErrorCode.NOT_FOUND, 'That participant is not in this project.');
    chosen = speakers.filter((s) => s.participantId === p.id);
    whom = p.label;
  } else {
    const role = input.who.role;
    chosen = speakers.filter((s) => s.role === role);
    whom = `every ${role}`;
  }
  let documentIds: number[] | null = null;
  if (input.documents) {
    const byGuid = new Map(store.documentNames(project.db).map((d) => [d.guid, d.id]));
    documentIds = input.documents.map((g) => {
      const id = byGuid.get(g);
      if (id === undefined) throw new ChorusError(ErrorCode.NOT_FOUND, 'One of the chosen documents is not in this project.');
      return id;
    });
  }
  const turns = store.turnsOfSpeakers(project.db, chosen.map((s) => s.id), documentIds);
  if (turns.length === 0) throw new ChorusError(ErrorCode.INVALID_INPUT, `${whom} has no turns to code here. Nothing was coded.`);
  const { id, created } = targetCode(project, input.code, log);
  const counts = applySpans(project, id, turns.map((t) => ({ documentId: t.documentId, start: t.start, end: t.end })));
  const out = report(project, id, created, turns.length, counts);
  log.summary(
    `Coded ${counts.applied} turns of ${whom} as "${out.code.name}"` +
      (counts.duplicates ? ` (${counts.duplicates} of ${turns.length} were already coded)` : ''),
  );
  return out;
}
