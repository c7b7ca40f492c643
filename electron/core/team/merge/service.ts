/** `team.previewMerge` and `team.merge`: a co-coder's project into the open one. */
import type { OpParsed } from '../../../../shared/api.js';
import { ChorusError, ErrorCode } from '../../../../shared/errors.js';
import type { MergePlan, MergeResolution, MergeResult } from '../../../../shared/merge.js';
import type { CommandScope } from '../../history/command-log.js';
import type { Project } from '../../project.js';
import { historyState, users as readUsers } from '../../store/merge-read.js';
import { analyse, type Analysis } from './analyse.js';
import { applyMerge } from './apply.js';
import { readSide, type Side } from './side.js';
import { openMergeSource } from './source.js';

/** SQLite's page cache while a merge writes, in KiB (negative): 128 MB, given back afterwards. */
const MERGE_CACHE_KIB = -128 * 1024;

/**
 * What the last preview read and worked out, kept for the merge that usually follows it: reading
 * both sides of a large study is a good part of a merge's time. Reused only while the source is
 * the same file unchanged (or the same bytes) and this project's history and data are as they
 * were; dropped by the merge, the next preview, or after a while.
 */
interface Kept {
  source: string;
  ours: string;
  theirs: Side;
  oursSide: Side;
  analyses: Map<string, Analysis>;
  timer: ReturnType<typeof setTimeout>;
}
const kept = new WeakMap<Project, Kept>();
const KEEP_MS = 10 * 60 * 1000;

function forget(project: Project): void {
  const k = kept.get(project);
  if (k) clearTimeout(k.timer);
  kept.delete(project);
}

/** This project's state as the command log and other connections tell it, the running command left out. */
function ourState(project: Project): string {
  const h = historyState(project.db);
  return `${h}|${project.db.pragma('data_version', { simple: true }) as number}`;
}

async function withAnalysis<T>(
  project: Project,
  input: OpParsed<'team.previewMerge'>,
  resolutions: Readonly<Record<string, MergeResolution>>,
  body: (a: Analysis) => T,
  keep: boolean,
): Promise<T> {
  const source = await openMergeSource(project, input.source, input.passphrase);
  try {
    const clashing = input.clashing ?? 'skip';
    const info = { name: source.name, kind: source.kind };
    const state = ourState(project);
    const key = `${clashing}|${JSON.stringify(Object.entries(resolutions).sort(([x], [y]) => (x < y ? -1 : 1)))}`;
    const k = kept.get(project);
    let analysis: Analysis;
    if (k && source.identity !== null && k.source === source.identity && k.ours === state) {
      // The same reading, on the connection opened now (applying copies new documents from it).
      const theirs = { ...k.theirs, db: source.db };
      // The running command may just have registered the local coder.
      const ours = { ...k.oursSide, users: readUsers(project.db) };
      const before = ours.users.length === k.oursSide.users.length ? k.analyses.get(key) : undefined;
      analysis = before ? { ...before, theirs, ours } : analyse(ours, theirs, info, resolutions, clashing);
    } else {
      const theirs = readSide(source.db);
      const ours = readSide(project.db, false);
      analysis = analyse(ours, theirs, info, resolutions, clashing);
    }
    forget(project);
    if (keep && source.identity !== null) {
      const timer = setTimeout(() => kept.delete(project), KEEP_MS);
      timer.unref();
      kept.set(project, { source: source.identity, ours: state, theirs: analysis.theirs, oursSide: analysis.ours, analyses: new Map([[key, analysis]]), timer });
    }
    return body(analysis);
  } finally {
    source.close();
  }
}

export function previewMerge(project: Project, input: OpParsed<'team.previewMerge'>): Promise<MergePlan> {
  return withAnalysis(project, input, {}, (a) => a.plan, true);
}

/** Whose project this is, for the log: the coder with most codings in it, else its title. */
function whose(a: Analysis): string {
  const top = a.plan.coders.find((c) => c.codings + c.present > 0);
  return top ? `${top.name}'s project` : `"${a.plan.source.title || a.plan.source.name}"`;
}

const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

export function mergeCommand(project: Project, input: OpParsed<'team.merge'>, log: CommandScope): Promise<MergeResult> {
  return withAnalysis(project, input, input.resolutions, (a) => {
    const conflicts = a.plan.conflicts;
    const missing = conflicts.filter((c) => !input.resolutions[c.id]);
    if (missing.length > 0) {
      throw new ChorusError(
        ErrorCode.CONFLICT,
        `${plural(missing.length, 'conflict')} need${missing.length === 1 ? 's' : ''} a choice before merging: ${missing.map((c) => `${c.kind} of "${c.code.path || c.code.name}"`).join('; ')}.`,
      );
    }
    for (const c of conflicts) {
      const r = input.resolutions[c.id]!;
      if (!c.resolutions.includes(r.take)) {
        throw new ChorusError(ErrorCode.INVALID_INPUT, `The ${c.kind} of "${c.code.name}" can be settled by taking ours or theirs, not by editing.`);
      }
    }
    // The guid and span indexes of codings take random inserts; with SQLite's default 2 MB page
    // cache a large merge keeps reading their pages back (as a large REFI import did).
    const cacheSize = project.db.pragma('cache_size', { simple: true }) as number;
    project.db.pragma(`cache_size = ${MERGE_CACHE_KIB}`);
    let done: ReturnType<typeof applyMerge>;
    try {
      done = applyMerge(project, a, log);
    } finally {
      project.db.pragma(`cache_size = ${cacheSize}`);
    }
    const parts = [plural(done.codings, 'coding'), plural(done.codes, 'code')];
    if (done.documents) parts.push(plural(done.documents, 'document'));
    if (done.memos) parts.push(plural(done.memos, 'memo'));
    if (conflicts.length) parts.push(`${plural(conflicts.length, 'conflict')} resolved`);
    const summary = `Merged ${whose(a)}: ${parts.join(', ')}`;
    log.summary(summary);
    const cb = a.codebook;
    const changed = done.codings + done.codes + done.documents + done.memos + cb.updates.length + cb.removals.length + cb.unsplit.length + cb.repoint.length > 0;
    return { plan: a.plan, summary, changed };
  }, false);
}
