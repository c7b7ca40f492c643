/** Braun & Clarke's six phases of reflexive thematic analysis, as Chorus names them. */
export const PHASES = [
  { phase: 1, name: 'Familiarisation' },
  { phase: 2, name: 'Generating codes' },
  { phase: 3, name: 'Constructing themes' },
  { phase: 4, name: 'Reviewing themes' },
  { phase: 5, name: 'Defining and naming themes' },
  { phase: 6, name: 'Writing up' },
] as const;

/** "3 Constructing themes". */
export function phaseLabel(phase: number): string {
  const found = PHASES.find((p) => p.phase === phase);
  return found ? `${found.phase} ${found.name}` : `Phase ${phase}`;
}
