import type { OpParsed } from '../../../shared/api.js';
import { paletteColor } from '../../../shared/colors.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { Code } from '../../../shared/types.js';
import type { CommandScope } from '../history/command-log.js';
import type { Project } from '../project.js';
import * as store from '../store/codes.js';

export function requireCode(project: Project, guid: string): store.CodeRow {
  const row = store.codeRowByGuid(project.db, guid);
  if (!row) throw new ChorusError(ErrorCode.NOT_FOUND, 'That code no longer exists.');
  return row;
}

function assertNameFree(project: Project, parentId: number | null, name: string, self?: number): void {
  const clash = store.siblingNamed(project.db, parentId, name);
  if (clash && clash.id !== self) {
    throw new ChorusError(ErrorCode.CONFLICT, `There is already a code named "${clash.name}" here.`);
  }
}

/** Creates a code. New codes take the next colour of the palette. */
export function createCode(
  project: Project,
  input: { name: string; color?: string | undefined; parent?: string | null | undefined; definition?: string | undefined },
): { id: number; guid: string } {
  const parentId = input.parent ? requireCode(project, input.parent).id : null;
  assertNameFree(project, parentId, input.name);
  const guid = project.env.newGuid();
  const id = store.insertCode(
    project.db,
    {
      guid,
      parentId,
      name: input.name,
      color: input.color ?? paletteColor(store.codeCount(project.db)),
      definition: input.definition ?? '',
      position: store.nextPosition(project.db, parentId),
    },
    project.stamp(),
  );
  return { id, guid };
}

export function createCodeCommand(project: Project, input: OpParsed<'codes.create'>, log: CommandScope): Code {
  const { id } = createCode(project, input);
  log.summary(`Created code "${input.name}"`);
  return store.codeById(project.db, id);
}

const FIELD_LABELS: Record<store.CodeField, string> = {
  name: 'name',
  color: 'colour',
  definition: 'definition',
  inclusion: 'inclusion criteria',
  exclusion: 'exclusion criteria',
  example: 'example',
};

export function updateCodeCommand(project: Project, input: OpParsed<'codes.update'>, log: CommandScope): Code {
  const row = requireCode(project, input.code);
  const fields = (Object.keys(FIELD_LABELS) as store.CodeField[]).filter((f) => input[f] !== undefined);
  if (fields.length === 0) throw new ChorusError(ErrorCode.INVALID_INPUT, 'Nothing to change was given.');
  if (input.name !== undefined) assertNameFree(project, row.parent_id, input.name, row.id);
  for (const f of fields) store.updateCodeField(project.db, row.id, f, input[f]!);
  log.summary(
    input.name !== undefined && input.name !== row.name
      ? `Renamed code "${row.name}" to "${input.name}"`
      : `Changed the ${fields.map((f) => FIELD_LABELS[f]).join(', ')} of code "${row.name}"`,
  );
  return store.codeById(project.db, row.id);
}
