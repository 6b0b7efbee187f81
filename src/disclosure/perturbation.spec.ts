import fc from 'fast-check';
import { cellPredicate, type CellPredicate, type MonthRun } from './cell-predicate.js';
import { cellNoise, endNoise, noiseBound } from './cell-noise.js';
import { perturbCounts } from './perturbation.js';

const secret = Buffer.from('a test key that is only for these unit tests');
const rules = { threshold: 5, spread: 1, secret };

const month = fc.integer({ min: 0, max: 119 }).map((i) => `${2016 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
const predicate = fc.record({ category: fc.constantFrom('Personal', 'Nuisance', 'Environmental'), from: month, to: month }).map(({ category, from, to }) =>
  cellPredicate(['asb'], [
    { field: 'category', kind: 'values', values: [category] },
    { field: 'month', kind: 'from', month: from < to ? from : to },
    { field: 'month', kind: 'to', month: from < to ? to : from },
  ]),
);

describe('perturbation', () => {
  it('never moves a count by more than its stated bound, and never releases 1–4', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ count: fc.nat(400), p: predicate }), { minLength: 1, maxLength: 30 }), (cells) => {
        const report = perturbCounts(cells.map((c, i) => ({ key: [i], count: c.count })), rules, (i) => cellNoise(rules, cells[i].p));
        report.cells.forEach((r, i) => {
          const truth = cells[i].count;
          if (r.suppressed) return expect(r.count).toBeNull();
          if (truth === 0) return expect(r.count).toBe(0);
          expect(truth).toBeGreaterThanOrEqual(5);
          expect(r.count!).toBeGreaterThanOrEqual(5);
          expect(Math.abs(r.count! - truth)).toBeLessThanOrEqual(noiseBound(1, cells[i].p.months.length));
        });
      }),
    );
  });

  it('keeps released counts of 50 or more within ±4 %', () => {
    fc.assert(
      fc.property(fc.integer({ min: 50, max: 100_000 }), predicate, (count, p) => {
        const [cell] = perturbCounts([{ key: [], count }], rules, () => cellNoise(rules, p)).cells;
        expect(Math.abs(cell.count! - count) / count).toBeLessThanOrEqual(0.04);
      }),
    );
  });

  it('gives the same cell the same noise every time, and different cells independent-looking noise', () => {
    fc.assert(fc.property(predicate, (p) => expect(cellNoise(rules, p)).toBe(cellNoise(rules, p))));
    const draws = Array.from({ length: 3000 }, (_, i) => endNoise(rules, `cell ${i}`, 'to', '2025-01'));
    for (const v of [-1, 0, 1]) expect(draws.filter((d) => d === v).length / draws.length).toBeGreaterThan(0.29);
    expect(endNoise({ secret: Buffer.from('another key'), spread: 1 }, 'cell 0', 'to', '2025-01') === draws[0] && endNoise({ secret: Buffer.from('a third key'), spread: 1 }, 'cell 0', 'to', '2025-01') === draws[0] && endNoise({ secret: Buffer.from('a fourth key'), spread: 1 }, 'cell 0', 'to', '2025-01') === draws[0]).toBe(false);
  });

  it('is a sum of month-end terms, so nested time ranges differ by a fixed amount however they start', () => {
    // X(b) + Y(a): [a..m] − [a..m−1] has the same noise for every a.
    const cell = (from: string, to: string): CellPredicate => cellPredicate(['asb'], [{ field: 'month', kind: 'from', month: from }, { field: 'month', kind: 'to', month: to }]);
    const starts = ['2020-01', '2021-06', '2022-03', '2023-11', '2024-02'];
    const differences = new Set(starts.map((a) => cellNoise(rules, cell(a, '2024-06')) - cellNoise(rules, cell(a, '2024-05'))));
    expect(differences.size).toBe(1);
    const runs: MonthRun[] = [{ from: '2024-01', to: '2024-03' }, { from: '2024-06', to: '2024-06' }];
    expect(Math.abs(cellNoise(rules, { datasets: ['asb'], fields: new Map(), months: runs }))).toBeLessThanOrEqual(noiseBound(1, 2));
  });

  it('turns noise off with a spread of 0', () => {
    fc.assert(fc.property(predicate, (p) => expect(cellNoise({ secret, spread: 0 }, p)).toBe(0)));
  });
});
