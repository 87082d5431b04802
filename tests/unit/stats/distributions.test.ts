import { describe, expect, it } from 'vitest';
import { erfc, normalCdf, normalQuantile } from '../../../src/stats/normal.js';
import { betaRegularized, logGamma, tCdf, tQuantile, tUpperTail } from '../../../src/stats/student-t.js';

const relErr = (actual: number, expected: number): number => Math.abs(actual - expected) / Math.abs(expected);

// Reference values: standard tables to the digits they give, extended with a 30-digit
// arbitrary-precision evaluation where more digits were needed.
describe('normal distribution', () => {
  it('erfc matches reference values on both sides of the series/continued-fraction switch', () => {
    const cases: Array<[number, number]> = [
      [0.5, 0.4795001221869535],
      [1, 0.15729920705028513],
      [2.9, 4.109787809945886e-5],
      [3, 2.209049699858544e-5],
      [3.1, 1.1648657367199589e-5],
      [5, 1.537459794428035e-12],
      [10, 2.088487583762545e-45],
      [26, 5.663192408856143e-296],
    ];
    for (const [x, expected] of cases) expect(relErr(erfc(x), expected)).toBeLessThan(1e-11);
    expect(erfc(0)).toBe(1);
    expect(erfc(-1)).toBeCloseTo(2 - 0.15729920705028513, 15);
    expect(erfc(40)).toBe(0);
    expect(Number.isNaN(erfc(Number.NaN))).toBe(true);
  });

  it('normalCdf matches table values, with relative accuracy far in the lower tail', () => {
    const cases: Array<[number, number]> = [
      [-1, 0.15865525393145705],
      [-5, 2.866515718791939e-7],
      [-10, 7.619853024160525e-24],
      [-20, 2.7536241186062337e-89],
      [-37, 5.725571222524577e-300],
      [1.96, 0.9750021048517795],
      [0.3, 0.6179114221889527],
    ];
    for (const [z, expected] of cases) expect(relErr(normalCdf(z), expected)).toBeLessThan(1e-11);
    expect(normalCdf(0)).toBe(0.5);
  });

  it('normalQuantile matches table values (z_0.975 = 1.959963985)', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 9);
    const cases: Array<[number, number]> = [
      [0.975, 1.9599639845400538],
      [0.995, 2.5758293035489004],
      [0.9, 1.2815515655446006],
      [0.999999, 4.753424308817087],
      [1e-10, -6.361340902404057],
      [1e-300, -37.0470962993612],
    ];
    for (const [p, expected] of cases) expect(relErr(normalQuantile(p), expected)).toBeLessThan(1e-12);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 15);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(() => normalQuantile(1.5)).toThrow(RangeError);
    expect(() => normalQuantile(Number.NaN)).toThrow(RangeError);
  });

  it('normalQuantile inverts normalCdf (upper tail limited by the rounding of p near 1)', () => {
    for (let z = -30; z <= 3; z += 0.37) expect(relErr(normalQuantile(normalCdf(z)), z)).toBeLessThan(1e-12);
    for (let z = 3; z <= 6; z += 0.37) expect(normalQuantile(normalCdf(z))).toBeCloseTo(z, 6);
  });
});

describe('log-gamma and incomplete beta', () => {
  it('logGamma matches reference values and log-factorials', () => {
    const cases: Array<[number, number]> = [
      [0.5, 0.5723649429247001],
      [3.7, 1.428072326665388],
      [10, 12.801827480081469],
      [100, 359.1342053695754],
      [1e-5, 11.512919692895826],
      [12345.678, 103959.91990554606],
    ];
    for (const [x, expected] of cases) expect(relErr(logGamma(x), expected)).toBeLessThan(1e-13);
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-14);
    let logFactorial = 0;
    for (let n = 1; n <= 170; n++) {
      logFactorial += Math.log(n);
      expect(Math.abs(logGamma(n + 1) - logFactorial)).toBeLessThan(1e-12 * Math.max(1, logFactorial));
    }
    expect(() => logGamma(0)).toThrow(RangeError);
  });

  it('betaRegularized matches closed forms: I_x(1, b) = 1 - (1 - x)^b and I_x(a, 1) = x^a', () => {
    for (const x of [0.01, 0.3, 0.5, 0.77, 0.99]) {
      for (const k of [0.5, 1, 2.5, 7]) {
        expect(betaRegularized(x, 1, k)).toBeCloseTo(1 - (1 - x) ** k, 13);
        expect(betaRegularized(x, k, 1)).toBeCloseTo(x ** k, 13);
      }
    }
    expect(betaRegularized(0, 2, 3)).toBe(0);
    expect(betaRegularized(1, 2, 3)).toBe(1);
  });
});

describe("Student's t distribution", () => {
  it('tQuantile matches table values (t_{0.975,10} = 2.228138852)', () => {
    expect(tQuantile(0.975, 10)).toBeCloseTo(2.228138852, 9);
    const cases: Array<[number, number, number]> = [
      [0.975, 1, 12.706204736174694],
      [0.975, 2, 4.302652729749462],
      [0.975, 3, 3.1824463052837078],
      [0.975, 5, 2.5705818356363146],
      [0.975, 30, 2.0422724563012378],
      [0.975, 100, 1.9839715185235518],
      [0.995, 4, 4.604094871349992],
      [0.95, 20, 1.7247182429207866],
      [0.999, 3, 10.214531852407383],
      [0.9995, 10, 4.586893858702708],
      [0.975, 2.5, 3.5746548420036817],
      [1e-8, 4, -131.59473694062356],
      [0.975, 19999, 1.960082611089815],
      [0.975, 1e6, 1.959966356814107],
    ];
    for (const [p, df, expected] of cases) expect(relErr(tQuantile(p, df), expected)).toBeLessThan(1e-9);
    expect(tQuantile(0.5, 7)).toBe(0);
    expect(tQuantile(0.025, 10)).toBeCloseTo(-2.228138852, 9);
  });

  it('tCdf agrees with the closed forms for 1 and 2 degrees of freedom', () => {
    for (let t = -50; t <= 50; t += 1.7) {
      expect(tCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 13);
      expect(tCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 13);
    }
  });

  it('tUpperTail matches reference values', () => {
    const cases: Array<[number, number, number]> = [
      [4.242640687119285, 4, 0.006617799781841345],
      [2, 7, 0.042809664281488025],
      [-3.5, 15.5, 0.9984560701152368],
      [30, 3, 4.067640213581979e-5],
      [1, 1e6, 0.15865537491678916],
    ];
    for (const [t, df, expected] of cases) expect(relErr(tUpperTail(t, df), expected)).toBeLessThan(1e-8);
    expect(tUpperTail(Infinity, 3)).toBe(0);
  });

  it('tQuantile inverts tCdf', () => {
    for (const df of [3, 4.5, 12, 250]) {
      for (const p of [1e-6, 0.01, 0.2, 0.6, 0.9, 0.999]) expect(tCdf(tQuantile(p, df), df)).toBeCloseTo(p, 12);
    }
  });
});
