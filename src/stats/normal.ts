// Standard normal distribution: CDF through erfc, quantile by Halley refinement of a rational start.
// Both are needed to full double precision in the tails (p-values, extreme confidence levels),
// so erfc is computed without the cancellation of 1 - erf(x) where erfc(x) is small.

const SQRT_PI = Math.sqrt(Math.PI);
const SQRT_2 = Math.SQRT2;
const SQRT_2PI = Math.sqrt(2 * Math.PI);

/**
 * Below this erfc = 1 - erf (erfc > 0.03 there, so the subtraction costs at most ~3e-15 relative);
 * above, the continued fraction, which needs ~90 Lentz steps at 1.5 and fewer beyond.
 */
const ERFC_SERIES_LIMIT = 1.5;

/**
 * erf(x) for x >= 0 by the all-positive series erf(x) = 2/sqrt(pi) e^{-x^2} sum_n (2x^2)^n x / (1*3*...*(2n+1))
 * (A&S 7.1.6): no alternating signs, so no cancellation.
 */
function erfSeries(x: number): number {
  const x2 = 2 * x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 500; n++) {
    term *= x2 / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return (2 / SQRT_PI) * Math.exp(-x * x) * sum;
}

/**
 * erfc(x) for x >= ERFC_SERIES_LIMIT by the Laplace continued fraction (A&S 7.1.14):
 * erfc(x) = e^{-x^2}/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated with the
 * modified Lentz method. It converges quickly for large x and keeps full relative precision.
 */
function erfcContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 1000; k++) {
    const a = k / 2;
    d = x + a * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = x + a / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (SQRT_PI * f);
}

/** Complementary error function, relative error ~1e-14 or better over the whole real line. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < ERFC_SERIES_LIMIT) return 1 - erfSeries(x);
  if (x > 27) return 0; // erfc(27) < 1e-318: below the smallest double
  return erfcContinuedFraction(x);
}

/** Standard normal CDF Phi(z); accurate in relative terms in the lower tail. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / SQRT_2);
}

/** Standard normal density. */
export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / SQRT_2PI;
}

/**
 * Quantile of the standard normal, Phi^{-1}(p), to about 1e-15. Start: Hastings' rational
 * approximation (A&S 26.2.23, error < 4.5e-4), then Halley steps on Phi(x) - p, which converge
 * cubically; three steps are usually enough. The lower tail is solved directly and the upper
 * tail by symmetry, since 1 - p is exact for p >= 0.5 (Sterbenz).
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) throw new RangeError(`probability must be in [0, 1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p > 0.5) return -lowerQuantile(1 - p);
  return lowerQuantile(p);
}

function lowerQuantile(q: number): number {
  const t = Math.sqrt(-2 * Math.log(q));
  let x = -(t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t));
  for (let i = 0; i < 8; i++) {
    const e = normalCdf(x) - q;
    const u = e * SQRT_2PI * Math.exp(0.5 * x * x);
    if (!Number.isFinite(u)) break; // only for q near the smallest doubles
    const step = u / (1 + 0.5 * x * u);
    x -= step;
    if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(x))) break;
  }
  return x;
}
