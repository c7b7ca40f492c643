/**
 * An export's view of the project's privacy decisions: built once per export from the list of
 * pseudonyms and the redactions, it hands every exporter the text that may leave the app, through
 * the one transformer in `shared/disclose.ts`.
 */
import {
  disclose,
  disclosedSlice,
  NameMatcher,
  phrasePattern,
  phraseSpans,
  type Disclosed,
  type TextSpan,
} from '../../../shared/disclose.js';
import type { DisclosureOptions } from '../../../shared/privacy.js';
import type { Table } from '../exchange/table.js';
import type { Project } from '../project.js';
import * as store from '../store/privacy.js';

export class Disclosure {
  /** False when the export is written exactly as before: nothing to pseudonymise or black out. */
  readonly active: boolean;
  private readonly names: NameMatcher | null;
  private readonly redactions = new Map<string, TextSpan[]>();
  private readonly phrases: RegExp[] = [];
  private readonly documents = new Map<string, Disclosed>();

  private constructor(
    private readonly project: Project | null,
    options: DisclosureOptions,
  ) {
    const db = project?.db;
    const rules = options.pseudonymise && db ? store.listPseudonyms(db) : [];
    this.names = rules.length ? new NameMatcher(rules) : null;
    if (options.redact !== false && db && project) {
      for (const r of store.allRedactions(db)) {
        const list = this.redactions.get(r.documentGuid) ?? [];
        list.push({ start: r.start, end: r.end });
        this.redactions.set(r.documentGuid, list);
        const pattern = phrasePattern(project.textOf(r.documentGuid)!.slice(r.start, r.end));
        if (pattern) this.phrases.push(pattern);
      }
    }
    this.active = this.names !== null || this.redactions.size > 0;
  }

  static of(project: Project, options: DisclosureOptions = {}): Disclosure {
    return new Disclosure(project, options);
  }

  /** Writes everything as it is stored. */
  static readonly NONE = new Disclosure(null, {});

  /** A document's whole text as it may leave the app, with the map from stored offsets. */
  document(guid: string): Disclosed {
    let d = this.documents.get(guid);
    if (!d) {
      d = disclose(this.project!.textOf(guid)!, { names: this.names, redactions: this.redactions.get(guid) ?? [] });
      this.documents.set(guid, d);
    }
    return d;
  }

  /** The passage `[start, end)` of a document as it may leave the app. */
  span(guid: string, start: number, end: number): string {
    if (!this.active) return this.project!.textOf(guid)!.slice(start, end);
    return disclosedSlice(this.document(guid), start, end);
  }

  /**
   * Text not tied to a position: names, labels, definitions, memos, attribute values. Real names
   * become pseudonyms, and a verbatim copy of a redacted passage (a memo quoting it) is blacked out.
   */
  text(s: string): string {
    if (!this.active || s === '') return s;
    return disclose(s, { names: this.names, redactions: phraseSpans(s, this.phrases) }).text;
  }
}

/** A code's words as they may leave the app (the codebook export, REFI-QDA's descriptions). */
export function discloseCode<C extends { name: string; definition: string; inclusion: string; exclusion: string; example: string; centralConcept?: string }>(
  d: Disclosure,
  c: C,
): C {
  if (!d.active) return c;
  return {
    ...c,
    name: d.text(c.name),
    definition: d.text(c.definition),
    inclusion: d.text(c.inclusion),
    exclusion: d.text(c.exclusion),
    example: d.text(c.example),
    ...(c.centralConcept !== undefined ? { centralConcept: d.text(c.centralConcept) } : {}),
  };
}

/**
 * Tables as they may leave the app: every header and text cell through `Disclosure.text`. Cells
 * that quote a document (a segment's text) are disclosed by position first, by their exporter.
 */
export function discloseTables(tables: readonly Table[], d: Disclosure): Table[] {
  if (!d.active) return [...tables];
  return tables.map((t) => ({
    name: d.text(t.name),
    columns: t.columns.map((c) => ({ ...c, header: d.text(c.header) })),
    rows: t.rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' ? d.text(v) : v]))),
  }));
}

/**
 * The last (`side` 'left') or first ('right') words of `disclosed`, as many as `original` has: a
 * keyword-in-context line rebuilt from the disclosed text, so a redaction beside the keyword is
 * blacked out by position, not only when quoted whole.
 */
export function contextWords(disclosed: string, original: string, side: 'left' | 'right'): string {
  const n = original.split(/\s+/u).filter(Boolean).length;
  if (n === 0) return '';
  const words = disclosed.split(/\s+/u).filter(Boolean);
  return (side === 'left' ? words.slice(-n) : words.slice(0, n)).join(' ');
}
