// Student's t distribution: CDF through the regularized incomplete beta function, quantile by
// safeguarded Newton iteration. Also the log-gamma function both need.

import { normalQuantile } from './normal.js';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
// Stirling series coefficients B_2k / (2k (2k-1)), k = 1..8 (A&S 6.1.40).
const STIRLING = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156, -3617 / 122400];

/**
 * ln Gamma(x) for x > 0. Stirling's series is used from x >= 10, where eight terms leave an error
 * below 1e-17; smaller x are shifted up with Gamma(x) = Gamma(x + k) / (x (x+1) ... (x+k-1)).
 */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  let shift = 0;
  let y = x;
  if (y < 10) {
    let product = 1;
    while (y < 10) {
      product *= y;
      y += 1;
    }
    shift = Math.log(product);
  }
  const inv = 1 / y;
  const inv2 = inv * inv;
  let series = 0;
  let power = inv;
  for (const coefficient of STIRLING) {
    series += coefficient * power;
    power *= inv2;
  }
  return (y - 0.5) * Math.log(y) - y + HALF_LOG_2PI + series - shift;
}

/**
 * Continued fraction of the incomplete beta function (A&S 26.5.8) by modified Lentz; converges
 * fast for x < (a + 1) / (a + b + 2), which the caller guarantees by symmetry.
 */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = Math.abs(d) < tiny ? tiny : d;
  d = 1 / d;
  let f = d;
  for (let m = 1; m < 100000; m++) {
    const m2 = 2 * m;
    // Even step: d_{2m} = m (b - m) x / ((a + 2m - 1)(a + 2m)).
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = 1 + aa / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    f *= d * c;
    // Odd step: d_{2m+1} = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)).
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = 1 + aa / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = d * c;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return f;
}

/**
 * Regularized incomplete beta I_x(a, b). `oneMinusX` is 1 - x supplied by the caller, who can
 * often compute it without cancellation (e.g. t^2 / (df + t^2)).
 */
export function betaRegularized(x: number, a: number, b: number, oneMinusX = 1 - x): number {
  if (x <= 0) return 0;
  if (oneMinusX <= 0) return 1;
  const logFront = a * Math.log(x) + b * Math.log(oneMinusX) - (logGamma(a) + logGamma(b) - logGamma(a + b));
  const front = Math.exp(logFront);
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, oneMinusX)) / b;
}

/** P(T > |t|) = I_x(df/2, 1/2) / 2 with x = df / (df + t^2), 1 - x formed without cancellation. */
function outerTail(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be > 0, got ${df}`);
  if (Number.isNaN(t)) return NaN;
  if (!Number.isFinite(t)) return 0;
  const t2 = t * t;
  return 0.5 * betaRegularized(df / (df + t2), df / 2, 0.5, t2 / (df + t2));
}

/** P(T > t) for T ~ t(df); accurate in relative terms for large positive t (p-values). */
export function tUpperTail(t: number, df: number): number {
  const tail = outerTail(t, df);
  return t >= 0 ? tail : 1 - tail;
}

/** CDF of Student's t with `df` (> 0, not necessarily integer) degrees of freedom. */
export function tCdf(t: number, df: number): number {
  const tail = outerTail(t, df);
  return t > 0 ? 1 - tail : tail;
}

/** Density of Student's t. */
export function tPdf(t: number, df: number): number {
  const logC = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  return Math.exp(logC - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/**
 * Quantile of Student's t. Closed forms for df = 1 and 2; otherwise Newton on the lower tail
 * from a Cornish-Fisher start (A&S 26.7.5, two terms), kept inside a bracket [lo, 0] with
 * bisection whenever a Newton step leaves it, so heavy tails cannot make it diverge.
 */
export function tQuantile(p: number, df: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) throw new RangeError(`probability must be in [0, 1], got ${p}`);
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be > 0, got ${df}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (p > 0.5) return -lowerTQuantile(1 - p, df);
  return lowerTQuantile(p, df);
}

function lowerTQuantile(q: number, df: number): number {
  if (df === 1) return Math.tan(Math.PI * (q - 0.5));
  if (df === 2) return (2 * q - 1) / Math.sqrt(2 * q * (1 - q));
  const z = normalQuantile(q);
  const z3 = z * z * z;
  let x = z + (z3 + z) / (4 * df) + (5 * z3 * z * z + 16 * z3 + 3 * z) / (96 * df * df);
  if (!(x < 0)) x = z;
  // Bracket: F(hi) >= q at hi = 0; push lo down until F(lo) < q.
  let hi = 0;
  let lo = x;
  while (tCdf(lo, df) >= q) {
    hi = lo;
    lo *= 2;
  }
  for (let i = 0; i < 100; i++) {
    const f = tCdf(x, df) - q;
    if (f === 0) return x;
    if (f > 0) hi = Math.min(hi, x);
    else lo = Math.max(lo, x);
    let next = x - f / tPdf(x, df);
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - x) <= 1e-14 * Math.abs(x)) return next;
    x = next;
  }
  return x;
}
