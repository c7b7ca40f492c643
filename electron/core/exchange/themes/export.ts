import type { OpParsed } from '../../../../shared/api.js';
import type { ExportResult } from '../../../../shared/types.js';
import { Disclosure } from '../../privacy/disclosure.js';
import type { Project } from '../../project.js';
import { deliverExport } from '../deliver.js';
import { themesDocx } from './docx.js';
import { themesMarkdown } from './markdown.js';
import { buildThemesSummary } from './model.js';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** `export.themes`: the summary in the format asked for, written to `path` or returned. */
export async function exportThemes(project: Project, input: OpParsed<'export.themes'>): Promise<ExportResult> {
  const summary = buildThemesSummary(project, {
    ...(input.attribution !== undefined ? { attribution: input.attribution } : {}),
    ...(input.exemplars !== undefined ? { exemplars: input.exemplars } : {}),
    disclosure: Disclosure.of(project, input),
  });
  const base = `${summary.title || 'project'} - themes`;
  const file =
    input.format === 'themes-md'
      ? { content: themesMarkdown(summary), mediaType: 'text/markdown', fileName: `${base}.md` }
      : { content: await themesDocx(summary), mediaType: DOCX_TYPE, fileName: `${base}.docx` };
  return deliverExport(file, input.path);
}
