/**
 * Who a coding is attributed to, for every count of people (`codes.stats`, `themes.prevalence`):
 * the speakers of the turns it overlaps (any overlap counts, as in codings/service.ts), of whom
 * only participant-role speakers count — a moderator's or observer's words are nobody's data.
 * A speaker mapped to a participant counts as that participant, across groups; one not mapped
 * counts on its own, once per group (a speaker belongs to one document).
 */

/**
 * SQL condition for `turns t` overlapping the span row `span` (document_id, start, end). Turns do
 * not overlap one another, so none that starts before the last turn starting at or before the
 * span can reach into it: that bound makes the join two index seeks per coding instead of a scan
 * of the document's turns. Join with CROSS JOIN so that SQLite keeps codings as the outer loop.
 */
export const OVERLAPPING_TURN = (span: string): string => `
  t.document_id = ${span}.document_id
  AND t.start >= coalesce((SELECT max(t0.start) FROM turns t0
                           WHERE t0.document_id = ${span}.document_id AND t0.start <= ${span}.start), 0)
  AND t.start < ${span}.end AND t.end > ${span}.start`;

/** SQL join of the counted speaker `s` of turn `t`. */
export const COUNTED_SPEAKER = `JOIN speakers s ON s.id = t.speaker_id AND s.role = 'participant'`;

/** SQL expression naming the person speaker `s` counts as. */
export const PERSON_OF_SPEAKER = `coalesce('p' || s.participant_id, 's' || s.id)`;
