import type { OpParsed } from '../../../shared/api.js';
import { paletteColor } from '../../../shared/colors.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { Code } from '../../../shared/types.js';
import type { CommandScope } from '../history/command-log.js';
import type { Project } from '../project.js';
import * as store from '../store/codes.js';
import * as historyStore from '../store/history.js';

export function requireCode(project: Project, guid: string): store.CodeRow {
  const row = store.codeRowByGuid(project.db, guid);
  if (!row) throw new ChorusError(ErrorCode.NOT_FOUND, 'That code no longer exists.');
  return row;
}

export function assertNameFree(project: Project, parentId: number | null, name: string, self?: number): void {
  const clash = store.siblingNamed(project.db, parentId, name);
  if (clash && clash.id !== self) {
    throw new ChorusError(ErrorCode.CONFLICT, `There is already a code named "${clash.name}" here.`);
  }
}

/** Creates a code. New codes take the next colour of the palette. */
export function createCode(
  project: Project,
  input: {
    name: string;
    color?: string | undefined;
    parent?: string | null | undefined;
    /** The parent by id, for callers inside the core that already hold it; wins over `parent`. */
    parentId?: number | null | undefined;
    definition?: string | undefined;
  },
): { id: number; guid: string } {
  const parentId = input.parentId !== undefined ? input.parentId : input.parent ? requireCode(project, input.parent).id : null;
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
  const { id, guid } = createCode(project, input);
  log.summary(`Created code "${input.name}"`);
  log.about(guid, 'created', `created as "${input.name}"`);
  return store.codeById(project.db, id);
}

/** Text fields of codes.update: the input's name, the column, and how a researcher calls it. */
const TEXT_FIELDS = [
  ['name', 'name', 'name'],
  ['color', 'color', 'colour'],
  ['definition', 'definition', 'definition'],
  ['inclusion', 'inclusion', 'inclusion criteria'],
  ['exclusion', 'exclusion', 'exclusion criteria'],
  ['example', 'example', 'example'],
  ['centralConcept', 'central_concept', 'central concept'],
] as const;

/** Fields whose change the story calls "redefined". */
const DEFINING: ReadonlySet<string> = new Set(['definition', 'inclusion', 'exclusion', 'example', 'central_concept', 'example_coding_guid']);

function kindNoun(kind: 'code' | 'theme'): string {
  return kind === 'theme' ? 'theme' : 'code';
}

/**
 * Changes any of a code's own fields in one step. The example coding must be a coding of the code
 * or of a code below it; a status belongs to themes only. The story records renames, colours,
 * (re)definitions, status and map moves separately, so "renamed" stays findable in a long edit.
 */
export function updateCodeCommand(project: Project, input: OpParsed<'codes.update'>, log: CommandScope): Code {
  const { db } = project;
  const row = requireCode(project, input.code);
  const before = store.codeFields(db, row.id);
  const texts = TEXT_FIELDS.filter(([key]) => input[key] !== undefined);
  if (texts.length === 0 && input.exampleCoding === undefined && input.status === undefined && input.map === undefined) {
    throw new ChorusError(ErrorCode.INVALID_INPUT, 'Nothing to change was given.');
  }
  if (input.seen) assertUnchangedSinceSeen(project, row.guid, before, input.seen);
  if (input.name !== undefined) assertNameFree(project, row.parent_id, input.name, row.id);
  if (input.status !== undefined && row.kind !== 'theme') {
    throw new ChorusError(ErrorCode.INVALID_INPUT, `"${row.name}" is a code; only themes have a status. Promote it to a theme first.`);
  }
  if (input.exampleCoding && !store.isCodingInSubtree(db, row.id, input.exampleCoding)) {
    throw new ChorusError(ErrorCode.INVALID_INPUT, `The example must be a coding of "${row.name}" or of a code below it.`);
  }
  for (const [key, column] of texts) store.updateCodeField(db, row.id, column, input[key]!);
  if (input.exampleCoding !== undefined) store.setExampleCoding(db, row.id, input.exampleCoding);
  if (input.status !== undefined) store.setStatus(db, row.id, input.status);
  if (input.map !== undefined) store.setMapPosition(db, row.id, input.map?.x ?? null, input.map?.y ?? null);

  const after = store.codeFields(db, row.id);
  const changed = (Object.keys(after) as (keyof store.CodeFields)[]).filter((k) => after[k] !== before[k]);
  const noun = kindNoun(row.kind);
  if (after.name !== before.name) log.about(row.guid, 'renamed', `renamed from "${before.name}" to "${after.name}"`);
  if (after.color !== before.color) log.about(row.guid, 'recoloured', `colour ${before.color} → ${after.color}`);
  const defined = changed.filter((k) => DEFINING.has(k));
  if (defined.length) log.about(row.guid, 'redefined', `changed the ${defined.map(label).join(', ')}`);
  if (after.status !== before.status) log.about(row.guid, 'status', `status ${before.status ?? 'none'} → ${after.status}`);
  if (after.map_x !== before.map_x || after.map_y !== before.map_y) log.about(row.guid, 'mapped', 'moved on the thematic map');
  log.summary(
    after.name !== before.name
      ? `Renamed ${noun} "${before.name}" to "${after.name}"`
      : after.status !== before.status && changed.length === 1
        ? `Marked theme "${row.name}" as ${after.status}`
        : `Changed the ${changed.map(label).join(', ')} of ${noun} "${row.name}"`,
  );
  return store.codeById(db, row.id);
}

/**
 * Two coders editing one code at once: the later save names the fields as its editor showed them
 * (`seen`), and a field a colleague changed meanwhile stops it, so nobody's edit is lost without
 * their knowing. Fields nobody else touched save as usual.
 */
function assertUnchangedSinceSeen(project: Project, guid: string, now: store.CodeFields, seen: NonNullable<OpParsed<'codes.update'>['seen']>): void {
  const moved: string[] = [];
  for (const [key, column, name] of TEXT_FIELDS) {
    if (seen[key] !== undefined && seen[key] !== now[column]) moved.push(name);
  }
  if (seen.status !== undefined && seen.status !== now.status) moved.push('status');
  if (moved.length === 0) return;
  const last = historyStore.eventsOf(project.db, guid).at(-1);
  const who = last ? `${last.user} (${last.summary})` : 'someone';
  throw new ChorusError(
    ErrorCode.CONFLICT,
    `"${now.name}" was changed meanwhile by ${who}: its ${moved.join(', ')} ${moved.length === 1 ? 'is' : 'are'} no longer what you saw. Your change was not saved; look at theirs and edit again.`,
  );
}

function label(column: keyof store.CodeFields): string {
  const text = TEXT_FIELDS.find(([, c]) => c === column);
  if (text) return text[2];
  if (column === 'example_coding_guid') return 'example coding';
  if (column === 'map_x' || column === 'map_y') return 'place on the map';
  return column;
}
