import fc from 'fast-check';
import { type Cell, roundTo, suppressCounts } from './suppression.js';

const rules = { threshold: 5, base: 5 };

describe('suppressCounts', () => {
  it('withholds counts 1–4 and rounds the rest to base 5', () => {
    const { cells, primary } = suppressCounts(
      [
        { key: ['a'], count: 3 },
        { key: ['b'], count: 7 },
        { key: ['c'], count: 8 },
        { key: ['d'], count: 120 },
      ],
      rules,
    );
    expect(primary).toBe(1);
    expect(cells.map((c) => c.count)).toEqual([null, null, 10, 120]);
    expect(cells.map((c) => c.suppressed)).toEqual([true, true, false, false]);
  });

  it('withholds a cell marked small whatever its count (a stood-in total over a true one of 1–4)', () => {
    const { cells, primary } = suppressCounts(
      [
        { key: ['a'], count: 7, small: true },
        { key: ['b'], count: 9, small: false },
        { key: ['c'], count: 30, small: false },
      ],
      { threshold: 5, base: 1 },
    );
    expect(primary).toBe(1);
    expect(cells.map((c) => c.suppressed)).toEqual([true, true, false]);
  });

  it('withholds the same cells however the rows arrive (ties included)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('r1', 'r2', 'r3', 'r4'), fc.constantFrom('c1', 'c2', 'c3'), fc.constantFrom(0, 2, 7, 7, 9, 30)), { minLength: 1, maxLength: 12 }),
        fc.integer(),
        (raw, seed) => {
          const unique = [...new Map(raw.map(([r, c, n]) => [`${r}|${c}`, { key: [r, c], count: n }])).values()];
          const shuffled = [...unique].sort((a, b) => ((JSON.stringify(a.key).length * 31 + seed) % 7) - ((JSON.stringify(b.key).length * 17 + seed) % 5) || (seed % 2 ? 1 : -1));
          const reversed = [...unique].reverse();
          const withheld = (cells: Cell[]) => {
            const report = suppressCounts(cells, rules);
            return cells.filter((_, i) => report.cells[i].suppressed).map((c) => c.key.join('|')).sort();
          };
          expect(withheld(shuffled)).toEqual(withheld(unique));
          expect(withheld(reversed)).toEqual(withheld(unique));
        },
      ),
    );
  });

  it('adds a partner in each row and column that has a single withheld cell', () => {
    const table: Cell[] = [
      { key: ['r1', 'c1'], count: 2 },
      { key: ['r1', 'c2'], count: 30 },
      { key: ['r1', 'c3'], count: 12 },
      { key: ['r2', 'c1'], count: 40 },
      { key: ['r2', 'c2'], count: 50 },
      { key: ['r2', 'c3'], count: 60 },
    ];
    const report = suppressCounts(table, rules);
    const withheld = report.cells.filter((c) => c.suppressed).map((c) => c.key.join('/'));
    // r1/c1 primary; r1/c3 is the smallest in row r1; column c1 then needs r2/c1, column c3 r2/c3.
    expect(withheld.sort()).toEqual(['r1/c1', 'r1/c3', 'r2/c1', 'r2/c3']);
    expect(report).toMatchObject({ primary: 1, secondary: 3 });
  });

  it('leaves a lone total alone unless it is small', () => {
    expect(suppressCounts([{ key: [], count: 4 }], rules).cells[0]).toEqual({ key: [], count: null, suppressed: true });
    expect(suppressCounts([{ key: [], count: 13 }], rules).cells[0]).toEqual({ key: [], count: 15, suppressed: false });
  });

  it('rounds halves up', () => {
    expect([5, 7, 8, 12, 13].map((n) => roundTo(n, 5))).toEqual([5, 5, 10, 10, 15]);
  });

  const tables = fc
    .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 3 }))
    .chain(([rows, cols, layers]) =>
      fc.array(fc.oneof(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 200 })), { minLength: rows * cols * layers, maxLength: rows * cols * layers }).map((counts) =>
        counts.map((count, i): Cell => ({ key: [i % rows, Math.floor(i / rows) % cols, Math.floor(i / (rows * cols))], count })),
      ),
    );

  it('never releases a count from 1 to 4, and releases only multiples of 5 (property)', () => {
    fc.assert(
      fc.property(tables, (table) => {
        for (const c of suppressCounts(table, rules).cells) {
          if (c.count !== null) {
            expect(c.count % 5).toBe(0);
            expect(c.count).toBeGreaterThanOrEqual(5);
          } else expect(c.suppressed).toBe(true);
        }
      }),
    );
  });

  it('never leaves a line of two or more cells with exactly one withheld cell (property)', () => {
    fc.assert(
      fc.property(tables, (table) => {
        const released = suppressCounts(table, rules).cells;
        for (let d = 0; d < 3; d++) {
          const lines = new Map<string, boolean[]>();
          for (const c of released) {
            const rest = JSON.stringify(c.key.filter((_, j) => j !== d));
            lines.set(rest, [...(lines.get(rest) ?? []), c.suppressed]);
          }
          for (const line of lines.values()) if (line.length > 1) expect(line.filter(Boolean).length).not.toBe(1);
        }
      }),
    );
  });

  it('gives the same answer for the same table (no randomness to average away)', () => {
    fc.assert(fc.property(tables, (table) => expect(suppressCounts(table, rules)).toEqual(suppressCounts(table, rules))));
  });
});
