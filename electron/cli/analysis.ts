import path from 'node:path';
import { parseArgs } from 'node:util';
import type { MatrixColumns, MatrixInput } from '../../shared/analysis-compare.js';
import type { FindFilters, SearchHit, SearchSort } from '../../shared/analysis-find.js';
import type { SpeakerRole } from '../../shared/types.js';
import { UsageError, type Cli, type CliCommand } from './cli.js';

// ---------------------------------------------------------------------------------------------
// Finding: chorus query, chorus search

const ROLES: readonly SpeakerRole[] = ['moderator', 'participant', 'observer'];

const FILTER_OPTIONS = {
  document: { type: 'string', multiple: true },
  'speaker-role': { type: 'string', multiple: true },
  participant: { type: 'string', multiple: true },
  attribute: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  csv: { type: 'string' },
  xlsx: { type: 'string' },
  context: { type: 'string' },
  limit: { type: 'string' },
  pseudonymise: { type: 'boolean' },
  'no-redact': { type: 'boolean' },
} as const;

/** `--pseudonymise` and `--no-redact`, for every export that carries text. */
function privacyOf(values: { pseudonymise?: boolean | undefined; 'no-redact'?: boolean | undefined }) {
  return { pseudonymise: values.pseudonymise === true, redact: values['no-redact'] !== true };
}

function whole(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} takes a whole number.`);
  return Number(value);
}

/** Filters from the command line, names looked up through the contract. */
async function filtersFrom(
  cli: Cli,
  values: { document?: string[]; 'speaker-role'?: string[]; participant?: string[]; attribute?: string[]; coder?: string[] },
): Promise<FindFilters> {
  const filters: FindFilters = {};
  if (values.document) {
    const docs = await cli.call('documents.list', {});
    filters.documents = values.document.map((name) => {
      const d = docs.find((x) => x.name.toLowerCase() === name.toLowerCase());
      if (!d) throw new UsageError(`No document is named "${name}" (chorus info PROJECT lists them).`);
      return d.guid;
    });
  }
  if (values['speaker-role']) {
    filters.roles = values['speaker-role'].map((r) => {
      if (!ROLES.includes(r as SpeakerRole)) throw new UsageError(`--speaker-role is moderator, participant or observer, not "${r}".`);
      return r as SpeakerRole;
    });
  }
  if (values.participant) {
    const people = await cli.call('participants.list', {});
    filters.participants = values.participant.map((label) => {
      const p = people.find((x) => x.label.toLowerCase() === label.toLowerCase());
      if (!p) throw new UsageError(`No participant is named "${label}".`);
      return p.guid;
    });
  }
  if (values.attribute) {
    const byName = new Map<string, string[]>();
    for (const a of values.attribute) {
      const eq = a.indexOf('=');
      if (eq <= 0) throw new UsageError(`--attribute takes NAME=VALUE (e.g. Year=PGY2), not "${a}".`);
      const name = a.slice(0, eq).trim();
      byName.set(name, [...(byName.get(name) ?? []), a.slice(eq + 1).trim()]);
    }
    filters.attributes = [...byName].map(([attribute, vals]) => ({ attribute, values: vals }));
  }
  if (values.coder) {
    const coders = await cli.call('team.coders', {});
    filters.coders = values.coder.map((name) => {
      const c = coders.find((x) => x.name.toLowerCase() === name.toLowerCase());
      if (!c) throw new UsageError(`No coder is named "${name}" in this project.`);
      return c.guid;
    });
  }
  return filters;
}

function clock(seconds: number | null): string {
  if (seconds === null) return '';
  const s = Math.floor(seconds);
  return ` ${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

const query: CliCommand = {
  usage: `  query PROJECT --codes QUERY [--speaker-role ROLE] [--document NAME] [--participant NAME]
        [--attribute NAME=VALUE] [--coder NAME] [--context N] [--limit N] [--json]
        [--csv FILE] [--xlsx FILE] [--pseudonymise] [--no-redact]
                                      coded segments for a query over codes and themes:
                                      A AND B (same turn), A OR B, A NOT B, A NEAR/N B (within
                                      N turns), brackets, "names with spaces"; a theme counts
                                      with everything below it. Filters repeat and combine
`,
  async run(cli, args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { ...FILTER_OPTIONS, codes: { type: 'string' }, coder: { type: 'string', multiple: true } },
    });
    if (!values.codes) throw new UsageError('Give the query with --codes, e.g. --codes "Burnout AND \\"peer support\\"".');
    await cli.open(positionals[0]);
    const filters = await filtersFrom(cli, values);
    const contextChars = whole(values.context, '--context');
    const base = { codes: values.codes, filters, context: contextChars ?? ('turn' as const) };
    for (const [format, path] of [
      ['csv', values.csv],
      ['xlsx', values.xlsx],
    ] as const) {
      if (!path) continue;
      const r = await cli.call('export.segments', { ...base, format, path, ...privacyOf(values) });
      cli.out(`Wrote ${r.path}`);
    }
    const result = await cli.call('analysis.query', { ...base, limit: whole(values.limit, '--limit') ?? 1_000_000 });
    if (values.json) return cli.out(JSON.stringify(result, null, 2));
    if (values.csv || values.xlsx) return cli.out(`${result.total} segments`);
    cli.out(`${result.normalized}: ${result.total} segments from ${result.codings} codings in ${result.documents} documents`);
    for (const s of result.segments) {
      const who = s.speakers.map((p) => `${p.label} (${p.role})`).join(', ') || 'no speaker';
      cli.out(`\n${s.document.name}${clock(s.turn.timeStart)}, ${who} [${s.start}–${s.end}] ${s.code.path.join(' > ')}, ${s.coder.name}`);
      cli.out(`  ${oneLine(contextChars === undefined ? s.text : s.context.text)}`);
    }
  },
};

function kwic(hits: SearchHit[], width: number): string[] {
  return hits.map((h) => {
    const left = h.left.length > width ? h.left.slice(h.left.length - width) : h.left;
    const who = h.speaker ? `${h.speaker.label} (${h.speaker.role})` : 'no speaker';
    return `${left.padStart(width)} [${h.keyword}] ${h.right}  — ${who}, ${h.document.name}${clock(h.turn.timeStart)}`;
  });
}

const search: CliCommand = {
  usage: `  search PROJECT TEXT [--participants|--moderators] [--document NAME] [--sort left|right|keyword]
        [--context N] [--limit N] [--json] [--csv FILE] [--xlsx FILE] [--pseudonymise] [--no-redact]
                                      full-text search of what was said, as keyword-in-context
                                      lines: words (stemmed), "a phrase", prefix*, OR, NOT
`,
  async run(cli, args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        ...FILTER_OPTIONS,
        participants: { type: 'boolean' },
        moderators: { type: 'boolean' },
        sort: { type: 'string' },
      },
    });
    const [project, ...words] = positionals;
    if (words.length === 0) throw new UsageError('Give the text to search for, e.g. chorus search P.chorus "peer support".');
    if (values.participants && values.moderators) throw new UsageError('Choose --participants or --moderators, not both.');
    const sort = values.sort ?? 'position';
    if (!['position', 'left', 'right', 'keyword'].includes(sort)) throw new UsageError('--sort is left, right, keyword or position.');
    await cli.open(project);
    const filters = await filtersFrom(cli, values);
    if (values.participants) filters.roles = ['participant'];
    if (values.moderators) filters.roles = ['moderator'];
    const base = { text: words.join(' '), filters, sort: sort as SearchSort, context: whole(values.context, '--context') ?? 50 };
    for (const [format, path] of [
      ['csv', values.csv],
      ['xlsx', values.xlsx],
    ] as const) {
      if (!path) continue;
      const r = await cli.call('export.searchHits', { ...base, format, path, ...privacyOf(values) });
      cli.out(`Wrote ${r.path}`);
    }
    const result = await cli.call('analysis.search', { ...base, limit: whole(values.limit, '--limit') ?? 1_000_000 });
    if (values.json) return cli.out(JSON.stringify(result, null, 2));
    cli.out(`${result.totalExact ? '' : 'at least '}${result.total} hits in ${result.turns} turns`);
    if (values.csv || values.xlsx) return;
    for (const line of kwic(result.hits, base.context)) cli.out(line);
  },
};

// Comparing: chorus matrix
const MATRIX_USAGE = `  matrix PROJECT [--rows codes|themes|all] [--cols documents|speakers|roles|attribute:NAME]
         [--measure codings|participants|words] [--percent row|col] [--csv FILE] [--xlsx FILE] [--json]
         [--pseudonymise] [--no-redact]
                                      a code matrix: codes (or themes, with everything below
                                      them) by focus group, speaker, role or attribute value;
                                      --csv/--xlsx also write it as a table
`;

function matrixColumns(value: string | undefined): MatrixColumns {
  if (value === undefined || value === 'documents') return { kind: 'documents' };
  if (value === 'speakers' || value === 'roles') return { kind: value };
  if (value.startsWith('attribute:') && value.length > 'attribute:'.length) {
    return { kind: 'attribute', attribute: value.slice('attribute:'.length) };
  }
  throw new UsageError(`--cols is documents, speakers, roles or attribute:NAME, not "${value}".`);
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${flag} is ${allowed.join(', ')}, not "${value}".`);
  return value as T;
}

const matrix: CliCommand = {
  usage: MATRIX_USAGE,
  async run(cli, args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        rows: { type: 'string' },
        cols: { type: 'string' },
        measure: { type: 'string' },
        percent: { type: 'string' },
        csv: { type: 'string' },
        xlsx: { type: 'string' },
        json: { type: 'boolean' },
        pseudonymise: { type: 'boolean' },
        'no-redact': { type: 'boolean' },
      },
    });
    const input: MatrixInput = {
      rows: oneOf('rows', values.rows, ['codes', 'themes', 'all'] as const, 'codes'),
      columns: matrixColumns(values.cols),
      measure: oneOf('measure', values.measure, ['codings', 'participants', 'words'] as const, 'codings'),
    };
    const percent = values.percent === undefined ? null : oneOf('percent', values.percent, ['row', 'col'] as const, 'row');
    await cli.open(positionals[0]);
    const m = await cli.call('analysis.matrix', input);
    for (const [format, file] of [['csv', values.csv], ['xlsx', values.xlsx]] as const) {
      if (file === undefined) continue;
      const result = await cli.call('export.analysis', { format, path: path.resolve(file), analysis: { kind: 'matrix', params: input }, ...privacyOf(values) });
      if (!values.json) cli.out(`Wrote ${result.path ?? file}`);
    }
    if (values.json) {
      cli.out(JSON.stringify(m, null, 2));
      return;
    }
    const show = (cell: { value: number; rowPercent: number | null; colPercent: number | null }): string => {
      if (percent === null) return String(cell.value);
      const p = percent === 'row' ? cell.rowPercent : cell.colPercent;
      return p === null ? '–' : `${p.toFixed(1)}%`;
    };
    const header = ['', ...m.columns.map((c) => (c.document ? `${c.label} (${c.document})` : c.label)), 'Total'];
    const lines = [
      header,
      ...m.rows.map((r) => [`${'  '.repeat(r.depth)}${r.name}`, ...r.cells.map(show), String(r.total)]),
      ['Total', ...m.columns.map((c) => String(c.total)), String(m.total)],
    ];
    const widths = header.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
    for (const l of lines) cli.out(l.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd());
    cli.out(`${m.measure}${percent ? `, ${percent === 'row' ? 'row' : 'column'} percentages` : ''}`);
  },
};

/** Finding and comparing: `chorus query`, `chorus search`, `chorus matrix`. */
export const analysisCommands: Readonly<Record<string, CliCommand>> = {
  matrix,
  // Finding: chorus query, chorus search
  query,
  search,
};
