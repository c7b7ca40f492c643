import { ChorusError, ErrorCode } from '../../../../shared/errors.js';
import type { SpeakerRole } from '../../../../shared/types.js';

/**
 * How a quote is attributed in the manuscript, from a template:
 *
 * - `{participant}`: the participant's label, which is their pseudonym. A speaker mapped to a
 *   participant is always named by the participant, never by the label the transcript used
 *   (that may be a real first name); an unmapped speaker can only be named by that label.
 * - `{role}`: the participant's attribute named "role" when they have one (Resident, Nurse, ...),
 *   else the speaker's role in the group (Participant, Moderator).
 * - `{document}`: the focus group's name.
 * - `{attribute:NAME}`: the participant's attribute NAME, else the focus group's (names compared
 *   without case), e.g. `{attribute:Year of training}` or `{attribute:site}`.
 *
 * A placeholder without a value is left out with the separator or brackets it leaves behind, so
 * `{participant}, {attribute:site}` reads "Maya" when Maya has no site, and
 * `{participant} ({attribute:role}), {document}` reads "Maya, Focus group 1" when she has no role.
 */
export const DEFAULT_ATTRIBUTION = '{role}, {document}';

export interface AttributionSource {
  participant: string;
  speakerRole: SpeakerRole;
  document: string;
  participantAttributes: ReadonlyMap<string, string>;
  documentAttributes: ReadonlyMap<string, string>;
}

type Part = { text: string } | { field: 'participant' | 'role' | 'document' } | { attribute: string };
/** A parsed template: literal text and placeholders in order. */
export type AttributionTemplate = Part[];

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Parses a template; an unknown placeholder is an input error naming it. */
export function parseAttribution(template: string): AttributionTemplate {
  const parts: Part[] = [];
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    if (m.index > last) parts.push({ text: template.slice(last, m.index) });
    const inner = m[1]!.trim();
    const attribute = /^attribute\s*:\s*(.+)$/i.exec(inner);
    if (attribute) parts.push({ attribute: attribute[1]!.trim().toLowerCase() });
    else if (inner === 'participant' || inner === 'role' || inner === 'document') parts.push({ field: inner });
    else {
      throw new ChorusError(
        ErrorCode.INVALID_INPUT,
        `The attribution template has an unknown placeholder {${m[1]}}: use {participant}, {role}, {document} or {attribute:NAME}.`,
      );
    }
    last = m.index + m[0].length;
  }
  if (last < template.length) parts.push({ text: template.slice(last) });
  return parts;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function valueOf(part: Exclude<Part, { text: string }>, src: AttributionSource): string {
  if ('attribute' in part) {
    return src.participantAttributes.get(part.attribute) ?? src.documentAttributes.get(part.attribute) ?? '';
  }
  switch (part.field) {
    case 'participant':
      return src.participant;
    case 'document':
      return src.document;
    case 'role':
      return src.participantAttributes.get('role') ?? capitalise(src.speakerRole);
  }
}

/** Separators left dangling by empty values: "Cy (), , Group B" reads "Cy, Group B". */
function tidy(s: string): string {
  return s
    .replace(/\(\s*\)|\[\s*\]/g, '')
    .replace(/\s+([,;:)\]])/g, '$1')
    .replace(/([,;:·—–])(\s*[,;:·—–])+/g, '$1')
    .replace(/^[\s,;:·—–-]+|[\s,;:·—–-]+$/g, '')
    .replace(/\s+/g, ' ');
}

export function renderAttribution(parts: AttributionTemplate, src: AttributionSource): string {
  return tidy(parts.map((p) => ('text' in p ? p.text : valueOf(p, src).trim())).join(''));
}
