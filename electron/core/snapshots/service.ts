import type { OpParsed } from '../../../shared/api.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { SnapshotCode, SnapshotDiff, SnapshotInfo } from '../../../shared/types.js';
import type { CommandScope } from '../history/command-log.js';
import type { Project } from '../project.js';
import { listCodes } from '../store/codes.js';
import * as store from '../store/snapshots.js';
import { codebookState } from './codebook-state.js';
import { diffCodebooks } from './diff.js';

/** What snapshots.content_json holds; `version` lets a later Chorus read older snapshots. */
interface SnapshotContent {
  version: 1;
  codes: SnapshotCode[];
}

function info(row: store.SnapshotRow): SnapshotInfo {
  const { codes } = JSON.parse(row.content_json) as SnapshotContent;
  return {
    guid: row.guid,
    name: row.name,
    createdAt: row.createdAt,
    author: row.author,
    codes: codes.filter((c) => c.kind === 'code').length,
    themes: codes.filter((c) => c.kind === 'theme').length,
  };
}

export function createSnapshotCommand(project: Project, input: OpParsed<'snapshots.create'>, log: CommandScope): SnapshotInfo {
  const content: SnapshotContent = { version: 1, codes: codebookState(listCodes(project.db)) };
  const guid = project.env.newGuid();
  store.insertSnapshot(project.db, { guid, name: input.name, content: JSON.stringify(content) }, project.stamp());
  log.summary(`Took a snapshot of the codebook, "${input.name}"`);
  return info(store.snapshotByGuid(project.db, guid)!);
}

export function listSnapshots(project: Project): SnapshotInfo[] {
  return store.listSnapshots(project.db).map(info);
}

function stateOf(project: Project, ref: string): { side: SnapshotDiff['from']; codes: SnapshotCode[] } {
  if (ref === 'now') {
    return { side: { guid: null, name: 'Now', createdAt: null }, codes: codebookState(listCodes(project.db)) };
  }
  const row = store.snapshotByGuid(project.db, ref);
  if (!row) throw new ChorusError(ErrorCode.NOT_FOUND, 'That snapshot is not in this project.');
  const content = JSON.parse(row.content_json) as SnapshotContent;
  return { side: { guid: row.guid, name: row.name, createdAt: row.createdAt }, codes: content.codes };
}

export function diffSnapshots(project: Project, input: OpParsed<'snapshots.diff'>): SnapshotDiff {
  const from = stateOf(project, input.from);
  const to = stateOf(project, input.to);
  return { from: from.side, to: to.side, ...diffCodebooks(from.codes, to.codes) };
}
