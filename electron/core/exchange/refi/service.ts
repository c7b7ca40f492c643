/** The REFI-QDA operations of the contract, between the handlers and the modules that do the work. */
import path from 'node:path';
import type { OpInput, OpOutput } from '../../../../shared/api.js';
import type { CodebookMergePlan } from '../../../../shared/types.js';
import { readSource } from '../../documents/read-source.js';
import type { CommandScope } from '../../history/command-log.js';
import type { Project } from '../../project.js';
import { projectInfo } from '../../projects/info.js';
import type { FileAccess } from '../../file-access.js';
import type { Session } from '../../session.js';
import { importRefiProject } from './import-project.js';
import { applyMerge, previewMerge, readCodebookFile } from './merge-codebook.js';

type RefiSource = OpInput<'exchange.previewCodebook'>['source'];

/** A .qdpx may carry media beside its text; it is read whole, so it still has a ceiling. */
const MAX_REFI_BYTES = 1024 * 1024 * 1024;

async function readRefi(source: RefiSource, maxImportBytes: number): Promise<{ bytes: Uint8Array; fileName: string }> {
  const limit = Math.max(maxImportBytes, MAX_REFI_BYTES);
  return typeof source === 'string'
    ? readSource({ kind: 'path', path: source }, limit)
    : readSource({ kind: 'bytes', name: source.name, base64: source.base64 }, limit);
}

export async function importRefiProjectFrom(
  session: Session,
  input: OpInput<'project.importRefi'>,
  files: FileAccess,
): Promise<OpOutput<'project.importRefi'>> {
  const { bytes, fileName } = await readRefi(input.source, session.env.maxImportBytes);
  // Recordings are linked where they lie, subject to what the caller may name (browser mode).
  const sourceDir = typeof input.source === 'string' ? path.dirname(path.resolve(input.source)) : null;
  const { project, report } = await importRefiProject(path.resolve(input.path), bytes, fileName, session.env, { sourceDir, files });
  session.setProject(project);
  return { project: projectInfo(project), report };
}

export async function previewCodebook(project: Project, source: RefiSource): Promise<CodebookMergePlan> {
  const { bytes, fileName } = await readRefi(source, project.env.maxImportBytes);
  return previewMerge(project, await readCodebookFile(bytes, fileName));
}

export async function mergeCodebookCommand(project: Project, source: RefiSource, log: CommandScope): Promise<CodebookMergePlan> {
  const { bytes, fileName } = await readRefi(source, project.env.maxImportBytes);
  const plan = applyMerge(project, await readCodebookFile(bytes, fileName));
  const { add, rename } = plan.counts;
  log.summary(`Merged the codebook of ${fileName}: ${add} codes added, ${rename} renamed`);
  return plan;
}
