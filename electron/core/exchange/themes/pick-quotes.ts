import { Disclosure } from '../../privacy/disclosure.js';
import type { Project } from '../../project.js';
import * as store from '../../store/themes.js';
import { renderAttribution, type AttributionTemplate } from './attribution.js';
import { quoteText } from './quote-text.js';

export interface Quote {
  /** The coding quoted. */
  coding: string;
  document: string;
  text: string;
  attribution: string;
}

export interface QuoteOptions {
  attribution: AttributionTemplate;
  maxChars: number;
  /** Pseudonyms and redactions, when the export asks for them. */
  disclosure?: Disclosure;
}

/** Below this many characters a passage rarely stands on its own as a quote. */
const MIN_CHARS = 80;

interface Attributed {
  candidate: store.CandidateRow;
  personKey: string;
  isParticipant: boolean;
  quote: Quote;
}

/**
 * Chooses and words the quotes of themes across one export, so no passage is quoted twice.
 * Attribute values and speaker turns are read once per owner and span, as they are needed.
 */
export class QuotePicker {
  private readonly used = new Map<number, { start: number; end: number }[]>();
  private readonly attributeCache = new Map<string, ReadonlyMap<string, string>>();

  constructor(
    private readonly project: Project,
    private readonly options: QuoteOptions,
    /** Codings that themes name as their example: kept for those themes, not picked for others. */
    private readonly reserved: ReadonlySet<string> = new Set(),
  ) {}

  /**
   * Up to `count` quotes for a theme: its example coding first when it has one, then the best
   * fitting passages (longest within the limit), spread over focus groups and people: a first
   * pass takes one per group and person, later passages may repeat a group, then a person.
   * Passages where a moderator or observer speaks most are not quoted, unless named as the example.
   */
  pick(rootId: number, exampleCoding: string | null, count: number): Quote[] {
    if (count <= 0) return [];
    const chosen: Attributed[] = [];
    const example = exampleCoding ? store.codingForQuote(this.project.db, exampleCoding) : undefined;
    if (example && !this.overlapsUsed(example)) {
      const a = this.attribute(example);
      if (a) this.take(chosen, a);
    }
    const candidates = this.ordered(rootId, count);
    const groupsUsed = () => new Set(chosen.map((c) => c.candidate.documentId));
    const peopleUsed = () => new Set(chosen.map((c) => c.personKey));
    const passes: ((a: Attributed) => boolean)[] = [
      (a) => !groupsUsed().has(a.candidate.documentId) && !peopleUsed().has(a.personKey),
      (a) => !peopleUsed().has(a.personKey),
      () => true,
    ];
    for (const accept of passes) {
      for (const c of candidates) {
        if (chosen.length >= count) break;
        if (this.reserved.has(c.guid) || this.overlapsUsed(c)) continue;
        const a = this.attribute(c);
        if (a && a.isParticipant && accept(a)) this.take(chosen, a);
      }
    }
    return chosen.map((c) => c.quote);
  }

  /** Candidates best first, alternating between groups so one talkative group does not fill the list. */
  private ordered(rootId: number, count: number): store.CandidateRow[] {
    const rows = store.quoteCandidates(this.project.db, rootId, {
      minLength: MIN_CHARS,
      maxLength: this.options.maxChars,
      perDocument: Math.max(3, count),
    });
    // Rows come by rank then document; within a rank, groups whose best passage is longest go first.
    const bestLength = new Map<number, number>();
    for (const r of rows) if (r.rank === 1) bestLength.set(r.documentId, Math.min(r.end - r.start, this.options.maxChars));
    return rows.sort(
      (a, b) =>
        a.rank - b.rank ||
        (bestLength.get(b.documentId) ?? 0) - (bestLength.get(a.documentId) ?? 0) ||
        a.documentId - b.documentId,
    );
  }

  private take(chosen: Attributed[], a: Attributed): void {
    chosen.push(a);
    const spans = this.used.get(a.candidate.documentId) ?? [];
    spans.push({ start: a.candidate.start, end: a.candidate.end });
    this.used.set(a.candidate.documentId, spans);
  }

  private overlapsUsed(c: store.CandidateRow): boolean {
    return (this.used.get(c.documentId) ?? []).some((u) => u.start < c.end && c.start < u.end);
  }

  /** Who speaks most of the passage, and the passage in their words only. */
  private attribute(c: store.CandidateRow): Attributed | null {
    const turns = store.turnsOverlapping(this.project.db, c.documentId, c.start, c.end);
    const overlap = new Map<number, number>();
    for (const t of turns) {
      const n = Math.min(t.end, c.end) - Math.max(t.start, c.start);
      overlap.set(t.speakerId, (overlap.get(t.speakerId) ?? 0) + n);
    }
    let speakerId: number | undefined;
    for (const [id, n] of overlap) if (speakerId === undefined || n > overlap.get(speakerId)!) speakerId = id;
    if (speakerId === undefined) return null;
    const own = turns.filter((t) => t.speakerId === speakerId);
    const speaker = own[0]!;
    const disclosure = this.options.disclosure ?? Disclosure.NONE;
    // Sliced through the disclosure: pseudonyms and redactions by position in the stored text.
    const text = quoteText(this.project.textOf(c.documentGuid)!, c.start, c.end, own, this.options.maxChars, (a, b) =>
      disclosure.span(c.documentGuid, a, b),
    );
    if (!text) return null;
    const attribution = disclosure.text(renderAttribution(this.options.attribution, {
      participant: speaker.participantLabel ?? speaker.speakerLabel,
      speakerRole: speaker.role,
      document: c.documentName,
      participantAttributes:
        speaker.participantId === null ? new Map() : this.attributes('participant', speaker.participantId),
      documentAttributes: this.attributes('document', c.documentId),
    }));
    return {
      candidate: c,
      personKey: speaker.participantId === null ? `s${speaker.speakerId}` : `p${speaker.participantId}`,
      isParticipant: speaker.role === 'participant',
      quote: { coding: c.guid, document: disclosure.text(c.documentName), text, attribution },
    };
  }

  private attributes(scope: 'participant' | 'document', id: number): ReadonlyMap<string, string> {
    const key = `${scope}:${id}`;
    let values = this.attributeCache.get(key);
    if (!values) {
      values = new Map(store.attributeValuesOf(this.project.db, scope, id).map((v) => [v.name.toLowerCase(), v.value]));
      this.attributeCache.set(key, values);
    }
    return values;
  }
}
