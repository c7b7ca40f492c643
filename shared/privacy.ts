/**
 * Types and input schemas of privacy (`api-privacy.ts`): the project's list of real names and
 * their pseudonyms, proposals for it, and redacted passages.
 */
import { z } from 'zod';

export const PSEUDONYM_CATEGORIES = ['person', 'place', 'organisation', 'other'] as const;
export type PseudonymCategory = (typeof PSEUDONYM_CATEGORIES)[number];

export interface Pseudonym {
  guid: string;
  realName: string;
  pseudonym: string;
  category: PseudonymCategory;
  createdBy: string;
  createdAt: string;
}

/** A name Chorus found that is not on the list yet, with a pseudonym to accept or change. */
export interface PseudonymProposal {
  realName: string;
  pseudonym: string;
  category: PseudonymCategory;
  /** A speaker's label, or words found in the text. */
  source: 'speaker' | 'text';
  /** How often the name occurs in the transcripts (as a whole word, any case). */
  count: number;
  /** The documents it occurs in (names), in project order. */
  documents: string[];
  /** The first place it was seen, a few words either side. */
  example: string;
}

export interface Redaction {
  guid: string;
  document: string;
  start: number;
  end: number;
  /** The passage as stored (shown in the app only; exports black it out). */
  text: string;
  createdBy: string;
  createdAt: string;
}

const nameText = (what: string) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').trim().replace(/\s+/g, ' '))
    .pipe(z.string().min(1, `${what} cannot be empty.`).max(200, `${what} can have at most 200 characters.`));

export const realName = nameText('A real name');
export const pseudonymText = nameText('A pseudonym');
export const pseudonymCategory = z.enum(PSEUDONYM_CATEGORIES);

/**
 * The options every export that carries text takes. `pseudonymise` writes every real name on the
 * list as its pseudonym; `redact` (default true) blacks out the redacted passages. Without
 * pseudonyms chosen and without redactions, an export is exactly what it was before.
 */
export const disclosureOptions = {
  pseudonymise: z.boolean().optional(),
  redact: z.boolean().optional(),
};
export interface DisclosureOptions {
  pseudonymise?: boolean | undefined;
  redact?: boolean | undefined;
}
