/**
 * A Chorus code has more than REFI-QDA's one Description: a definition, inclusion and exclusion
 * criteria, an example, and for a theme its status. They travel as labelled paragraphs of the
 * Description, which other tools show as written and Chorus reads back into their fields.
 */
import type { CodeKind, ThemeStatus } from '../../../../shared/types.js';

export interface CodeFields {
  definition: string;
  inclusion: string;
  exclusion: string;
  example: string;
  kind: CodeKind;
  status: ThemeStatus | null;
}

const LABELS = {
  inclusion: 'Inclusion criteria:',
  exclusion: 'Exclusion criteria:',
  example: 'Example:',
} as const;
const THEME = /^Chorus theme(?: \((candidate|reviewed|defined)\))?\.?$/u;

export function composeDescription(c: CodeFields): string {
  const parts = [c.definition.trim()];
  for (const key of ['inclusion', 'exclusion', 'example'] as const) {
    if (c[key].trim()) parts.push(`${LABELS[key]} ${c[key].trim()}`);
  }
  if (c.kind === 'theme') parts.push(`Chorus theme${c.status ? ` (${c.status})` : ''}.`);
  return parts.filter(Boolean).join('\n\n');
}

export function parseDescription(description: string): CodeFields {
  const out: CodeFields = { definition: '', inclusion: '', exclusion: '', example: '', kind: 'code', status: null };
  const blocks = description.replace(/\r\n?/gu, '\n').split(/\n{2,}/u);
  let field: 'definition' | keyof typeof LABELS = 'definition';
  const acc: Record<string, string[]> = { definition: [], inclusion: [], exclusion: [], example: [] };
  for (const block of blocks) {
    const theme = THEME.exec(block.trim());
    if (theme) {
      out.kind = 'theme';
      out.status = (theme[1] as ThemeStatus | undefined) ?? null;
      continue;
    }
    const labelled = (Object.keys(LABELS) as (keyof typeof LABELS)[]).find((k) => block.startsWith(LABELS[k]));
    if (labelled) {
      field = labelled;
      acc[field]!.push(block.slice(LABELS[labelled].length).trim());
    } else acc[field]!.push(block);
  }
  out.definition = acc.definition!.join('\n\n').trim();
  out.inclusion = acc.inclusion!.join('\n\n').trim();
  out.exclusion = acc.exclusion!.join('\n\n').trim();
  out.example = acc.example!.join('\n\n').trim();
  return out;
}

/** A colour as Chorus stores it (#RRGGBB), read leniently: #RGB, #RRGGBBAA, rgb(r, g, b). */
export function parseColor(raw: string | null): string | null {
  if (!raw) return null;
  const s = raw.trim();
  let m = /^#?([0-9a-f]{6})(?:[0-9a-f]{2})?$/iu.exec(s);
  if (m) return `#${m[1]}`;
  m = /^#?([0-9a-f])([0-9a-f])([0-9a-f])$/iu.exec(s);
  if (m) return `#${m[1]}${m[1]}${m[2]}${m[2]}${m[3]}${m[3]}`.toUpperCase();
  m = /^rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})/iu.exec(s);
  if (m) {
    const hex = [m[1], m[2], m[3]].map((v) => Math.min(255, Number(v)).toString(16).padStart(2, '0'));
    return `#${hex.join('')}`.toUpperCase();
  }
  return null;
}

/** A code name as Chorus keeps it: one line, single spaces, at most 200 characters. */
export function cleanCodeName(name: string): string {
  const n = name.trim().replace(/\s+/gu, ' ').slice(0, 200);
  return n || 'Unnamed code';
}
