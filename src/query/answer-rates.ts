/**
 * The rate step of an answer: after release (answer-shaping.ts and its disclosure control), add
 * each group's population and its rate per 1,000 from the released count (src/reference/rates.ts).
 */
import type { AreaScope } from '../access/access-policy.js';
import { ratesFor, POPULATION_COLUMN, RATE_COLUMN, type WardOf } from '../reference/rates.js';
import type { ReferenceSnapshot } from '../reference/reference-data.service.js';
import type { ShapedAnswer } from './answer-shaping.js';
import type { AggregateSpec } from './query-spec.js';

/** Adds `population` and `rate_per_1000`; with no reference data loaded both are empty. */
export function addRates(shaped: ShapedAnswer, spec: AggregateSpec, reference: ReferenceSnapshot | null, scopes: readonly AreaScope[], wards: WardOf): ShapedAnswer {
  const districts = scopes.some((s) => s.all) ? null : new Set(scopes.flatMap((s) => (s.all ? [] : s.codes)));
  const rates = ratesFor(shaped, spec.rate!, reference?.profiles ?? [], districts, spec.filters, wards);
  return {
    ...shaped,
    columns: [...shaped.columns, { name: POPULATION_COLUMN, type: 'integer', label: rates.labels.population }, { name: RATE_COLUMN, type: 'double', label: rates.labels.rate }],
    values: [...shaped.values, rates.population, rates.rate],
  };
}
