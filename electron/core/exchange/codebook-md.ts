import type { Code } from '../../../shared/types.js';

/**
 * The codebook as Markdown, for a methods appendix or a team meeting: the tree as nested
 * headings, each code with its definition, criteria, example and counts.
 */
export function codebookMarkdown(title: string, codes: Code[], exportedAt: string): string {
  const children = new Map<string | null, Code[]>();
  for (const c of codes) {
    const list = children.get(c.parentGuid) ?? [];
    list.push(c);
    children.set(c.parentGuid, list);
  }
  const out: string[] = [`# Codebook: ${title}`, '', `Exported ${exportedAt.slice(0, 10)} · ${codes.length} code${codes.length === 1 ? '' : 's'}`, ''];
  const field = (label: string, value: string) => {
    if (value.trim()) out.push(`**${label}:** ${value.trim()}`, '');
  };
  const walk = (parent: string | null, depth: number, prefix: string[]) => {
    for (const c of children.get(parent) ?? []) {
      const pathName = [...prefix, c.name];
      out.push(`${'#'.repeat(Math.min(depth + 2, 6))} ${c.name}`, '');
      if (prefix.length) out.push(`*${pathName.join(' › ')}*`, '');
      out.push(
        `${c.kind === 'theme' ? 'Theme' : 'Code'} · colour ${c.color} · ${c.codings} coding${c.codings === 1 ? '' : 's'} in ${c.documents} document${c.documents === 1 ? '' : 's'}`,
        '',
      );
      field('Definition', c.definition);
      field('Include when', c.inclusion);
      field('Exclude when', c.exclusion);
      field('Example', c.example);
      walk(c.guid, depth + 1, pathName);
    }
  };
  walk(null, 0, []);
  if (codes.length === 0) out.push('_No codes yet._', '');
  return out.join('\n');
}
