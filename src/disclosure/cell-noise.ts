/**
 * The perturbation of one released count: for each run of months the cell covers, a value keyed
 * on where the run starts plus a value keyed on where it ends, each a whole number from −spread to
 * +spread drawn from HMAC-SHA-256 under the hub's secret. Everything else about the cell (its
 * datasets, areas and dimensions) goes into both keys.
 *
 * Why split by the ends of each run (docs/disclosure-control.md): a count over months a..b is then
 * X(b) + Y(a), with X(b) = (true count up to b) + h(b) and Y(a) = g(a) − (true count before a).
 * Every answer an attacker can get for one cell description is a sum of such terms, so however
 * many overlapping or nested time ranges are asked, averaging them tells no more than the two
 * fixed differences h(m) − h(m−1) and g(m) − g(m+1) would: repeating or varying the question
 * gains nothing. Answers are a fixed function of the data and the key, so any account of any
 * organisation asking the same cell gets the same figure.
 */
import { createHmac } from 'node:crypto';
import { type CellPredicate, restKey } from './cell-predicate.js';

export interface NoiseKey {
  /** Secret bytes; never leave the server. */
  secret: Buffer;
  /** Each end of a run moves a count by at most this much; a cell by 2 × spread per run. */
  spread: number;
}

/** The noise added to the true count of the cell `p` describes. */
export function cellNoise(key: NoiseKey, p: CellPredicate): number {
  const rest = restKey(p);
  let noise = 0;
  for (const run of p.months) noise += endNoise(key, rest, 'from', run.from) + endNoise(key, rest, 'to', run.to);
  return noise;
}

/** The largest change cellNoise can make to a cell with `runs` runs of months. */
export function noiseBound(spread: number, runs: number): number {
  return 2 * spread * runs;
}

/** A uniform whole number in [−spread, spread] for one end of a run. */
export function endNoise(key: NoiseKey, rest: string, side: 'from' | 'to', month: string): number {
  if (key.spread === 0) return 0;
  const digest = createHmac('sha256', key.secret).update(`${side}\u0000${month}\u0000${rest}`).digest();
  const width = 2 * key.spread + 1;
  // 48 bits keep the modulo bias below 2^-40 for any sane spread.
  return (digest.readUIntBE(0, 6) % width) - key.spread;
}
