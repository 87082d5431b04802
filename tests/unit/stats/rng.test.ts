import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/stats/rng.js';

// Independent BigInt transcription of xoshiro128** (Blackman & Vigna) to check the 32-bit JS version.
function referenceXoshiro(state: [bigint, bigint, bigint, bigint], count: number): number[] {
  const mask = 0xffffffffn;
  const rotl = (x: bigint, k: bigint): bigint => ((x << k) | (x >> (32n - k))) & mask;
  let [s0, s1, s2, s3] = state;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    out.push(Number((rotl((s1 * 5n) & mask, 7n) * 9n) & mask));
    const t = (s1 << 9n) & mask;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11n);
  }
  return out;
}

describe('Rng (xoshiro128**)', () => {
  it('matches the reference algorithm from state {1, 2, 3, 4} (first outputs 11520, 0, ...)', () => {
    const rng = Rng.fromState(1, 2, 3, 4);
    const ours = Array.from({ length: 1000 }, () => rng.nextUint32());
    expect(ours.slice(0, 2)).toEqual([11520, 0]);
    expect(ours).toEqual(referenceXoshiro([1n, 2n, 3n, 4n], 1000));
  });

  it('matches the reference from large state words (sign bits set)', () => {
    const words: [number, number, number, number] = [0xdeadbeef, 0xffffffff, 0x80000000, 0x12345678];
    const rng = Rng.fromState(...words);
    const ours = Array.from({ length: 200 }, () => rng.nextUint32());
    expect(ours).toEqual(referenceXoshiro(words.map((w) => BigInt(w)) as [bigint, bigint, bigint, bigint], 200));
  });

  it('is reproducible by seed and differs between nearby seeds', () => {
    const draw = (seed: number): number[] => {
      const rng = new Rng(seed);
      return Array.from({ length: 50 }, () => rng.nextUint32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw(-1)).not.toEqual(draw(2 ** 32 - 1 + 2 ** 32));
    expect(draw(2 ** 40)).not.toEqual(draw(0));
  });

  it('keeps a frozen stream for seed 42 (guards reproducibility across Node versions)', () => {
    const rng = new Rng(42);
    const first = Array.from({ length: 4 }, () => rng.nextUint32());
    expect(first).toEqual([2239652894, 1968907866, 1432790869, 4050498535]);
  });

  it('rejects seeds that are not safe integers', () => {
    expect(() => new Rng(1.5)).toThrow(RangeError);
    expect(() => new Rng(Number.NaN)).toThrow(RangeError);
    expect(() => new Rng(2 ** 60)).toThrow(RangeError);
  });

  it('nextFloat is in [0, 1) with mean 1/2 and variance 1/12', () => {
    const rng = new Rng(7);
    const n = 200_000;
    let sum = 0;
    let squares = 0;
    let inRange = true;
    for (let i = 0; i < n; i++) {
      const u = rng.nextFloat();
      inRange &&= u >= 0 && u < 1;
      sum += u;
      squares += u * u;
    }
    const mean = sum / n;
    expect(inRange).toBe(true);
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(squares / n - mean * mean - 1 / 12)).toBeLessThan(0.002);
  });

  it('nextInt is uniform, including a bound where plain modulo would be badly biased', () => {
    const rng = new Rng(11);
    for (const bound of [1, 6, 2 ** 21, 3 * 2 ** 20 + 1, 3 * 2 ** 30]) {
      const bins = 6;
      const counts = new Array<number>(bins).fill(0);
      const n = 60_000;
      let inRange = true;
      for (let i = 0; i < n; i++) {
        const x = rng.nextInt(bound);
        inRange &&= Number.isInteger(x) && x >= 0 && x < bound;
        counts[Math.floor((x * bins) / bound)]! += 1;
      }
      expect(inRange).toBe(true);
      if (bound === 1) continue;
      // Chi-square with 5 degrees of freedom: 99.99th percentile is 25.7. (Plain modulo of 2^32 by
      // 3 * 2^30 would put twice the mass in the first third.) Both code paths are exercised.
      const expected = n / bins;
      const chi2 = counts.reduce((acc, c) => acc + (c - expected) ** 2 / expected, 0);
      expect(chi2).toBeLessThan(25.7);
    }
  });

  it('nextInt equals the integer form of Lemire\'s method (and modulo rejection above 2^21)', () => {
    const raw = referenceXoshiro([5n, 6n, 7n, 8n], 5000);
    for (const n of [1, 3, 1000, 2 ** 21 - 1, 2 ** 21, 2 ** 21 + 1, 2 ** 31 + 5]) {
      const rng = Rng.fromState(5, 6, 7, 8);
      const expected: number[] = [];
      const bigN = BigInt(n);
      for (const x of raw) {
        if (n <= 2 ** 21) {
          const m = BigInt(x) * bigN;
          if ((m & 0xffffffffn) >= (1n << 32n) % bigN) expected.push(Number(m >> 32n));
        } else if (x < 2 ** 32 - (2 ** 32 % n)) expected.push(x % n);
      }
      const ours = Array.from({ length: expected.length - 2 }, () => rng.nextInt(n));
      expect(ours).toEqual(expected.slice(0, ours.length));
    }
  });

  it('rejects bad nextInt bounds', () => {
    const rng = new Rng(1);
    for (const bad of [0, -1, 1.5, 2 ** 32 + 1, Number.NaN]) expect(() => rng.nextInt(bad)).toThrow(RangeError);
    expect(rng.nextInt(2 ** 32)).toBeLessThan(2 ** 32);
  });
});
