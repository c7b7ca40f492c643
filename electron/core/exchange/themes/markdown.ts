import { summaryLine, themeLine, type CodebookRow, type ThemeSection, type ThemesSummary } from './model.js';

/** Characters that would turn transcript words into Markdown markup. */
function escape(s: string): string {
  return s.replace(/([\\`*_[\]<>|#])/g, '\\$1');
}

function paragraphs(s: string): string[] {
  return s
    .split(/\n\s*\n/)
    .map((p) => escape(p.trim().replace(/\s*\n\s*/g, ' ')))
    .filter(Boolean)
    .flatMap((p) => [p, '']);
}

function themeBlock(out: string[], t: ThemeSection, number: string, depth: number): void {
  out.push(`${'#'.repeat(Math.min(depth + 2, 6))} ${number} ${escape(t.name)}`, '');
  out.push(`*${themeLine(t, depth > 0)}*`, '');
  if (t.centralConcept.trim()) out.push(`**Central organising concept:** ${escape(t.centralConcept.trim())}`, '');
  out.push(...paragraphs(t.definition));
  for (const q of t.quotes) out.push(`> “${escape(q.text)}”`, '>', `> — ${escape(q.attribution)}`, '');
  if (t.codes.length) {
    out.push(`Codes: ${t.codes.map((c) => `${escape(c.name)} (${c.codings})`).join('; ')}`, '');
  }
  t.subthemes.forEach((s, i) => themeBlock(out, s, `${number}${i + 1}.`, depth + 1));
}

function cell(s: string): string {
  return escape(s.trim().replace(/\s*\n\s*/g, ' ')) || '—';
}

function criteria(c: CodebookRow): string {
  const parts = [c.inclusion.trim() && `Include: ${c.inclusion}`, c.exclusion.trim() && `Exclude: ${c.exclusion}`];
  return parts.filter(Boolean).join(' ');
}

/** The theme summary as Markdown: themes with their quotes, then the codebook as a table. */
export function themesMarkdown(s: ThemesSummary): string {
  const out: string[] = [`# Themes: ${escape(s.title)}`, '', summaryLine(s), ''];
  if (s.themes.length === 0) out.push('_No themes yet._', '');
  s.themes.forEach((t, i) => themeBlock(out, t, `${i + 1}.`, 0));
  out.push('## Appendix: codebook', '');
  if (s.codebook.length === 0) out.push('_No codes yet._', '');
  else {
    out.push('| Code | Theme | Definition | Inclusion and exclusion | Codings (groups) |', '| --- | --- | --- | --- | --- |');
    for (const c of s.codebook) {
      const name = `${'\u2003'.repeat(c.depth)}${cell(c.name)}`;
      out.push(
        `| ${name} | ${cell(c.theme)} | ${cell(c.definition)} | ${cell(criteria(c))} | ${c.codings} (${c.documents}) |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}
