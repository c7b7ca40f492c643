/**
 * Merging a codebook from a REFI-QDA file (.qdc, or the codebook of a .qdpx/.qde) into the open
 * project. Each code of the file is matched to a project code by GUID first (the same code,
 * perhaps renamed by a co-coder), then by name (among the matched parent's children, else a code
 * of that name anywhere, if there is exactly one):
 *
 * - matched by GUID under another name: the project's code takes the file's name ("rename"),
 *   unless a sibling already has that name;
 * - matched otherwise: left alone ("keep");
 * - not matched: added with its GUID, colour and description, under its parent's match ("add").
 *
 * The preview computes the plan and writes nothing; the merge applies the same plan as one
 * command, so one undo takes it back.
 */
import { ChorusError, ErrorCode } from '../../../../shared/errors.js';
import { paletteColor } from '../../../../shared/colors.js';
import type { CodebookMergeItem, CodebookMergePlan } from '../../../../shared/types.js';
import type { Project } from '../../project.js';
import * as codes from '../../store/codes.js';
import { codeGuidsAndNames, renameCode, setCodeDetails } from '../../store/exchange.js';
import { openRefiPackage } from './archive.js';
import { cleanCodeName, parseColor, parseDescription } from './code-description.js';
import type { RefiCode, RefiCodebook } from './model.js';
import { readCodebook, readProject } from './read-qde.js';

export async function readCodebookFile(bytes: Uint8Array, fileName: string): Promise<RefiCodebook> {
  const pkg = await openRefiPackage(bytes, fileName);
  if (/<(?:[\w-]+:)?Project[\s>]/u.test(pkg.xml.slice(0, 4096))) {
    const project = readProject(pkg.xml, fileName);
    return { origin: project.origin, codes: project.codes };
  }
  return readCodebook(pkg.xml, fileName);
}

interface LocalCode {
  id: number;
  guid: string;
  parentId: number | null;
  name: string;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

interface PlannedItem extends CodebookMergeItem {
  code: RefiCode;
  /** The project code it matched, or null. */
  localId: number | null;
}

function plan(project: Project, book: RefiCodebook): PlannedItem[] {
  const local = codeGuidsAndNames(project.db) as LocalCode[];
  const byGuid = new Map(local.map((c) => [c.guid.toLowerCase(), c]));
  const items: PlannedItem[] = [];
  const visit = (list: RefiCode[], parent: LocalCode | null | 'new', path: string[]) => {
    for (const code of list) {
      const name = cleanCodeName(code.name);
      let match: LocalCode | undefined = byGuid.get(code.guid);
      let by: 'guid' | 'name' = 'guid';
      if (!match && parent !== 'new') {
        by = 'name';
        match = local.find((c) => c.parentId === (parent?.id ?? null) && same(c.name, name));
        if (!match) {
          const anywhere = local.filter((c) => same(c.name, name));
          if (anywhere.length === 1) match = anywhere[0];
        }
      }
      let item: PlannedItem;
      if (!match) {
        item = { guid: code.guid, name, path, action: 'add', match: null, code, localId: null };
      } else {
        const m = { guid: match.guid, name: match.name, by };
        if (by === 'guid' && match.name !== name) {
          const clash = local.find((c) => c.id !== match!.id && c.parentId === match!.parentId && same(c.name, name));
          item = clash
            ? { guid: code.guid, name, path, action: 'keep', match: m, code, localId: match.id, note: `A code named "${clash.name}" is already beside it.` }
            : { guid: code.guid, name, path, action: 'rename', match: m, code, localId: match.id };
        } else item = { guid: code.guid, name, path, action: 'keep', match: m, code, localId: match.id };
      }
      items.push(item);
      visit(code.children, match ?? 'new', [...path, name]);
    }
  };
  visit(book.codes, null, []);
  return items;
}

function toPlan(book: RefiCodebook, items: PlannedItem[]): CodebookMergePlan {
  const counts = { add: 0, rename: 0, keep: 0 };
  for (const i of items) counts[i.action]++;
  return {
    origin: book.origin,
    items: items.map(({ code: _code, localId: _localId, ...item }) => item),
    counts,
  };
}

export function previewMerge(project: Project, book: RefiCodebook): CodebookMergePlan {
  return toPlan(book, plan(project, book));
}

/** Applies the plan; runs inside the caller's command. */
export function applyMerge(project: Project, book: RefiCodebook): CodebookMergePlan {
  if (book.codes.length === 0) throw new ChorusError(ErrorCode.INVALID_INPUT, 'The codebook has no codes to merge.');
  const items = plan(project, book);
  const { db } = project;
  const stamp = project.stamp();
  // The project id each file code ends up as (matched or added), for placing its children.
  const placed = new Map<RefiCode, number>();
  const parentOf = new Map<RefiCode, RefiCode>();
  for (const i of items) for (const child of i.code.children) parentOf.set(child, i.code);
  for (const item of items) {
    if (item.action === 'rename') renameCode(db, item.localId!, item.name);
    if (item.action !== 'add') {
      placed.set(item.code, item.localId!);
      continue;
    }
    const fileParent = parentOf.get(item.code);
    const parentId = fileParent ? (placed.get(fileParent) ?? null) : null;
    let name = item.name;
    for (let n = 2; codes.siblingNamed(db, parentId, name); n++) name = `${item.name} (${n})`;
    const fields = parseDescription(item.code.description);
    const guidFree = codes.codeRowByGuid(db, item.guid) === undefined;
    const id = codes.insertCode(
      db,
      {
        guid: guidFree ? item.guid : project.env.newGuid(),
        parentId,
        name,
        color: parseColor(item.code.color) ?? paletteColor(codes.codeCount(db)),
        definition: fields.definition,
        position: codes.nextPosition(db, parentId),
      },
      stamp,
    );
    setCodeDetails(db, id, fields);
    placed.set(item.code, id);
  }
  return toPlan(book, items);
}
