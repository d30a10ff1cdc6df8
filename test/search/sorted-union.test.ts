import { describe, expect, it } from 'vitest';
import { unionSize } from '../../src/search/retrieve/sorted-union.ts';

describe('unionSize', () => {
  it('counts a paper in both lists once', () => {
    expect(unionSize(Int32Array.of(1, 3, 5, 9), Int32Array.of(0, 3, 6))).toBe(6);
    expect(unionSize(Int32Array.of(2, 4), new Int32Array(0))).toBe(2);
    expect(unionSize(new Int32Array(0), new Int32Array(0))).toBe(0);
  });

  it('counts only the papers served, when told which are', () => {
    const served = Int32Array.of(0, -1, 1, 2, -1, 3, 4);
    expect(unionSize(Int32Array.of(0, 1, 4), Int32Array.of(1, 2, 6), served)).toBe(3);
  });
});
