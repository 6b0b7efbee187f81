import { poissonUpperTail } from './poisson.js';

describe('poissonUpperTail', () => {
  it('matches hand-computed values', () => {
    // P(X ≥ 1 | λ = 1) = 1 − e^−1
    expect(poissonUpperTail(1, 1)).toBeCloseTo(1 - Math.exp(-1), 12);
    // P(X ≥ 3 | λ = 2) = 1 − e^−2 (1 + 2 + 2)
    expect(poissonUpperTail(3, 2)).toBeCloseTo(1 - 5 * Math.exp(-2), 12);
    // P(X ≥ 10 | λ = 2) ≈ 4.65e-5
    expect(poissonUpperTail(10, 2)).toBeCloseTo(4.6498e-5, 8);
  });

  it('handles the edges', () => {
    expect(poissonUpperTail(0, 5)).toBe(1);
    expect(poissonUpperTail(3, 0)).toBe(0);
    expect(poissonUpperTail(2000, 1500)).toBeLessThan(1e-20);
    expect(poissonUpperTail(1400, 1500)).toBeGreaterThan(0.99);
  });

  it('falls as k rises', () => {
    let previous = 1;
    for (let k = 0; k < 40; k++) {
      const p = poissonUpperTail(k, 12.5);
      expect(p).toBeLessThanOrEqual(previous);
      previous = p;
    }
  });

  it('refuses nonsense', () => {
    expect(() => poissonUpperTail(-1, 1)).toThrow();
    expect(() => poissonUpperTail(1.5, 1)).toThrow();
    expect(() => poissonUpperTail(1, Number.NaN)).toThrow();
  });
});
