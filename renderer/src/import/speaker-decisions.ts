/**
 * The import preview's speaker table as data: what the researcher typed and chose per detected
 * speaker, resolved into merge groups (the rows shown) and into the contract's `speakers`
 * decisions (what `documents.import` is sent). Pure, so the rules below are unit-tested.
 *
 * A speaker joins another in two ways: by the "Merge into…" choice (`into`), or by typing a label
 * another speaker already has. Labels are compared without case or surrounding space, so typing
 * "moderator" joins "Moderator" and the merged speaker keeps the spelling of the one it joined.
 * The core merges labels that end up identical, so every member of a group is sent the group's
 * exact label; role and participant are taken from the group's head (the speaker the others
 * joined) and sent for it alone.
 */
import type { SpeakerDecision } from '../../../shared/api';
import type { Participant, SpeakerPreview, SpeakerRole } from '../../../shared/types';

/** The contract's limit on a speaker label (shared/api.ts `label`). */
export const MAX_LABEL = 200;

export interface SpeakerEdit {
  /** The label as typed (the detected label until edited). */
  label: string;
  /** The detected label of the speaker this one was merged into with "Merge into…", or null. */
  into: string | null;
  role: SpeakerRole;
  /**
   * A participant's guid, 'new' to register one, null for none; undefined leaves it to the core,
   * which maps the speaker to the participant of the same label when there is one.
   */
  participant?: string | 'new' | null;
}

export type SpeakerEdits = Record<string, SpeakerEdit>;

export interface SpeakerRow {
  detected: string;
  /** The label the speaker will be imported with. */
  label: string;
  /** Detected label of the group's head; equal to `detected` for the head itself. */
  head: string;
  /** Detected labels merged into this one (heads only). */
  members: string[];
  /** Merged by a typed label rather than by "Merge into…". */
  typedMerge: boolean;
  role: SpeakerRole;
  /** What the participant select shows: a guid, 'new' or 'none'. */
  participant: string;
  turns: number;
  words: number;
  /** Turns and words of the whole group (heads), else the speaker's own. */
  groupTurns: number;
  groupWords: number;
  sample: string;
  /** Why the typed label cannot be used, or null. */
  problem: string | null;
}

export function normalizeLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ');
}

const keyOf = (label: string) => normalizeLabel(label).toLocaleLowerCase();

export function initialEdits(speakers: readonly SpeakerPreview[]): SpeakerEdits {
  const edits: SpeakerEdits = {};
  for (const s of speakers) {
    edits[s.label] = { label: s.label, into: null, role: s.role, ...(s.participant ? { participant: s.participant.guid } : {}) };
  }
  return edits;
}

function editOf(edits: SpeakerEdits, s: SpeakerPreview): SpeakerEdit {
  return edits[s.label] ?? { label: s.label, into: null, role: s.role };
}

/** The speaker a `into` chain ends at (a cycle, or a target that left, ends at the speaker itself). */
function rootOf(edits: SpeakerEdits, detected: string, known: ReadonlySet<string>): string {
  const seen = new Set<string>([detected]);
  let at = detected;
  for (;;) {
    const next = edits[at]?.into ?? null;
    if (next === null || !known.has(next)) return at;
    if (seen.has(next)) return detected;
    seen.add(next);
    at = next;
  }
}

function labelProblem(typed: string): string | null {
  const label = normalizeLabel(typed);
  if (label === '') return 'A speaker needs a name.';
  if (label.length > MAX_LABEL) return `A name can have at most ${MAX_LABEL} characters.`;
  return null;
}

/**
 * The rows of the speaker table, in the order the speakers were detected. `participants` is the
 * project's registry, used to show which participant an untouched speaker will be matched to.
 */
export function resolveSpeakers(
  speakers: readonly SpeakerPreview[],
  edits: SpeakerEdits,
  participants: readonly Pick<Participant, 'guid' | 'label'>[] = [],
): SpeakerRow[] {
  const known = new Set(speakers.map((s) => s.label));
  const preview = new Map(speakers.map((s) => [s.label, s]));
  // Speakers not merged by choice group by their typed label; the others follow their root.
  const roots = new Map(speakers.map((s) => [s.label, rootOf(edits, s.label, known)]));
  const groupKey = new Map<string, string>();
  // Two detected labels that differ only in case ("MOD", "Mod") stay apart until the researcher
  // merges them: only the first untouched one claims the case-free key others can type.
  const claimed = new Set<string>();
  for (const s of speakers) {
    if (roots.get(s.label) !== s.label) continue;
    const typed = editOf(edits, s).label;
    let key = keyOf(typed) || `\u0000${s.label}`;
    if (typed === s.label) {
      if (claimed.has(key)) key = `\u0000${s.label}`;
      else claimed.add(key);
    }
    groupKey.set(s.label, key);
  }
  for (const s of speakers) {
    const root = roots.get(s.label)!;
    if (root !== s.label) groupKey.set(s.label, groupKey.get(root)!);
  }
  // The head of a group: the speaker the others joined. A speaker whose own label is the group's
  // label (it was not renamed) wins; else the first one detected.
  const heads = new Map<string, string>();
  for (const s of speakers) {
    const key = groupKey.get(s.label)!;
    const own = roots.get(s.label) === s.label && keyOf(s.label) === key;
    if (!heads.has(key) || (own && keyOf(heads.get(key)!) !== key)) heads.set(key, s.label);
  }
  const byHead = new Map<string, string[]>();
  for (const s of speakers) {
    const head = heads.get(groupKey.get(s.label)!)!;
    if (head !== s.label) byHead.set(head, [...(byHead.get(head) ?? []), s.label]);
  }
  const byLabel = new Map(participants.map((p) => [keyOf(p.label), p.guid]));

  return speakers.map((s) => {
    const head = heads.get(groupKey.get(s.label)!)!;
    const headEdit = editOf(edits, preview.get(head)!);
    const label = normalizeLabel(headEdit.label) || s.label;
    const members = head === s.label ? (byHead.get(head) ?? []) : [];
    const group = [s.label, ...members].map((l) => preview.get(l)!);
    const chosen = headEdit.participant;
    const matched = byLabel.get(keyOf(label));
    return {
      detected: s.label,
      label,
      head,
      members,
      typedMerge: head !== s.label && roots.get(s.label) === s.label,
      role: headEdit.role,
      participant: chosen === undefined ? (matched ?? 'none') : chosen === null ? 'none' : chosen,
      turns: s.turns,
      words: s.words,
      groupTurns: group.reduce((n, g) => n + g.turns, 0),
      groupWords: group.reduce((n, g) => n + g.words, 0),
      sample: s.sample,
      problem: head === s.label ? labelProblem(headEdit.label) : null,
    };
  });
}

/** What `documents.import` is told about the file's speakers; only what differs from the default. */
export function speakerDecisions(rows: readonly SpeakerRow[], edits: SpeakerEdits, suggested: readonly SpeakerPreview[]): Record<string, SpeakerDecision> {
  const suggestedRole = new Map(suggested.map((s) => [s.label, s.role]));
  const out: Record<string, SpeakerDecision> = {};
  for (const row of rows) {
    const d: SpeakerDecision = {};
    if (row.label !== row.detected) d.label = row.label;
    if (row.head === row.detected) {
      // The head's choices are explicit even when they equal the suggestion: a member detected
      // before it would otherwise give the merged speaker the member's suggested role.
      if (row.members.length > 0 || row.role !== suggestedRole.get(row.detected)) d.role = row.role;
      const participant = edits[row.detected]?.participant;
      if (participant !== undefined) d.participant = participant;
    }
    if (Object.keys(d).length > 0) out[row.detected] = d;
  }
  return out;
}

/** The speaker a typed label would join, if another group already has it (case aside). */
export function labelJoins(rows: readonly SpeakerRow[], detected: string, typed: string): SpeakerRow | null {
  const key = keyOf(typed);
  if (!key) return null;
  return rows.find((r) => r.head === r.detected && r.detected !== detected && keyOf(r.label) === key) ?? null;
}

/**
 * Merges `from` (and whatever was merged into it) into `into`. A merge made by typing becomes an
 * explicit one and the speaker's own label is restored, so un-merging later brings it back.
 */
export function mergeInto(edits: SpeakerEdits, rows: readonly SpeakerRow[], from: string, into: string): SpeakerEdits {
  const target = rows.find((r) => r.detected === into)?.head ?? into;
  if (target === from) return edits;
  const next: SpeakerEdits = { ...edits };
  for (const row of rows) {
    if (row.detected !== from && row.head !== from) continue;
    const e = next[row.detected];
    if (e) next[row.detected] = { ...e, label: row.detected, into: target };
  }
  return next;
}

/** Takes a speaker out of its group again, with its own detected label. */
export function separate(edits: SpeakerEdits, detected: string): SpeakerEdits {
  const e = edits[detected];
  return e ? { ...edits, [detected]: { ...e, label: detected, into: null } } : edits;
}

/** Sets the typed label of a speaker (the head of its group: members show the head's label). */
export function rename(edits: SpeakerEdits, detected: string, label: string): SpeakerEdits {
  const e = edits[detected];
  return e ? { ...edits, [detected]: { ...e, label } } : edits;
}

/**
 * When the typed label of a speaker matches another group's label, the merge it means is made
 * explicit (see mergeInto); otherwise the edits are unchanged. Called when the field is left.
 */
export function settleTypedMerge(edits: SpeakerEdits, rows: readonly SpeakerRow[], detected: string): SpeakerEdits {
  const row = rows.find((r) => r.detected === detected);
  if (!row || row.members.length > 0) return edits;
  if (row.typedMerge) return mergeInto(edits, rows, detected, row.head);
  return edits;
}

/**
 * The edits with an entry for every speaker of the preview: a speaker that appears only after the
 * researcher accepted a possible one starts from its suggestions, like the others did.
 */
export function withAllSpeakers(edits: SpeakerEdits, speakers: readonly SpeakerPreview[]): SpeakerEdits {
  const missing = speakers.filter((s) => !(s.label in edits));
  return missing.length === 0 ? edits : { ...initialEdits(missing), ...edits };
}

/**
 * The possible speakers the researcher accepted (the import source's `extraLabels`): `accept`
 * adds one once, `unaccept` takes it back. The core re-parses with them.
 */
export function acceptLabel(accepted: readonly string[], label: string): string[] {
  return accepted.includes(label) ? [...accepted] : [...accepted, label];
}

export function unacceptLabel(accepted: readonly string[], label: string): string[] {
  return accepted.filter((l) => l !== label);
}
