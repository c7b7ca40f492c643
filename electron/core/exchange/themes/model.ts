import type { ThemePrevalence } from '../../../../shared/themes.js';
import type { ThemeStatus } from '../../../../shared/types.js';
import { Disclosure } from '../../privacy/disclosure.js';
import type { Project } from '../../project.js';
import { projectTitle } from '../../projects/info.js';
import { projectPhase } from '../../store/memos.js';
import * as store from '../../store/themes.js';
import { prevalenceSentence, themePrevalence } from '../../themes/prevalence.js';
import { DEFAULT_ATTRIBUTION, parseAttribution } from './attribution.js';
import { QuotePicker, type Quote } from './pick-quotes.js';

/**
 * What the manuscript summary of the themes holds, decided once for every format (Markdown,
 * Word): the renderers only lay it out.
 */
export interface ThemesSummary {
  title: string;
  exportedAt: string;
  /** Braun & Clarke's phase the analysis is in (1–6). */
  phase: number;
  totalDocuments: number;
  themes: ThemeSection[];
  codebook: CodebookRow[];
}

export interface ThemeSection {
  guid: string;
  name: string;
  status: ThemeStatus | null;
  centralConcept: string;
  definition: string;
  /** "in 3 of 4 focus groups, 9 participants" */
  prevalence: string;
  codings: number;
  quotes: Quote[];
  /** The codes the theme (or subtheme) groups directly, outside its subthemes. */
  codes: { name: string; codings: number }[];
  subthemes: ThemeSection[];
}

export interface CodebookRow {
  name: string;
  /** The themes the code sits in, outermost first ("Theme › Subtheme"), or '' for none. */
  theme: string;
  definition: string;
  inclusion: string;
  exclusion: string;
  codings: number;
  documents: number;
  /** Depth below the nearest theme (or the top): a code's subcodes are indented under it. */
  depth: number;
}

export interface SummaryOptions {
  attribution?: string;
  exemplars?: { perTheme?: number; perSubtheme?: number; maxChars?: number };
  /** Pseudonyms and redactions: every text of the summary passes through it. */
  disclosure?: Disclosure;
}

/** Braun & Clarke's six phases of reflexive thematic analysis, by number. */
export const PHASE_NAMES: Record<number, string> = {
  1: 'familiarisation',
  2: 'generating codes',
  3: 'constructing themes',
  4: 'reviewing themes',
  5: 'defining and naming themes',
  6: 'writing up',
};

export const STATUS_NAMES: Record<ThemeStatus, string> = {
  candidate: 'Candidate theme',
  reviewed: 'Reviewed theme',
  defined: 'Defined theme',
};

/** "Exported 2026-03-01 · phase 3 of 6 (constructing themes) · 4 themes" */
export function summaryLine(s: ThemesSummary): string {
  const n = s.themes.length;
  return `Exported ${s.exportedAt.slice(0, 10)} · phase ${s.phase} of 6 (${PHASE_NAMES[s.phase] ?? 'unknown'}) · ${n} theme${n === 1 ? '' : 's'}`;
}

/** "Candidate theme · in 3 of 4 focus groups, 9 participants · 24 codings" */
export function themeLine(t: ThemeSection, subtheme: boolean): string {
  const kind = t.status ? STATUS_NAMES[t.status] : 'Theme';
  return `${subtheme ? kind.replace(/theme$/, 'subtheme') : kind} · ${t.prevalence} · ${t.codings} coding${t.codings === 1 ? '' : 's'}`;
}

export const DEFAULT_QUOTES_PER_THEME = 3;
export const DEFAULT_QUOTES_PER_SUBTHEME = 1;
export const DEFAULT_QUOTE_CHARS = 400;

export function buildThemesSummary(project: Project, options: SummaryOptions = {}): ThemesSummary {
  const { db } = project;
  const attribution = parseAttribution(options.attribution ?? DEFAULT_ATTRIBUTION);
  const perTheme = options.exemplars?.perTheme ?? DEFAULT_QUOTES_PER_THEME;
  const perSubtheme = options.exemplars?.perSubtheme ?? DEFAULT_QUOTES_PER_SUBTHEME;
  const maxChars = options.exemplars?.maxChars ?? DEFAULT_QUOTE_CHARS;

  const rows = store.codeTree(db);
  const children = new Map<number | null, store.TreeCodeRow[]>();
  for (const r of rows) {
    const list = children.get(r.parentId) ?? [];
    list.push(r);
    children.set(r.parentId, list);
  }
  const prevalence = new Map<string, ThemePrevalence>(themePrevalence(project).map((p) => [p.theme, p]));
  const reserved = new Set(rows.flatMap((r) => (r.kind === 'theme' && r.exampleCoding ? [r.exampleCoding] : [])));
  const d = options.disclosure ?? Disclosure.NONE;
  const picker = new QuotePicker(project, { attribution, maxChars, disclosure: d }, reserved);

  /** Codes under a theme outside its subthemes, flattened in tree order. */
  const codesOf = (id: number): ThemeSection['codes'] =>
    (children.get(id) ?? []).flatMap((c) =>
      c.kind === 'theme' ? [] : [{ name: d.text(c.name), codings: c.codings }, ...codesOf(c.id)],
    );
  const section = (r: store.TreeCodeRow, quotes: number): ThemeSection => {
    const p = prevalence.get(r.guid)!;
    return {
      guid: r.guid,
      name: d.text(r.name),
      status: r.status,
      centralConcept: d.text(r.centralConcept),
      definition: d.text(r.definition),
      prevalence: prevalenceSentence(p),
      codings: p.codings,
      quotes: picker.pick(r.id, r.exampleCoding, quotes),
      codes: codesOf(r.id),
      subthemes: subthemesOf(r.id).map((s) => section(s, perSubtheme)),
    };
  };
  /** The nearest themes below a node (the top when null), looking through codes that group codes. */
  const subthemesOf = (id: number | null): store.TreeCodeRow[] =>
    (children.get(id) ?? []).flatMap((c) => (c.kind === 'theme' ? [c] : subthemesOf(c.id)));

  const codebook: CodebookRow[] = [];
  const walk = (parent: number | null, themes: string[], depth: number) => {
    for (const c of children.get(parent) ?? []) {
      if (c.kind === 'theme') {
        walk(c.id, [...themes, d.text(c.name)], 0);
        continue;
      }
      codebook.push({
        name: d.text(c.name),
        theme: themes.join(' › '),
        definition: d.text(c.definition),
        inclusion: d.text(c.inclusion),
        exclusion: d.text(c.exclusion),
        codings: c.codings,
        documents: c.documents,
        depth,
      });
      walk(c.id, themes, depth + 1);
    }
  };
  walk(null, [], 0);

  return {
    title: d.text(projectTitle(project)),
    exportedAt: project.env.now(),
    phase: projectPhase(db),
    totalDocuments: store.documentCount(db),
    themes: subthemesOf(null).map((t) => section(t, perTheme)),
    codebook,
  };
}
