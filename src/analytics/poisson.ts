/**
 * P(X ≥ k) for X ~ Poisson(λ): the chance of seeing at least `k` events in a month whose
 * baseline mean is λ. Summed in log space from the lower tail, exact enough for the small and
 * moderate counts of one area and category (k up to a few thousand).
 */
export function poissonUpperTail(k: number, lambda: number): number {
  if (!Number.isInteger(k) || k < 0) throw new Error(`k must be a whole number ≥ 0, not ${k}`);
  if (!(lambda >= 0)) throw new Error(`λ must be ≥ 0, not ${lambda}`);
  if (k === 0) return 1;
  if (lambda === 0) return 0;
  // 1 − P(X ≤ k−1), computed as the upper sum directly when the lower tail is close to 1.
  if (k > lambda) {
    let logTerm = k * Math.log(lambda) - lambda - logFactorial(k);
    let sum = 0;
    for (let i = k; i < k + 10_000; i++) {
      const term = Math.exp(logTerm);
      sum += term;
      if (term < sum * 1e-15) break;
      logTerm += Math.log(lambda) - Math.log(i + 1);
    }
    return Math.min(1, sum);
  }
  let logTerm = -lambda;
  let lower = 0;
  for (let i = 0; i < k; i++) {
    lower += Math.exp(logTerm);
    logTerm += Math.log(lambda) - Math.log(i + 1);
  }
  return Math.max(0, 1 - lower);
}

function logFactorial(n: number): number {
  let s = 0;
  for (let i = 2; i <= n; i++) s += Math.log(i);
  return s;
}
