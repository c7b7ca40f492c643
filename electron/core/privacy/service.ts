import type { OpParsed } from '../../../shared/api.js';
import { isMatchableName, NameMatcher, normaliseName } from '../../../shared/disclose.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { Pseudonym, PseudonymCategory, Redaction } from '../../../shared/privacy.js';
import { requireDocument } from '../codings/service.js';
import type { CommandScope } from '../history/command-log.js';
import type { Project } from '../project.js';
import { documentById } from '../store/documents.js';
import * as store from '../store/privacy.js';

/** How the list compares real names: one entry per name whatever its case ("JOSÉ" is "José"). */
export function nameKey(name: string): string {
  return normaliseName(name).toLocaleLowerCase();
}

function publicPseudonym({ id: _id, ...p }: store.PseudonymRow): Pseudonym {
  return p;
}

export function listPseudonyms(project: Project): Pseudonym[] {
  return store.listPseudonyms(project.db).map(publicPseudonym);
}

interface Entry {
  id?: number;
  realName: string;
  pseudonym: string;
  category: PseudonymCategory;
}

/**
 * The rules of the list, checked on the whole list as it would be after a change, so that adding
 * a real name that an existing pseudonym contains is refused too: every real name is there once
 * (without case), and no pseudonym is or contains a real name on the list as a whole word,
 * because then a pseudonymised export would write that name.
 */
function checkList(entries: readonly Entry[]): void {
  const seen = new Map<string, string>();
  for (const e of entries) {
    if (!isMatchableName(e.realName)) {
      throw new ChorusError(ErrorCode.INVALID_INPUT, `"${e.realName}" has no letters or digits to find in the text.`);
    }
    const key = nameKey(e.realName);
    const before = seen.get(key);
    if (before !== undefined) {
      throw new ChorusError(
        ErrorCode.CONFLICT,
        before === e.realName ? `"${e.realName}" is already on the list.` : `"${e.realName}" is already on the list, as "${before}".`,
      );
    }
    seen.set(key, e.realName);
  }
  const matcher = new NameMatcher(entries.map((e) => ({ realName: e.realName, pseudonym: '' })));
  for (const e of entries) {
    const found = matcher.matches(e.pseudonym)[0];
    if (found) {
      const name = e.pseudonym.slice(found.start, found.end);
      throw new ChorusError(
        ErrorCode.INVALID_INPUT,
        nameKey(name) === nameKey(e.pseudonym)
          ? `The pseudonym "${e.pseudonym}" is itself a real name on the list.`
          : `The pseudonym "${e.pseudonym}" contains "${name}", a real name on the list.`,
      );
    }
  }
}

export function addPseudonymsCommand(project: Project, input: OpParsed<'privacy.addPseudonyms'>, log: CommandScope): Pseudonym[] {
  const existing: Entry[] = store.listPseudonyms(project.db);
  checkList([...existing, ...input.entries]);
  const stamp = project.stamp();
  const guids = input.entries.map((e) => {
    const guid = project.env.newGuid();
    store.insertPseudonym(project.db, { guid, ...e }, stamp);
    return guid;
  });
  log.summary(
    input.entries.length === 1
      ? `Added "${input.entries[0]!.realName}" to the pseudonyms as "${input.entries[0]!.pseudonym}"`
      : `Added ${input.entries.length} names to the pseudonyms`,
  );
  return guids.map((g) => publicPseudonym(store.pseudonymByGuid(project.db, g)!));
}

function requirePseudonym(project: Project, guid: string): store.PseudonymRow {
  const row = store.pseudonymByGuid(project.db, guid);
  if (!row) throw new ChorusError(ErrorCode.NOT_FOUND, 'That name is no longer on the list.');
  return row;
}

export function updatePseudonymCommand(project: Project, input: OpParsed<'privacy.updatePseudonym'>, log: CommandScope): Pseudonym {
  const row = requirePseudonym(project, input.pseudonym);
  const next: Entry = {
    id: row.id,
    realName: input.realName ?? row.realName,
    pseudonym: input.pseudonymText ?? row.pseudonym,
    category: input.category ?? row.category,
  };
  checkList(store.listPseudonyms(project.db).map((e) => (e.id === row.id ? next : e)));
  store.updatePseudonym(project.db, row.id, next);
  log.summary(
    next.realName !== row.realName
      ? `Changed the real name "${row.realName}" to "${next.realName}"`
      : `Changed the pseudonym of "${row.realName}" to "${next.pseudonym}"`,
  );
  return publicPseudonym(store.pseudonymByGuid(project.db, row.guid)!);
}

export function removePseudonymCommand(project: Project, input: OpParsed<'privacy.removePseudonym'>, log: CommandScope): { removed: string } {
  const row = requirePseudonym(project, input.pseudonym);
  store.deletePseudonym(project.db, row.id);
  log.summary(`Removed "${row.realName}" from the pseudonyms`);
  return { removed: row.guid };
}

function redactionOf(project: Project, row: store.RedactionRow): Redaction {
  return {
    guid: row.guid,
    document: row.documentGuid,
    start: row.start,
    end: row.end,
    text: project.textOf(row.documentGuid)!.slice(row.start, row.end),
    createdBy: row.createdBy,
    createdAt: row.createdAt,
  };
}

export function listRedactions(project: Project, input: OpParsed<'privacy.redactions'>): Redaction[] {
  const rows = input.document
    ? store.redactionsOfDocument(project.db, requireDocument(project, input.document).id)
    : store.allRedactions(project.db);
  return rows.map((r) => redactionOf(project, r));
}

export function redactCommand(project: Project, input: OpParsed<'privacy.redact'>, log: CommandScope): Redaction {
  const doc = requireDocument(project, input.document);
  if (input.end > doc.textLength) {
    throw new ChorusError(ErrorCode.INVALID_INPUT, `The passage [${input.start}, ${input.end}) runs past the end of "${doc.name}".`);
  }
  const text = project.textOf(doc.guid)!;
  const splitsPair = (i: number) => i > 0 && i < text.length && /[\uDC00-\uDFFF]/u.test(text[i]!) && /[\uD800-\uDBFF]/u.test(text[i - 1]!);
  if (splitsPair(input.start) || splitsPair(input.end)) {
    throw new ChorusError(ErrorCode.INVALID_INPUT, 'A redaction cannot start or end inside a character.');
  }
  // Overlapping or touching redactions become one, so the list shows what is blacked out, once.
  const touching = store.redactionsTouching(project.db, doc.id, input.start, input.end);
  const start = Math.min(input.start, ...touching.map((r) => r.start));
  const end = Math.max(input.end, ...touching.map((r) => r.end));
  let guid: string;
  const [keep, ...rest] = touching;
  if (keep) {
    if (keep.start === start && keep.end === end && rest.length === 0) return redactionOf(project, keep);
    for (const r of rest) store.deleteRedaction(project.db, r.id);
    store.setRedactionSpan(project.db, keep.id, start, end);
    guid = keep.guid;
  } else {
    guid = project.env.newGuid();
    store.insertRedaction(project.db, { guid, documentId: doc.id, start, end }, project.stamp());
  }
  log.summary(`Redacted ${end - start} characters in ${doc.name}`);
  return redactionOf(project, store.redactionByGuid(project.db, guid)!);
}

export function unredactCommand(project: Project, input: OpParsed<'privacy.unredact'>, log: CommandScope): { removed: string } {
  const row = store.redactionByGuid(project.db, input.redaction);
  if (!row) throw new ChorusError(ErrorCode.NOT_FOUND, 'That redaction no longer exists.');
  store.deleteRedaction(project.db, row.id);
  log.summary(`Removed a redaction in ${documentById(project.db, row.documentId)?.name ?? 'a document'}`);
  return { removed: row.guid };
}
