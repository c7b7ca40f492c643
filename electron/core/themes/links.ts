import type { OpParsed } from '../../../shared/api.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { ThemeLink } from '../../../shared/types.js';
import { requireCode } from '../codes/service.js';
import type { CommandScope } from '../history/command-log.js';
import type { Project } from '../project.js';
import * as store from '../store/code-links.js';

/**
 * Links on the thematic map: a labelled arrow from one theme (or code) to another ("leads to",
 * "tension with"). Linking a pair that already has an arrow in that direction relabels it.
 */
export function linkCommand(project: Project, input: OpParsed<'themes.link'>, log: CommandScope): ThemeLink {
  const { db } = project;
  const source = requireCode(project, input.source);
  const target = requireCode(project, input.target);
  if (source.id === target.id) throw new ChorusError(ErrorCode.INVALID_INPUT, 'A theme cannot be linked to itself.');
  const label = input.label.trim();
  const existing = store.linkBetween(db, source.id, target.id);
  let guid: string;
  if (existing) {
    store.setLinkLabel(db, existing.id, label);
    guid = existing.guid;
    log.summary(`Relabelled the link from "${source.name}" to "${target.name}"${label ? ` as "${label}"` : ''}`);
  } else {
    guid = project.env.newGuid();
    store.insertLink(db, { guid, sourceId: source.id, targetId: target.id, label }, project.stamp());
    log.summary(`Linked "${source.name}" to "${target.name}"${label ? ` ("${label}")` : ''}`);
  }
  const words = label ? ` ("${label}")` : '';
  log.about(source.guid, 'linked', `linked to "${target.name}"${words}`);
  log.about(target.guid, 'linked', `linked from "${source.name}"${words}`);
  return store.linkByGuid(db, guid)!;
}

export function unlinkCommand(project: Project, input: OpParsed<'themes.unlink'>, log: CommandScope): { removed: string } {
  const { db } = project;
  const link = store.linkByGuid(db, input.link);
  if (!link) throw new ChorusError(ErrorCode.NOT_FOUND, 'That link no longer exists.');
  const source = requireCode(project, link.source);
  const target = requireCode(project, link.target);
  store.deleteLink(db, link.id);
  log.summary(`Removed the link from "${source.name}" to "${target.name}"`);
  log.about(source.guid, 'unlinked', `unlinked from "${target.name}"`);
  log.about(target.guid, 'unlinked', `unlinked from "${source.name}"`);
  return { removed: link.guid };
}

export function listLinks(project: Project): ThemeLink[] {
  return store.listLinks(project.db);
}
