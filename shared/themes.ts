/**
 * What crosses the contract about themes: their prevalence across focus groups and participants,
 * and the result of exporting the manuscript summary.
 */
import type { ExportResult } from './types.js';

/** A focus group (document) where a theme's codings fall. */
export interface PrevalenceGroup {
  guid: string;
  name: string;
  codings: number;
}

/**
 * A person a theme's codings are attributed to. Mapped speakers count as their participant
 * (`guid` is the participant's, `label` the pseudonym), across groups. A speaker with the
 * participant role but no participant counts on their own, once per group (`guid` null,
 * `label` as written), since Chorus never assumes two groups' "P1" are one person.
 */
export interface PrevalencePerson {
  guid: string | null;
  label: string;
  codings: number;
}

export interface ThemePrevalence {
  /** The theme's (or code's) guid. */
  theme: string;
  name: string;
  kind: 'code' | 'theme';
  /** Codings of the theme and of every code and subtheme below it. */
  codings: number;
  documents: PrevalenceGroup[];
  /** Participants only: moderators and observers never count. */
  participants: PrevalencePerson[];
  /** For "in 3 of 4 focus groups": every document of the project. */
  totalDocuments: number;
}

/** The theme summary export answers like every export. */
export type ThemesExportResult = ExportResult;
