/** The recording's keys (MediaPanel.tsx), also listed in the help overlay. */

/** How far B goes back, in seconds. */
export const BACK_SECONDS = 5;

/**
 * Letters the coding workspace does not use (J/K, Q, T, V, W, M, L, Shift+B, A, `.`/`,` are
 * taken), active while the open transcript has a recording that can be played.
 */
export const MEDIA_SHORTCUTS: [keys: string, what: string][] = [
  ['P', 'Play / pause the recording'],
  ['B', `Back ${BACK_SECONDS} seconds`],
  ['S', 'Playback speed: 1×, 1.25×, 1.5×, 2×, 0.75×'],
  ['I', 'The current turn starts here: sets its time, then moves on to the next turn'],
  ['Shift+I', 'Clear the current turn’s time'],
];
