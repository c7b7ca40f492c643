/**
 * Prevalence and voice: for each code and theme, in how many groups and among how many people it
 * occurs (themes.prevalence, reused), whose words carry it and whether one person carries most of
 * it; and talk time per speaker per focus group.
 */
import type { CodeVoice, GroupTalk, SpeakerTalk, Voice, VoiceShare } from '../../../shared/analysis-compare.js';
import type { OpParsed } from '../../../shared/api.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { Project } from '../project.js';
import * as store from '../store/analysis-compare.js';
import { codeTree, codeUnits, people } from './context.js';
import { factsByCode } from './matrix.js';
import { wordCount, wordsOf } from './word-index.js';

export function voice(project: Project, input: OpParsed<'analysis.voice'>): Voice {
  const tree = new Map(codeTree(project).map((c) => [c.id, c]));
  // Voice is about a code with everything below it, as prevalence is.
  const units = codeUnits(project, input.rows, input.pick).map((u) => ({ ...u, members: tree.get(u.id)!.subtree }));
  const who = people(project);
  const words = wordsOf(project, 'words');
  const facts = factsByCode(project, null);
  const totalGroups = store.documentRows(project.db).length;
  const codes: CodeVoice[] = units.map((u) => {
    // Codings, groups and people as themes.prevalence counts them: the codings of the subtree, and
    // the people attribution.ts gives each (the pieces carry its person).
    let codings = 0;
    const groups = new Set<number>();
    const persons = new Set<string>();
    // Participants' words of the code's passages, overlapping passages counted once per turn.
    // By turn, keyed by number (document id × 2^21 + seq): string keys made a large study slow.
    const byTurn = new Map<number, { documentId: number; person: string; spans: [number, number][] }>();
    for (const id of u.members) {
      for (const f of facts.get(id) ?? []) {
        codings++;
        groups.add(f.coding.documentId);
        for (const p of f.pieces) if (p.person !== null) persons.add(p.person);
        for (const p of f.pieces) {
          if (p.person === null || p.end <= p.start) continue;
          const key = f.coding.documentId * 2_097_152 + p.seq!;
          const turn = byTurn.get(key) ?? { documentId: f.coding.documentId, person: p.person, spans: [] };
          turn.spans.push([p.start, p.end]);
          byTurn.set(key, turn);
        }
      }
    }
    const said = new Map<string, number>();
    for (const turn of byTurn.values()) {
      const doc = words(turn.documentId);
      let n = 0;
      for (const [start, end] of union(turn.spans)) n += wordCount(doc, words.table, start, end);
      said.set(turn.person, (said.get(turn.person) ?? 0) + n);
    }
    const total = [...said.values()].reduce((a, b) => a + b, 0);
    const shares: VoiceShare[] = [...said.entries()]
      .map(([key, n]) => {
        const person = who.persons.get(key)!;
        return {
          key: person.key,
          label: person.label,
          ...(person.document !== undefined ? { document: person.document } : {}),
          words: n,
          share: total === 0 ? 0 : n / total,
        };
      })
      .sort((a, b) => b.words - a.words || a.label.localeCompare(b.label));
    const top = shares[0];
    return {
      key: u.guid,
      name: u.name,
      kind: u.kind,
      depth: u.depth,
      codings,
      groups: groups.size,
      totalGroups,
      participants: persons.size,
      words: total,
      shares,
      dominant: top && top.share > input.threshold ? top : null,
    };
  });
  return { threshold: input.threshold, codes };
}

function union(spans: [number, number][]): [number, number][] {
  spans.sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [s, e] of spans) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/**
 * Turns, words and time per speaker per focus group. A turn's time runs from its timestamp to its
 * end time, else to the next turn's timestamp; a transcript without timestamps has no times.
 */
export function talkTime(project: Project, input: OpParsed<'analysis.talkTime'>): GroupTalk[] {
  const docs = store.documentRows(project.db);
  const chosen = input.document === undefined ? docs : docs.filter((d) => d.guid === input.document);
  if (chosen.length === 0 && input.document !== undefined) {
    throw new ChorusError(ErrorCode.NOT_FOUND, 'That document is not in this project.');
  }
  const who = people(project);
  const index = wordsOf(project, 'words');
  const turnsOf = new Map<number, store.SpeechTurnRow[]>();
  for (const t of store.speechTurns(project.db, input.document === undefined ? null : chosen[0]!.id)) {
    const list = turnsOf.get(t.documentId);
    if (list) list.push(t);
    else turnsOf.set(t.documentId, [t]);
  }
  return chosen.map((doc) => {
    const turns = turnsOf.get(doc.id) ?? [];
    const docWords = index(doc.id);
    const bySpeaker = new Map<number, SpeakerTalk>();
    for (const s of who.speakers.values()) {
      if (s.documentId !== doc.id) continue;
      bySpeaker.set(s.id, {
        speaker: s.guid,
        label: s.label,
        role: s.role,
        participant: s.participantGuid,
        participantLabel: s.participantLabel,
        turns: 0,
        words: 0,
        share: 0,
        seconds: null,
      });
    }
    // The next timestamp after each turn, found from the end.
    const nextStart: (number | null)[] = new Array<number | null>(turns.length).fill(null);
    for (let i = turns.length - 2; i >= 0; i--) nextStart[i] = turns[i + 1]!.timeStart ?? nextStart[i + 1] ?? null;
    let words = 0;
    let seconds: number | null = null;
    turns.forEach((t, i) => {
      const s = bySpeaker.get(t.speakerId)!;
      const n = wordCount(docWords, index.table, t.start, t.end);
      s.turns++;
      s.words += n;
      words += n;
      const end = t.timeEnd ?? nextStart[i] ?? null;
      if (t.timeStart !== null && end !== null && end >= t.timeStart) {
        s.seconds = (s.seconds ?? 0) + (end - t.timeStart);
        seconds = (seconds ?? 0) + (end - t.timeStart);
      }
    });
    const speakers = [...bySpeaker.values()].filter((s) => s.turns > 0);
    for (const s of speakers) s.share = words === 0 ? 0 : s.words / words;
    const moderatorWords = speakers.filter((s) => s.role === 'moderator').reduce((a, s) => a + s.words, 0);
    return {
      document: doc.guid,
      name: doc.name,
      turns: turns.length,
      words,
      seconds,
      moderatorShare: words === 0 ? 0 : moderatorWords / words,
      speakers,
    };
  });
}
