/**
 * Every comparison as tables for `export.analysis`: the analysis is run with the same parameters
 * as on screen, then laid out as rows and written by exchange/table.ts (CSV: the first table;
 * a workbook: all of them).
 */
import {
  CooccurrenceInput,
  DistinctiveInput,
  MatrixInput,
  SimilarInput,
  TalkTimeInput,
  VoiceInput,
  WordsInput,
} from '../../../shared/analysis-compare.js';
import type { OpParsed } from '../../../shared/api.js';
import type { ExportResult } from '../../../shared/types.js';
import { exportTables, type Table } from '../exchange/table.js';
import { Disclosure, discloseTables } from '../privacy/disclosure.js';
import type { Project } from '../project.js';
import { projectTitle } from '../projects/info.js';
import { cooccurrence } from './cooccurrence.js';
import { codeMatrix } from './matrix.js';
import { similarPassages } from './similar.js';
import { talkTime, voice } from './voice.js';
import { distinctiveWords, wordFrequencies } from './words.js';

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;
const pct = (x: number | null) => (x === null ? null : round(x, 2));

export function analysisTables(
  project: Project,
  analysis: OpParsed<'export.analysis'>['analysis'],
  disclosure: Disclosure = Disclosure.NONE,
): { what: string; tables: Table[] } {
  switch (analysis.kind) {
    case 'words': {
      const r = wordFrequencies(project, WordsInput.parse(analysis.params));
      return {
        what: 'word frequencies',
        tables: [
          {
            name: 'Words',
            columns: [
              { key: 'word', header: 'Word', width: 20 },
              { key: 'count', header: 'Count' },
              { key: 'share', header: 'Share (%)' },
              { key: 'documents', header: 'Documents' },
              { key: 'speakers', header: 'Speakers' },
              { key: 'forms', header: 'Forms grouped', width: 40 },
            ],
            rows: r.words.map((w) => ({
              word: w.word,
              count: w.count,
              share: round(100 * w.share, 2),
              documents: w.documents,
              speakers: w.speakers,
              forms: w.forms.map((f) => `${f.form} (${f.count})`).join(', '),
            })),
          },
        ],
      };
    }
    case 'distinctive': {
      const r = distinctiveWords(project, DistinctiveInput.parse(analysis.params));
      return {
        what: 'distinctive words',
        tables: [
          {
            name: 'Distinctive words',
            columns: [
              { key: 'word', header: 'Word', width: 20 },
              { key: 'count', header: `Count in ${r.scope}` },
              { key: 'referenceCount', header: `Count in ${r.against}` },
              { key: 'rate', header: 'Per 1,000 words' },
              { key: 'referenceRate', header: 'Per 1,000 words (reference)' },
              { key: 'logLikelihood', header: 'Log-likelihood (G²)' },
              { key: 'logRatio', header: 'Log ratio' },
              { key: 'direction', header: 'Used' },
            ],
            rows: r.words.map((w) => ({
              word: w.word,
              count: w.count,
              referenceCount: w.referenceCount,
              rate: round(w.rate, 3),
              referenceRate: round(w.referenceRate, 3),
              logLikelihood: round(w.logLikelihood, 3),
              logRatio: round(w.logRatio, 3),
              direction: w.direction === 'over' ? 'more' : 'less',
            })),
          },
        ],
      };
    }
    case 'matrix': {
      const m = codeMatrix(project, MatrixInput.parse(analysis.params));
      const columns = [
        { key: 'row', header: 'Code', width: 30 },
        ...m.columns.map((c, i) => ({ key: `c${i}`, header: c.document ? `${c.label} (${c.document})` : c.label })),
        { key: 'total', header: 'Total' },
      ];
      const table = (name: string, cell: (r: (typeof m.rows)[number], i: number) => number | null): Table => ({
        name,
        columns,
        rows: [
          ...m.rows.map((r) => ({
            row: `${'  '.repeat(r.depth)}${r.name}`,
            ...Object.fromEntries(m.columns.map((_, i) => [`c${i}`, cell(r, i)])),
            total: r.total,
          })),
          { row: 'Total', ...Object.fromEntries(m.columns.map((c, i) => [`c${i}`, c.total])), total: m.total },
        ],
      });
      return {
        what: `matrix of ${m.measure}`,
        tables: [
          table(`Matrix (${m.measure})`, (r, i) => r.cells[i]!.value),
          table('Row percentages', (r, i) => pct(r.cells[i]!.rowPercent)),
          table('Column percentages', (r, i) => pct(r.cells[i]!.colPercent)),
        ],
      };
    }
    case 'cooccurrence': {
      const r = cooccurrence(project, CooccurrenceInput.parse(analysis.params));
      return {
        what: 'co-occurrence',
        tables: [
          {
            name: 'Co-occurring codes',
            columns: [
              { key: 'a', header: 'Code A', width: 30 },
              { key: 'b', header: 'Code B', width: 30 },
              { key: 'count', header: r.mode === 'overlap' ? 'Overlapping passages' : 'Turns' },
              { key: 'jaccard', header: 'Jaccard' },
            ],
            rows: r.pairs.map((p) => ({ a: p.aName, b: p.bName, count: p.count, jaccard: round(p.jaccard) })),
          },
          {
            name: 'Codes',
            columns: [
              { key: 'name', header: 'Code', width: 30 },
              { key: 'units', header: r.mode === 'overlap' ? 'Codings' : 'Turns' },
            ],
            rows: r.nodes.map((n) => ({ name: n.name, units: n.units })),
          },
        ],
      };
    }
    case 'voice': {
      const r = voice(project, VoiceInput.parse(analysis.params));
      return {
        what: 'voice',
        tables: [
          {
            name: 'Voice',
            columns: [
              { key: 'name', header: 'Code', width: 30 },
              { key: 'codings', header: 'Codings' },
              { key: 'groups', header: 'Groups' },
              { key: 'participants', header: 'Participants' },
              { key: 'words', header: 'Participant words' },
              { key: 'top', header: 'Most words', width: 20 },
              { key: 'topShare', header: 'Their share (%)' },
              { key: 'dominated', header: `One voice over ${round(100 * r.threshold, 1)} %` },
            ],
            rows: r.codes.map((c) => ({
              name: `${'  '.repeat(c.depth)}${c.name}`,
              codings: c.codings,
              groups: c.groups,
              participants: c.participants,
              words: c.words,
              top: c.shares[0]?.label ?? null,
              topShare: c.shares[0] ? round(100 * c.shares[0].share, 2) : null,
              dominated: c.dominant !== null,
            })),
          },
          {
            name: 'Shares',
            columns: [
              { key: 'code', header: 'Code', width: 30 },
              { key: 'person', header: 'Participant', width: 20 },
              { key: 'words', header: 'Words' },
              { key: 'share', header: 'Share (%)' },
            ],
            rows: r.codes.flatMap((c) =>
              c.shares.map((s) => ({ code: c.name, person: s.document ? `${s.label} (${s.document})` : s.label, words: s.words, share: round(100 * s.share, 2) })),
            ),
          },
        ],
      };
    }
    case 'talkTime': {
      const groups = talkTime(project, TalkTimeInput.parse(analysis.params));
      return {
        what: 'talk time',
        tables: [
          {
            name: 'Talk time',
            columns: [
              { key: 'group', header: 'Focus group', width: 24 },
              { key: 'speaker', header: 'Speaker', width: 20 },
              { key: 'role', header: 'Role' },
              { key: 'participant', header: 'Participant' },
              { key: 'turns', header: 'Turns' },
              { key: 'words', header: 'Words' },
              { key: 'share', header: 'Share of words (%)' },
              { key: 'seconds', header: 'Seconds' },
            ],
            rows: groups.flatMap((g) =>
              g.speakers.map((s) => ({
                group: g.name,
                speaker: s.label,
                role: s.role,
                participant: s.participantLabel,
                turns: s.turns,
                words: s.words,
                share: round(100 * s.share, 2),
                seconds: s.seconds === null ? null : round(s.seconds, 1),
              })),
            ),
          },
          {
            name: 'Groups',
            columns: [
              { key: 'group', header: 'Focus group', width: 24 },
              { key: 'turns', header: 'Turns' },
              { key: 'words', header: 'Words' },
              { key: 'seconds', header: 'Seconds' },
              { key: 'moderator', header: 'Moderator share (%)' },
            ],
            rows: groups.map((g) => ({
              group: g.name,
              turns: g.turns,
              words: g.words,
              seconds: g.seconds === null ? null : round(g.seconds, 1),
              moderator: round(100 * g.moderatorShare, 2),
            })),
          },
        ],
      };
    }
    case 'similar': {
      const rows = similarPassages(project, SimilarInput.parse(analysis.params));
      return {
        what: 'similar passages',
        tables: [
          {
            name: 'Similar passages',
            columns: [
              { key: 'document', header: 'Document', width: 24 },
              { key: 'start', header: 'Start' },
              { key: 'end', header: 'End' },
              { key: 'speaker', header: 'Speaker' },
              { key: 'score', header: 'Similarity' },
              { key: 'text', header: 'Passage', width: 60 },
              { key: 'nearest', header: 'Nearest coded passage', width: 60 },
            ],
            rows: rows.map((s) => ({
              document: s.documentName,
              start: s.start,
              end: s.end,
              speaker: s.speaker,
              score: round(s.score),
              text: disclosure.active ? disclosure.span(s.document, s.start, s.end) : s.text,
              nearest: s.nearest.text,
            })),
          },
        ],
      };
    }
  }
}

export function exportAnalysis(project: Project, input: OpParsed<'export.analysis'>): Promise<ExportResult> {
  const disclosure = Disclosure.of(project, input);
  const { what, tables } = analysisTables(project, input.analysis, disclosure);
  return exportTables(discloseTables(tables, disclosure), input.format, { title: disclosure.text(projectTitle(project)), what, path: input.path });
}
