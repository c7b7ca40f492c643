/**
 * Retrieved segments and search hits as tables (`export.segments`, `export.searchHits`), through
 * the one table exporter (exchange/table.ts). A row names its speakers with role and participant,
 * and has one column per participant attribute; a segment with several speakers lists each, most
 * words first, joined with "; ".
 */
import type { FindSpeaker } from '../../../shared/analysis-find.js';
import type { ExportResult } from '../../../shared/types.js';
import { exportTables, type Cell, type Table, type TableColumn, type TableFormat } from '../exchange/table.js';
import type { DisclosureOptions } from '../../../shared/privacy.js';
import { contextWords, Disclosure, discloseTables } from '../privacy/disclosure.js';
import type { Project } from '../project.js';
import { projectTitle } from '../projects/info.js';
import { allValues, listAttributes } from '../store/attributes.js';
import * as store from '../store/analysis-find.js';
import { codeIndex, describeSegments, findSegments, sortSegments, type ParsedQueryInput } from './retrieve.js';
import { describeHit, findHits, sortHits, type ParsedSearchInput } from './search.js';

interface PeopleColumns {
  columns: TableColumn[];
  cells(speakers: readonly FindSpeaker[]): Record<string, Cell>;
}

/** Speaker, role, participant and one column per participant attribute. */
function peopleColumns(project: Project): PeopleColumns {
  const attributes = listAttributes(project.db, 'participant');
  const values = new Map<string, Map<string, string>>();
  for (const v of allValues(project.db, 'participant')) {
    const of = values.get(v.owner) ?? new Map<string, string>();
    of.set(v.attribute, v.value);
    values.set(v.owner, of);
  }
  const join = (xs: string[]) => xs.join('; ');
  return {
    columns: [
      { key: 'speaker', header: 'Speaker', width: 18 },
      { key: 'role', header: 'Role', width: 12 },
      { key: 'participant', header: 'Participant', width: 16 },
      ...attributes.map((a, i) => ({ key: `attr${i}`, header: a.name, width: 14 })),
    ],
    cells: (speakers) => {
      const row: Record<string, Cell> = {
        speaker: join(speakers.map((s) => s.label)),
        role: join(speakers.map((s) => s.role)),
        participant: join(speakers.map((s) => s.participant?.label ?? '')),
      };
      attributes.forEach((a, i) => {
        row[`attr${i}`] = join(speakers.map((s) => (s.participant ? (values.get(s.participant.guid)?.get(a.guid) ?? '') : '')));
      });
      return row;
    },
  };
}

/** Seconds as h:mm:ss, the way transcripts write times. */
export function clock(seconds: number | null): string {
  if (seconds === null) return '';
  const s = Math.floor(seconds);
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  return `${hh}:${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}`;
}

export async function exportSegments(
  project: Project,
  input: Omit<ParsedQueryInput, 'limit'> & { format: TableFormat; path?: string | undefined } & DisclosureOptions,
): Promise<ExportResult> {
  const disclosure = Disclosure.of(project, input);
  const { scope, segments } = findSegments(project, { ...input, limit: Number.MAX_SAFE_INTEGER });
  const index = codeIndex(store.codeTree(project.db));
  const rows = describeSegments(project, sortSegments(segments, scope, index), scope, index, input.context);
  const people = peopleColumns(project);
  const table: Table = {
    name: 'Segments',
    columns: [
      { key: 'document', header: 'Document', width: 24 },
      ...people.columns,
      { key: 'code', header: 'Code path', width: 30 },
      { key: 'coder', header: 'Coder', width: 16 },
      { key: 'time', header: 'Time', width: 9 },
      { key: 'start', header: 'Start' },
      { key: 'end', header: 'End' },
      { key: 'text', header: 'Text', width: 60 },
    ],
    rows: rows.map((s) => ({
      document: s.document.name,
      ...people.cells(s.speakers),
      code: s.code.path.join(' > '),
      coder: s.coder.name,
      time: clock(s.turn.timeStart),
      start: s.start,
      end: s.end,
      text: disclosure.active ? disclosure.span(s.document.guid, s.start, s.end) : s.text,
    })),
  };
  return exportTables(discloseTables([table], disclosure), input.format, {
    title: disclosure.text(projectTitle(project)),
    what: 'segments',
    path: input.path,
  });
}

export async function exportSearchHits(
  project: Project,
  input: Omit<ParsedSearchInput, 'limit' | 'offset'> & { format: TableFormat; path?: string | undefined } & DisclosureOptions,
): Promise<ExportResult> {
  const disclosure = Disclosure.of(project, input);
  const { scope, hits } = findHits(project, input.text, input.filters);
  const lines = sortHits(
    hits.map((h) => describeHit(scope, h, input.context)),
    input.sort,
  );
  const people = peopleColumns(project);
  const table: Table = {
    name: 'Search hits',
    columns: [
      { key: 'document', header: 'Document', width: 24 },
      ...people.columns,
      { key: 'time', header: 'Time', width: 9 },
      { key: 'start', header: 'Start' },
      { key: 'end', header: 'End' },
      { key: 'left', header: 'Before', width: 40 },
      { key: 'keyword', header: 'Keyword', width: 16 },
      { key: 'right', header: 'After', width: 40 },
    ],
    rows: lines.map((h) => ({
      document: h.document.name,
      ...people.cells(h.speaker ? [h.speaker] : []),
      time: clock(h.turn.timeStart),
      start: h.start,
      end: h.end,
      ...(disclosure.active
        ? {
            // Rebuilt from the disclosed text around the hit, so a redaction next to it stays black.
            left: contextWords(disclosure.span(h.document.guid, Math.max(0, h.start - 1_000), h.start), h.left, 'left'),
            keyword: disclosure.span(h.document.guid, h.start, h.end),
            right: contextWords(disclosure.span(h.document.guid, h.end, h.end + 1_000), h.right, 'right'),
          }
        : { left: h.left, keyword: h.keyword, right: h.right }),
    })),
  };
  return exportTables(discloseTables([table], disclosure), input.format, {
    title: disclosure.text(projectTitle(project)),
    what: 'search hits',
    path: input.path,
  });
}
