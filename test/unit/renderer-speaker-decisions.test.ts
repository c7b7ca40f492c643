/**
 * The import preview's speaker decisions: merges by choice and by typed label, the rows shown,
 * and what documents.import is sent (the core merges labels that end up identical).
 */
import { describe, expect, it } from 'vitest';
import type { SpeakerPreview } from '../../shared/types';
import {
  acceptLabel,
  initialEdits,
  labelJoins,
  mergeInto,
  rename,
  resolveSpeakers,
  separate,
  settleTypedMerge,
  speakerDecisions,
  unacceptLabel,
  withAllSpeakers,
} from '../../renderer/src/import/speaker-decisions';

const sp = (label: string, turns: number, role: SpeakerPreview['role'] = 'participant'): SpeakerPreview => ({
  label,
  turns,
  words: turns * 10,
  sample: `${label} says something`,
  role,
  participant: null,
});

const FOUND = [sp('Moderator', 5, 'moderator'), sp('P1', 3), sp('Mod', 2), sp('P2', 4)];

describe('speaker rows', () => {
  it('starts with every speaker on its own, with its suggestions and nothing to send', () => {
    const edits = initialEdits(FOUND);
    const rows = resolveSpeakers(FOUND, edits);
    expect(rows.map((r) => [r.detected, r.label, r.head, r.role, r.participant])).toEqual([
      ['Moderator', 'Moderator', 'Moderator', 'moderator', 'none'],
      ['P1', 'P1', 'P1', 'participant', 'none'],
      ['Mod', 'Mod', 'Mod', 'participant', 'none'],
      ['P2', 'P2', 'P2', 'participant', 'none'],
    ]);
    expect(speakerDecisions(rows, edits, FOUND)).toEqual({});
  });

  it('merges with "Merge into…": the member takes the head’s label, the head sums the turns', () => {
    let edits = initialEdits(FOUND);
    edits = mergeInto(edits, resolveSpeakers(FOUND, edits), 'Mod', 'Moderator');
    const rows = resolveSpeakers(FOUND, edits);
    const mod = rows.find((r) => r.detected === 'Mod')!;
    const moderator = rows.find((r) => r.detected === 'Moderator')!;
    expect(mod).toMatchObject({ head: 'Moderator', label: 'Moderator', role: 'moderator', typedMerge: false });
    expect(moderator).toMatchObject({ members: ['Mod'], groupTurns: 7, groupWords: 70 });
    // The head's role goes explicitly: Mod's own suggestion must not win in the core.
    expect(speakerDecisions(rows, edits, FOUND)).toEqual({ Mod: { label: 'Moderator' }, Moderator: { role: 'moderator' } });
  });

  it('merges when a typed label matches another speaker, whatever its case, keeping that spelling', () => {
    let edits = rename(initialEdits(FOUND), 'Mod', '  moderator ');
    let rows = resolveSpeakers(FOUND, edits);
    expect(rows.find((r) => r.detected === 'Mod')).toMatchObject({ head: 'Moderator', label: 'Moderator', typedMerge: true });
    expect(labelJoins(rows, 'P1', 'MODERATOR')?.detected).toBe('Moderator');
    expect(labelJoins(rows, 'P1', 'Someone')).toBeNull();
    // Leaving the field makes it an explicit merge, with the speaker's own label kept for later.
    edits = settleTypedMerge(edits, rows, 'Mod');
    expect(edits.Mod).toMatchObject({ label: 'Mod', into: 'Moderator' });
    rows = resolveSpeakers(FOUND, edits);
    expect(speakerDecisions(rows, edits, FOUND).Mod).toEqual({ label: 'Moderator' });
  });

  it('renaming a head renames its merged speakers with it; separating restores the own label', () => {
    let edits = initialEdits(FOUND);
    edits = mergeInto(edits, resolveSpeakers(FOUND, edits), 'Mod', 'Moderator');
    edits = rename(edits, 'Moderator', 'Dr Kim');
    let rows = resolveSpeakers(FOUND, edits);
    expect(rows.find((r) => r.detected === 'Mod')?.label).toBe('Dr Kim');
    expect(speakerDecisions(rows, edits, FOUND)).toEqual({
      Moderator: { label: 'Dr Kim', role: 'moderator' },
      Mod: { label: 'Dr Kim' },
    });
    edits = separate(edits, 'Mod');
    rows = resolveSpeakers(FOUND, edits);
    expect(rows.find((r) => r.detected === 'Mod')).toMatchObject({ head: 'Mod', label: 'Mod' });
  });

  it('moves a whole group when its head is merged into another speaker', () => {
    let edits = initialEdits(FOUND);
    edits = mergeInto(edits, resolveSpeakers(FOUND, edits), 'P2', 'P1');
    edits = mergeInto(edits, resolveSpeakers(FOUND, edits), 'P1', 'Moderator');
    const rows = resolveSpeakers(FOUND, edits);
    expect(rows.map((r) => r.head)).toEqual(['Moderator', 'Moderator', 'Mod', 'Moderator']);
    expect(rows[0]!.groupTurns).toBe(12);
  });

  it('never loops on a cycle of merges and ignores a target that is not in the file', () => {
    const edits = initialEdits(FOUND);
    edits.P1 = { ...edits.P1!, into: 'P2' };
    edits.P2 = { ...edits.P2!, into: 'P1' };
    edits.Mod = { ...edits.Mod!, into: 'Nobody' };
    const rows = resolveSpeakers(FOUND, edits);
    expect(rows).toHaveLength(4);
    expect(rows.find((r) => r.detected === 'Mod')?.head).toBe('Mod');
  });

  it('keeps labels that differ only in case apart until the researcher merges them', () => {
    const found = [sp('MOD', 1), sp('Mod', 1)];
    const rows = resolveSpeakers(found, initialEdits(found));
    expect(rows.map((r) => r.head)).toEqual(['MOD', 'Mod']);
  });

  it('sends participant choices of heads: new, none, an existing one; untouched is left to the core', () => {
    const participants = [{ guid: '00000000-0000-4000-8000-000000000001', label: 'p2' }];
    let edits = initialEdits(FOUND);
    edits = { ...edits, P1: { ...edits.P1!, participant: 'new' }, Moderator: { ...edits.Moderator!, participant: null } };
    const rows = resolveSpeakers(FOUND, edits, participants);
    // P2 is shown matched to the participant of the same label (the core's default).
    expect(rows.find((r) => r.detected === 'P2')?.participant).toBe(participants[0]!.guid);
    expect(rows.find((r) => r.detected === 'P1')?.participant).toBe('new');
    expect(speakerDecisions(rows, edits, FOUND)).toEqual({ P1: { participant: 'new' }, Moderator: { participant: null } });
  });

  it('flags an empty or over-long label', () => {
    let edits = rename(initialEdits(FOUND), 'P1', '   ');
    expect(resolveSpeakers(FOUND, edits).find((r) => r.detected === 'P1')?.problem).toMatch(/needs a name/);
    edits = rename(edits, 'P1', 'x'.repeat(201));
    expect(resolveSpeakers(FOUND, edits).find((r) => r.detected === 'P1')?.problem).toMatch(/at most 200/);
  });
});

describe('possible speakers accepted in the preview', () => {
  it('keeps the list of accepted labels without duplicates, and takes one back', () => {
    expect(acceptLabel([], 'Maria')).toEqual(['Maria']);
    expect(acceptLabel(['Maria'], 'Maria')).toEqual(['Maria']);
    expect(acceptLabel(['Maria'], 'Sam')).toEqual(['Maria', 'Sam']);
    expect(unacceptLabel(['Maria', 'Sam'], 'Maria')).toEqual(['Sam']);
  });

  it('gives a speaker that appears after an edit its suggestions, keeping the edits made', () => {
    const edited = rename(initialEdits(FOUND), 'P1', 'Participant 1');
    const more = [...FOUND, sp('Maria', 1, 'observer')];
    const edits = withAllSpeakers(edited, more);
    expect(edits.P1!.label).toBe('Participant 1');
    expect(edits.Maria).toEqual({ label: 'Maria', into: null, role: 'observer' });
    // Its row can be edited like any other.
    expect(rename(edits, 'Maria', 'Maria (ward manager)').Maria!.label).toBe('Maria (ward manager)');
    expect(withAllSpeakers(edited, FOUND)).toBe(edited);
  });
});
