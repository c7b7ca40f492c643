import fs from 'node:fs';
import path from 'node:path';
import type { OpParsed } from '../../../../shared/api.js';
import { ChorusError, ErrorCode } from '../../../../shared/errors.js';
import type { ThemesExportResult } from '../../../../shared/themes.js';
import type { Project } from '../../project.js';
import { themesDocx } from './docx.js';
import { themesMarkdown } from './markdown.js';
import { buildThemesSummary } from './model.js';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** `export.themes`: the summary in the format asked for, written to `path` or returned. */
export async function exportThemes(project: Project, input: OpParsed<'export.themes'>): Promise<ThemesExportResult> {
  const summary = buildThemesSummary(project, {
    ...(input.attribution !== undefined ? { attribution: input.attribution } : {}),
    ...(input.exemplars !== undefined ? { exemplars: input.exemplars } : {}),
  });
  const base = `${summary.title || 'project'} - themes`;
  const file =
    input.format === 'themes-md'
      ? { bytes: themesMarkdown(summary), encoding: 'utf8' as const, mediaType: 'text/markdown', fileName: `${base}.md` }
      : { bytes: await themesDocx(summary), encoding: 'base64' as const, mediaType: DOCX_TYPE, fileName: `${base}.docx` };
  const { bytes, ...meta } = file;
  if (input.path) {
    try {
      fs.writeFileSync(input.path, bytes);
    } catch (e) {
      throw new ChorusError(ErrorCode.IO_ERROR, `Could not write ${input.path}: ${(e as Error).message}`);
    }
    return { path: path.resolve(input.path), content: null, ...meta };
  }
  return { path: null, content: typeof bytes === 'string' ? bytes : bytes.toString('base64'), ...meta };
}
