/** `team.previewMerge` and `team.merge`: a co-coder's project into the open one. */
import { ChorusError, ErrorCode } from '../../../../shared/errors.js';
import type { OpParsed } from '../../../../shared/api.js';
import type { MergePlan, MergeResult } from '../../../../shared/merge.js';
import type { CommandScope } from '../../history/command-log.js';
import type { Project } from '../../project.js';

export async function previewMerge(_project: Project, _input: OpParsed<'team.previewMerge'>): Promise<MergePlan> {
  throw new ChorusError(ErrorCode.INTERNAL, 'Not yet.');
}

export async function mergeCommand(_project: Project, _input: OpParsed<'team.merge'>, _log: CommandScope): Promise<MergeResult> {
  throw new ChorusError(ErrorCode.INTERNAL, 'Not yet.');
}
