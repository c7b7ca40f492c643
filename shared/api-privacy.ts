/**
 * The contract for privacy: the project's list of real names and their pseudonyms, and the
 * passages redacted in every export. Joined into the one table in `api.ts`.
 *
 * The stored text never changes. What an export writes is decided in one place,
 * `shared/disclose.ts`: exports that carry text take `pseudonymise` (real names on the list become
 * their pseudonyms) and `redact` (default true: redacted passages are blacked out).
 */
import { z } from 'zod';
import { command, guid, offset, query } from './api-kit.js';
import { pseudonymCategory, pseudonymText, realName, type Pseudonym, type PseudonymProposal, type Redaction } from './privacy.js';

const PRIVACY_WRITE = ['privacy', 'history'] as const;

export const privacyApi = {
  /** The list of real names and their pseudonyms, by real name. */
  'privacy.pseudonyms': query<Pseudonym[]>()(z.object({})),
  /**
   * Adds real names to the list (one, or several accepted proposals at once: one undo step). A
   * real name is on the list once, compared without case (CONFLICT); a pseudonym may not itself
   * be, or contain, a real name on the list (INVALID_INPUT), else pseudonymising would write one.
   */
  'privacy.addPseudonyms': command<Pseudonym[]>(PRIVACY_WRITE)(
    z.object({
      entries: z
        .array(z.object({ realName, pseudonym: pseudonymText, category: pseudonymCategory.default('person') }))
        .min(1, 'Give at least one name.')
        .max(5_000),
    }),
  ),
  /** Changes an entry's real name, pseudonym or category; the same rules as adding. */
  'privacy.updatePseudonym': command<Pseudonym>(PRIVACY_WRITE)(
    z.object({ pseudonym: guid, realName: realName.optional(), pseudonymText: pseudonymText.optional(), category: pseudonymCategory.optional() }),
  ),
  'privacy.removePseudonym': command<{ removed: string }>(PRIVACY_WRITE)(z.object({ pseudonym: guid })),
  /**
   * Names not on the list yet: speakers' labels that are names (not "Moderator", "P3", "Speaker 2"),
   * with a title such as "Dr." left off and the first and last names on their own as well, and
   * capitalised words that recur in the text where a sentence does not start, as people, places
   * ("St.", "Street") or organisations ("Hospital", "Clinic"). Each with a suggested pseudonym, how
   * often it occurs and where.
   */
  'privacy.propose': query<PseudonymProposal[]>()(z.object({})),

  /** Redacted passages, of one document or of the whole project, in text order. */
  'privacy.redactions': query<Redaction[]>()(z.object({ document: guid.optional() })),
  /**
   * Blacks out a passage in every export (the stored text stays). A passage overlapping or
   * touching redactions already there becomes one redaction with them.
   */
  'privacy.redact': command<Redaction>(PRIVACY_WRITE)(
    z
      .object({ document: guid, start: offset, end: offset })
      .refine((v) => v.end > v.start, { message: 'A redaction must cover at least one character.' }),
  ),
  'privacy.unredact': command<{ removed: string }>(PRIVACY_WRITE)(z.object({ redaction: guid })),
} as const;
