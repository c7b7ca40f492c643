import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { partitionPoint } from '../../shared/partition-point.js';

describe('partitionPoint', () => {
  it('finds where a sorted array stops being below a value, as a linear scan does', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 })), fc.integer({ min: -60, max: 60 }), (values, x) => {
        const sorted = [...values].sort((a, b) => a - b);
        const linear = sorted.findIndex((v) => v >= x);
        expect(partitionPoint(sorted.length, (i) => sorted[i]! < x)).toBe(linear === -1 ? sorted.length : linear);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives 0 for an empty range and n when the predicate holds throughout', () => {
    expect(partitionPoint(0, () => true)).toBe(0);
    expect(partitionPoint(5, () => true)).toBe(5);
    expect(partitionPoint(5, () => false)).toBe(0);
  });
});
