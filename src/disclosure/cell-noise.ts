/**
 * The perturbation of one released count: for each run of months the cell covers, a value keyed
 * on where the run starts plus a value keyed on where it ends, each a whole number from −spread to
 * +spread drawn from SHA-256 keyed with the hub's secret. Everything else about the cell (its
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
import { hash } from 'node:crypto';
import { type CellPredicate, type MonthRun, restKey } from './cell-predicate.js';

export interface NoiseKey {
  /** Secret bytes; never leave the server. */
  secret: Buffer;
  /** Each end of a run moves a count by at most this much; a cell by 2 × spread per run. */
  spread: number;
}

/** The noise added to the true count of the cell `p` describes. */
export function cellNoise(key: NoiseKey, p: CellPredicate): number {
  return runsNoise(key, restKey(p), p.months);
}

/** The noise of a cell described by `rest` (see restKey) over `runs` of months. */
export function runsNoise(key: NoiseKey, rest: string, runs: readonly MonthRun[]): number {
  let noise = 0;
  for (const run of runs) noise += endNoise(key, rest, 'from', run.from) + endNoise(key, rest, 'to', run.to);
  return noise;
}

/** The largest change cellNoise can make to a cell with `runs` runs of months. */
export function noiseBound(spread: number, runs: number): number {
  return 2 * spread * runs;
}

/** A uniform whole number in [−spread, spread] for one end of a run. */
export function endNoise(key: NoiseKey, rest: string, side: 'from' | 'to', month: string): number {
  if (key.spread === 0) return 0;
  // SHA-256 over a secret prefix is a keyed pseudo-random function here: nobody sees the digest,
  // only a value from −spread to +spread drawn from it. One-shot hashing is twice as fast as HMAC.
  const width = 2 * key.spread + 1;
  // The open ends (before all data, after all data) share one digest: a question with no time
  // range, the commonest, costs one hash. 48 bits keep the modulo bias below 2^-40.
  if ((side === 'from' && month === '-') || (side === 'to' && month === '+')) {
    const digest = hash('sha256', `${secretText(key.secret)}\u0000open\u0000${rest}`, 'buffer');
    return (digest.readUIntBE(side === 'from' ? 0 : 6, 6) % width) - key.spread;
  }
  const digest = hash('sha256', `${secretText(key.secret)}\u0000${side}\u0000${month}\u0000${rest}`, 'buffer');
  return (digest.readUIntBE(0, 6) % width) - key.spread;
}

const secretTexts = new WeakMap<Buffer, string>();

function secretText(secret: Buffer): string {
  let text = secretTexts.get(secret);
  if (text === undefined) {
    text = secret.toString('base64');
    secretTexts.set(secret, text);
  }
  return text;
}
