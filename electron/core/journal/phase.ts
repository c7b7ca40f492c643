import type { OpParsed } from '../../../shared/api.js';
import type { ProjectInfo } from '../../../shared/types.js';
import type { CommandScope } from '../history/command-log.js';
import type { Project } from '../project.js';
import { projectInfo } from '../projects/info.js';
import { projectPhase, setProjectPhase } from '../store/memos.js';

/** Braun & Clarke's six phases of reflexive thematic analysis, as the log names them. */
export const PHASE_NAMES = [
  'familiarisation',
  'generating codes',
  'constructing themes',
  'reviewing themes',
  'defining and naming themes',
  'writing up',
] as const;

export function setPhaseCommand(project: Project, input: OpParsed<'project.setPhase'>, log: CommandScope): ProjectInfo {
  const before = projectPhase(project.db);
  setProjectPhase(project.db, input.phase);
  log.summary(`Moved the analysis from phase ${before} (${PHASE_NAMES[before - 1]}) to phase ${input.phase} (${PHASE_NAMES[input.phase - 1]})`);
  return projectInfo(project);
}
