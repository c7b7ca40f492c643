import type { SpeakerRole } from '../../../shared/types.js';
import { guessRole } from './parse-transcript.js';

interface TurnLike {
  speaker: string | null;
  start: number;
  end: number;
}

/**
 * The role each speaker probably has, for the import preview to propose. A label that says so
 * (Moderator, Facilitator, Interviewer) decides. Otherwise, in a transcript with no such label,
 * the speaker who opens the discussion and asks the most questions is proposed as the moderator:
 * facilitators are often labelled by name ("Dr. Okafor"). The researcher confirms or changes it.
 */
export function suggestRoles(text: string, turns: TurnLike[], speakers: string[]): Map<string, SpeakerRole> {
  const roles = new Map<string, SpeakerRole>(speakers.map((s) => [s, guessRole(s)]));
  if ([...roles.values()].includes('moderator') || speakers.length < 3) return roles;
  const asked = new Map<string, { turns: number; questions: number }>();
  for (const t of turns) {
    if (t.speaker === null) continue;
    const a = asked.get(t.speaker) ?? { turns: 0, questions: 0 };
    a.turns++;
    if (text.slice(t.start, t.end).includes('?')) a.questions++;
    asked.set(t.speaker, a);
  }
  const first = turns.find((t) => t.speaker !== null)?.speaker;
  let best: string | undefined;
  let bestShare = 0;
  for (const [label, a] of asked) {
    const share = a.questions / a.turns;
    if (share > bestShare) [best, bestShare] = [label, share];
  }
  if (best !== undefined && best === first && bestShare >= 0.4) roles.set(best, 'moderator');
  return roles;
}

/** A line that shows how a speaker talks: their first turn of some length, else their longest. */
export function sampleTurn(text: string, turns: TurnLike[], speaker: string): string {
  const said = turns.filter((t) => t.speaker === speaker).map((t) => text.slice(t.start, t.end));
  const chosen = said.find((s) => s.split(/\s+/).length >= 12) ?? said.reduce((a, b) => (b.length > a.length ? b : a), '');
  const line = chosen.replace(/\s+/g, ' ');
  return line.length > 160 ? `${line.slice(0, 157).trimEnd()}…` : line;
}
