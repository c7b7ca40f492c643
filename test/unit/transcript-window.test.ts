/**
 * The transcript view's window (renderer/src/transcript/turn-window.ts): which turns are live,
 * what a placeholder's height is estimated to be, and which turns a jump must materialise. The
 * last test scrolls a simulated transcript from top to bottom and back, as the view's observers
 * would report it, materialising a batch per task as the view does, and checks that the screen is
 * always covered and the live turns stay few.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_METRICS,
  WINDOW_POLICY,
  estimateTurnHeight,
  keepsWhole,
  leadingTurns,
  metricsFrom,
  nextBatch,
  nextRelease,
  planWindow,
  turnsOf,
  turnsToReveal,
  type TextMetrics,
} from '../../renderer/src/transcript/turn-window';

const M: TextMetrics = { charsPerLine: 10, lineHeight: 20, headed: 30, bare: 10 };

/** Turns of `lengths` characters, each followed by a 5-character gap (a label, a blank line). */
function turnsOfLengths(lengths: number[]): { start: number; end: number }[] {
  let at = 0;
  return lengths.map((n) => {
    const t = { start: at, end: at + n };
    at += n + 5;
    return t;
  });
}

describe('the transcript window', () => {
  it('keeps a short transcript whole and windows a long one', () => {
    expect(keepsWhole(0)).toBe(true);
    expect(keepsWhole(WINDOW_POLICY.wholeBelow - 1)).toBe(true);
    expect(keepsWhole(WINDOW_POLICY.wholeBelow)).toBe(false);
    expect(keepsWhole(160_000)).toBe(false);
    expect(keepsWhole(100, { ...WINDOW_POLICY, wholeBelow: 50 })).toBe(false);
    // Hysteresis: a live turn is released further away than a placeholder is materialised.
    expect(WINDOW_POLICY.keep).toBeGreaterThan(WINDOW_POLICY.near);
  });

  it('estimates a turn from its lines, wrapped, and whether it has a header', () => {
    expect(estimateTurnHeight('', true, M)).toBe(30 + 20);
    expect(estimateTurnHeight('0123456789', true, M)).toBe(30 + 20);
    expect(estimateTurnHeight('0123456789x', true, M)).toBe(30 + 40);
    // Line breaks are kept (pre-wrap): each line wraps on its own, an empty one still takes a line.
    expect(estimateTurnHeight('abc\n\n0123456789012', false, M)).toBe(10 + 20 * (1 + 1 + 2));
    expect(estimateTurnHeight('x'.repeat(300), true, DEFAULT_METRICS)).toBe(Math.round(DEFAULT_METRICS.headed + 5 * DEFAULT_METRICS.lineHeight));
  });

  it('derives the characters per line from a measured body, allowing for word wrapping', () => {
    const m = metricsFrom(700, 26, 8, 33, 12);
    expect(m).toEqual({ charsPerLine: 84, lineHeight: 26, headed: 33, bare: 12 });
    expect(metricsFrom(10, 26, 8, 33, 12).charsPerLine).toBe(8);
  });

  it('opens with the turns that fill the first screens', () => {
    expect(leadingTurns([100, 100, 100, 100], 250)).toBe(3);
    expect(leadingTurns([100, 100, 100, 100], 200)).toBe(2);
    expect(leadingTurns([100, 100], 5000)).toBe(2);
    expect(leadingTurns([], 100)).toBe(0);
    expect(leadingTurns([500], 1)).toBe(1);
  });

  it('reveals the turns of a passage and a screen around them', () => {
    const turns = turnsOfLengths([10, 10, 10, 10, 10, 10, 10]);
    const heights = [100, 100, 100, 100, 100, 100, 100];
    // Inside turn 3 (45..55), nothing around.
    expect(turnsToReveal(turns, heights, { start: 47, end: 50 }, 0)).toEqual({ first: 3, last: 3 });
    // Across turns 2..4.
    expect(turnsToReveal(turns, heights, { start: 32, end: 62 }, 0)).toEqual({ first: 2, last: 4 });
    // In the gap after turn 1 (25..30): the next turn.
    expect(turnsToReveal(turns, heights, { start: 27, end: 28 }, 0)).toEqual({ first: 2, last: 2 });
    // 150 px around: two turns on each side (the second one crosses the 150).
    expect(turnsToReveal(turns, heights, { start: 47, end: 50 }, 150)).toEqual({ first: 1, last: 5 });
    // Clamped to the transcript.
    expect(turnsToReveal(turns, heights, { start: 0, end: 3 }, 10_000)).toEqual({ first: 0, last: 6 });
    expect(turnsToReveal([], [], { start: 0, end: 3 }, 0)).toBeNull();
  });

  it('pins the turns a passage overlaps', () => {
    const turns = turnsOfLengths([10, 10, 10, 10]);
    expect([...turnsOf(turns, [{ start: 2, end: 4 }])]).toEqual([0]);
    expect([...turnsOf(turns, [{ start: 12, end: 40 }, { start: 47, end: 48 }])].sort()).toEqual([0, 1, 2, 3]);
    expect([...turnsOf(turns, [])]).toEqual([]);
  });

  it('materialises what came near and releases what went far, unless it is pinned', () => {
    const plan = planWindow({
      live: new Set([0, 1, 2, 3]),
      near: new Set([3, 4, 5]),
      kept: new Set([2, 3, 4, 5, 6]),
      pinned: new Set([0]),
    });
    // 2 is out of `near` but within `keep`: it stays (no build-and-drop at the boundary).
    expect(plan).toEqual({ materialise: [4, 5], release: [1] });
    expect(planWindow({ live: new Set([1]), near: new Set([1]), kept: new Set([1]), pinned: new Set() })).toEqual({ materialise: [], release: [] });
  });

  it('materialises the turns on the screen first, a few at a time from the top, then the others a batch at a time, nearest first', () => {
    const screen = new Set([10, 11, 12]);
    const policy = { batch: 2, screenBatch: 3 };
    expect(nextBatch([4, 5, 11, 12, 13, 20], screen, policy)).toEqual({ now: [11, 12], more: true });
    expect(nextBatch([4, 5, 13, 14, 20], screen, policy)).toEqual({ now: [13, 14], more: true });
    expect(nextBatch([4, 9, 20], screen, policy)).toEqual({ now: [4, 9], more: true });
    expect(nextBatch([9, 13], screen, policy)).toEqual({ now: [9, 13], more: false });
    expect(nextBatch([11], screen, policy)).toEqual({ now: [11], more: false });
    expect(nextBatch([], screen, policy)).toEqual({ now: [], more: false });
    // Before the screen is known: in order.
    expect(nextBatch([7, 3, 5], new Set(), policy)).toEqual({ now: [3, 5], more: true });
    // A screen of short turns after a jump: three per task, the top ones first.
    const full = new Set([20, 21, 22, 23, 24, 25, 26]);
    expect(nextBatch([20, 21, 22, 23, 24, 25, 26], full, policy)).toEqual({ now: [20, 21, 22], more: true });
    expect(nextBatch([23, 24, 25, 26], full, policy)).toEqual({ now: [23, 24, 25], more: true });
    expect(nextBatch([26], full, policy)).toEqual({ now: [26], more: false });
  });

  it('releases the turns gone far a batch at a time, the farthest from the screen first', () => {
    const screen = new Set([50, 51, 52]);
    const policy = { releaseBatch: 3 };
    expect(nextRelease([10, 11, 12, 90, 91], screen, policy)).toEqual({ now: [10, 11, 91], more: true });
    expect(nextRelease([12, 90], screen, policy)).toEqual({ now: [12, 90], more: false });
    expect(nextRelease([], screen, policy)).toEqual({ now: [], more: false });
    // Before the screen is known: in order.
    expect(nextRelease([4, 2, 9, 7], new Set(), policy)).toEqual({ now: [2, 4, 7], more: true });
  });

  it('keeps the screen covered and the live turns bounded while scrolling a long transcript', () => {
    // 1,000 turns of 40..400 px; a 900 px screen scrolled 700 px a frame, down and up again.
    let seed = 7;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const heights = Array.from({ length: 1000 }, () => 40 + Math.floor(rand() * 360));
    const tops: number[] = [];
    heights.reduce((sum, h, i) => ((tops[i] = sum), sum + h + 16), 0);
    const total = tops[tops.length - 1]! + heights[heights.length - 1]!;
    const screen = 900;
    const within = (top: number, margin: number) =>
      new Set(heights.map((_, i) => i).filter((i) => tops[i]! + heights[i]! > top - margin && tops[i]! < top + screen + margin));
    const live = new Set(Array.from({ length: leadingTurns(heights, screen * (1 + WINDOW_POLICY.near)) }, (_, i) => i));
    const pinned = new Set([3]); // a pending selection near the top
    let most = 0;
    const positions: number[] = [];
    for (let y = 0; y < total - screen; y += 700) positions.push(y);
    for (const y of [...positions, ...positions.reverse()]) {
      const near = within(y, screen * WINDOW_POLICY.near);
      const kept = within(y, screen * WINDOW_POLICY.keep);
      const onScreen = within(y, 0);
      // The frame materialises what is on the screen, and one task after it a batch near it.
      for (let task = 0; task < 2; task++) {
        const plan = planWindow({ live, near, kept, pinned });
        for (const i of nextBatch(plan.materialise, onScreen, WINDOW_POLICY).now) live.add(i);
        if (task === 0) for (const i of plan.release) live.delete(i);
      }
      for (const i of onScreen) expect(live.has(i), `turn ${i} on screen at ${y}`).toBe(true);
      for (const i of live) expect(kept.has(i) || pinned.has(i), `turn ${i} live at ${y}`).toBe(true);
      expect(live.has(3)).toBe(true);
      most = Math.max(most, live.size);
    }
    // About 1 + 2 × 2.5 screens of turns (plus the pinned one), never the whole transcript.
    const perScreen = screen / (heights.reduce((a, b) => a + b + 16, 0) / heights.length);
    expect(most).toBeLessThan(Math.ceil(perScreen * (1 + 2 * WINDOW_POLICY.keep)) + 8);
    expect(most).toBeLessThan(heights.length / 10);
  });
});
