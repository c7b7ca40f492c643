import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { CodeStoryKind, UndoState } from '../../../shared/types.js';
import type { Project } from '../project.js';
import { revertChanges, reapplyChanges, startCapture, stopCapture } from '../store/change-capture.js';
import * as history from '../store/history.js';
import { inTransaction } from '../store/statements.js';

/**
 * The one place where the project changes. A command runs in a single transaction: it opens a
 * log entry, the store's triggers capture every row it changes, and it commits with a summary a
 * researcher can read ("Renamed code …") or not at all. Undo and redo replay the captured rows,
 * and the log is the project's audit trail.
 *
 * Commands may be async (an import reads files between steps); the session runs one operation at
 * a time, so nothing else touches the connection while a transaction is open.
 */
export interface CommandScope {
  /** What the log says this command did. */
  summary(text: string): void;
  /**
   * Records an event in the story of a code or theme (`codes.story`): `subject` is its guid,
   * `event` what happened to it, `detail` the same in words about that code.
   */
  about(subject: string, event: CodeStoryKind, detail: string): void;
}

/** For queries, which write nothing and record nothing. */
export const NO_SCOPE: CommandScope = { summary: () => {}, about: () => {} };

/**
 * What the log keeps of a command's input: all of it, but for uploaded files, whose bytes become
 * their size (the file's content is in the project once imported; a second copy in the audit
 * trail would double the file for nothing), and passphrases (a co-coder's, for a merge), which are
 * left out: the audit trail is read, exported and merged into other people's copies.
 */
export function logPayload(payload: unknown): string {
  return JSON.stringify(payload ?? null, (key, value: unknown) => {
    if (key === 'passphrase') return undefined;
    return key === 'base64' && typeof value === 'string' ? { bytes: Math.floor((value.replace(/=+$/, '').length * 3) / 4) } : value;
  });
}

export async function runCommand<T>(
  project: Project,
  operation: string,
  payload: unknown,
  body: (scope: CommandScope) => T | Promise<T>,
): Promise<T> {
  const { db } = project;
  let summary = operation;
  db.exec('BEGIN IMMEDIATE');
  try {
    const stamp = project.stamp();
    const seq = history.beginEntry(db, {
      guid: project.env.newGuid(),
      at: stamp.at,
      user: stamp.by,
      operation,
      payload: logPayload(payload),
    });
    startCapture(db, seq);
    const subjects: history.Subject[] = [];
    const result = await body({
      summary: (text) => (summary = text),
      about: (subject, event, detail) => subjects.push({ subject, event, detail }),
    });
    stopCapture(db);
    // A command that changed nothing (a rename to the same name) leaves no undo step.
    if (history.changeCount(db, seq) === 0) history.deleteEntry(db, seq);
    else {
      history.discardRedoBranch(db, project.undoMine ? stamp.by : null);
      history.setSummary(db, seq, summary);
      history.addSubjects(db, seq, subjects);
    }
    db.exec('COMMIT');
    project.afterWrite();
    return result;
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
}



/** Whose steps undo and redo move along: everyone's, or on the team server the coder's own. */
function whoseSteps(project: Project): string | null {
  return project.undoMine ? project.env.user.guid : null;
}

/**
 * On the team server, a step may be taken back or brought back only while no colleague's later
 * step (still in effect) changed the same rows: else their work would be silently overwritten.
 */
function checkNoLaterWork(project: Project, seq: number, verb: 'undo' | 'redo'): void {
  if (!project.undoMine) return;
  const later = history.laterStepOnSameRows(project.db, seq);
  if (later) {
    throw new ChorusError(
      ErrorCode.CONFLICT,
      `Cannot ${verb} this step: ${later.user} has since changed the same passages or codes ("${later.summary}"). Change it by hand instead.`,
    );
  }
}

/**
 * Undoes or redoes step `seq` (`apply`). On the team server it first runs under capture into a
 * probe entry, to see whether it would change rows the step never touched: a colleague's coding
 * of a code this undo deletes goes with it through the foreign key. Then it is refused, and the
 * transaction rolls everything back.
 */
function replayChecked(project: Project, seq: number, verb: 'undo' | 'redo', apply: (db: Project['db'], seq: number) => void): void {
  const { db } = project;
  if (!project.undoMine) {
    apply(db, seq);
    return;
  }
  const stamp = project.stamp();
  const probe = history.beginEntry(db, { guid: project.env.newGuid(), at: stamp.at, user: stamp.by, operation: `history.${verb}-probe`, payload: 'null' });
  startCapture(db, probe);
  apply(db, seq);
  stopCapture(db);
  const beyond = history.rowsBeyondStep(db, probe, seq);
  history.deleteEntry(db, probe);
  if (beyond.length > 0) {
    const what = beyond.map((b) => `${b.n} ${b.n === 1 ? 'row' : 'rows'} of ${b.tbl.replace(/_/g, ' ')}`).join(', ');
    throw new ChorusError(
      ErrorCode.CONFLICT,
      `Cannot ${verb} this step: it would also take away work done since by others (${what}). Change it by hand instead.`,
    );
  }
}

export function undoState(project: Project): UndoState {
  const last = history.lastDone(project.db, whoseSteps(project));
  const next = history.firstUndone(project.db, whoseSteps(project));
  return {
    canUndo: last !== undefined,
    canRedo: next !== undefined,
    undoSummary: last?.summary ?? null,
    redoSummary: next?.summary ?? null,
  };
}

export function undo(project: Project): UndoState & { undone: string } {
  const undone = inTransaction(project.db, () => {
    const entry = history.lastDone(project.db, whoseSteps(project));
    if (!entry) throw new ChorusError(ErrorCode.NOTHING_TO_UNDO, 'There is nothing to undo.');
    checkNoLaterWork(project, entry.seq, 'undo');
    const stamp = project.stamp();
    replayChecked(project, entry.seq, 'undo', revertChanges);
    history.setState(project.db, entry.seq, 'undone', stamp.at, stamp.by);
    return entry.summary;
  });
  project.afterWrite();
  return { ...undoState(project), undone };
}

export function redo(project: Project): UndoState & { redone: string } {
  const redone = inTransaction(project.db, () => {
    const entry = history.firstUndone(project.db, whoseSteps(project));
    if (!entry) throw new ChorusError(ErrorCode.NOTHING_TO_REDO, 'There is nothing to redo.');
    checkNoLaterWork(project, entry.seq, 'redo');
    const stamp = project.stamp();
    replayChecked(project, entry.seq, 'redo', reapplyChanges);
    history.setState(project.db, entry.seq, 'done', stamp.at, stamp.by);
    return entry.summary;
  });
  project.afterWrite();
  return { ...undoState(project), redone };
}
