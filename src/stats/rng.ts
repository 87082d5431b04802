// Seeded pseudo-random numbers for the bootstrap. Reproducibility is the point: the same seed must
// give the same interval on every Node version and platform, so everything is 32-bit integer
// arithmetic (Math.imul, >>> 0), which JavaScript specifies exactly; no Math.random, no floats
// until the final scaling.
//
// Generator: xoshiro128** (Blackman & Vigna, "Scrambled linear pseudorandom number generators",
// 2018): 128 bits of state, period 2^128 - 1, passes BigCrush; ample for 10^9 draws.
// Seeding: the state words come from the splitmix32-style sequence (Weyl increment 0x9e3779b9
// mixed by the MurmurHash3 32-bit finaliser), so nearby seeds give unrelated streams.

const TWO_POW_32 = 4294967296;
const TWO_POW_MINUS_32 = 1 / TWO_POW_32;
const TWO_POW_53 = 9007199254740992;
/** Largest bound for which x * n (x < 2^32) is exact in a double. */
const LEMIRE_MAX_BOUND = 2 ** 21;

/** 32-bit rotate left; the result is a signed int32. */
function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function fmix32(h: number): number {
  let z = h >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export class Rng {
  // State words are kept as signed int32 (`| 0`): V8 then stores them unboxed, which makes the
  // generator about ten times faster than with uint32 values (>= 2^31 would be heap numbers).
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** `seed` is any safe integer (negative allowed); equal seeds give equal streams. */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
    const low = seed >>> 0; // two's-complement low 32 bits, also for negative seeds
    const high = Math.floor(seed / TWO_POW_32) >>> 0;
    let weyl = (low ^ fmix32(high ^ 0x6a09e667)) >>> 0;
    const next = (): number => {
      weyl = (weyl + 0x9e3779b9) >>> 0;
      return fmix32(weyl) | 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    // The all-zero state is the generator's only fixed point; the mixer practically never yields it.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A generator with an explicit state, for checking against the reference algorithm. */
  static fromState(s0: number, s1: number, s2: number, s3: number): Rng {
    const rng = new Rng(0);
    rng.s0 = s0 | 0;
    rng.s1 = s1 | 0;
    rng.s2 = s2 | 0;
    rng.s3 = s3 | 0;
    if ((rng.s0 | rng.s1 | rng.s2 | rng.s3) === 0) throw new RangeError('xoshiro128** state must not be all zero');
    return rng;
  }

  /** Uniform integer in [0, 2^32). */
  nextUint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    const s2 = this.s2 ^ this.s0;
    const s3 = this.s3 ^ s1;
    this.s1 = s1 ^ s2;
    this.s0 = this.s0 ^ s3;
    this.s2 = s2 ^ t;
    this.s3 = rotl(s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits (two 32-bit draws: 27 high + 26 low bits). */
  nextFloat(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * 67108864 + low) / TWO_POW_53;
  }

  /**
   * Uniform integer in [0, n) for 1 <= n <= 2^32, without modulo bias. For n <= 2^21 (every
   * bootstrap), Lemire's multiply-and-reject method ("Fast random integer generation in an
   * interval", 2019): x * n < 2^53 is exact in a double, its high 32 bits are the result, and the
   * few x whose low bits fall below 2^32 mod n are redrawn; it avoids a division per draw. Larger
   * n reject draws at or above the largest multiple of n below 2^32, then take x mod n.
   */
  nextInt(n: number): number {
    if (!(n >= 1 && n <= TWO_POW_32 && Number.isInteger(n))) throw new RangeError(`nextInt bound must be an integer in [1, 2^32], got ${n}`);
    if (n <= LEMIRE_MAX_BOUND) {
      let m = this.nextUint32() * n;
      let high = Math.floor(m * TWO_POW_MINUS_32);
      let low = m - high * TWO_POW_32;
      if (low < n) {
        const threshold = TWO_POW_32 % n;
        while (low < threshold) {
          m = this.nextUint32() * n;
          high = Math.floor(m * TWO_POW_MINUS_32);
          low = m - high * TWO_POW_32;
        }
      }
      return high;
    }
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }
}
