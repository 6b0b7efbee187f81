import type { QueryResult } from '../query/query-result.js';
import { renderChart } from './chart-image.js';

const meta = { dataset: 'x', kind: 'aggregate' as const, level: 'aggregate' as never, suppression: null, offset: 0, limit: 100, hasMore: false, datasets: [], cached: false };
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

describe('renderChart', () => {
  it('draws bars by the grouping, leaving withheld cells out, as SVG and PNG', () => {
    const result: QueryResult = {
      columns: [{ name: 'district_code', type: 'text', label: 'Code' }, { name: 'district_name', type: 'text', label: 'District' }, { name: 'count', type: 'integer', label: 'Count' }, { name: 'suppressed', type: 'boolean', label: 'Withheld' }],
      values: [['E07000094', 'E07000088', 'E07000086'], ['Winchester', 'Gosport', 'Eastleigh'], [20, 31, null], [false, false, true]],
      rowCount: 3,
      meta,
    };
    const image = renderChart(result, { type: 'bar', options: { by: 'district' } }, 'ASB by district')!;
    expect(image.svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(image.svg).toContain('Winchester');
    expect(image.svg).toContain('Gosport');
    expect(image.svg).not.toContain('Eastleigh');
    expect(image.png.subarray(0, 4)).toEqual(PNG);
    expect(image.alt).toBe('ASB by district: bar chart of count by district');
    // As Plot's own tests do: the drawn markup, one element a line, against a stored snapshot.
    expect(image.svg.replace(/></g, '>\n<')).toMatchSnapshot();
  });

  it('draws a line per month, with a legend when grouped', () => {
    const result: QueryResult = {
      columns: [{ name: 'month', type: 'text', label: 'Month' }, { name: 'category', type: 'text', label: 'Category' }, { name: 'count', type: 'integer', label: 'Count' }],
      values: [['2025-01', '2025-02', '2025-01', '2025-02'], ['Noise', 'Noise', 'Vehicles', 'Vehicles'], [12, 15, 30, 28]],
      rowCount: 4,
      meta,
    };
    const image = renderChart(result, { type: 'line', options: {} }, 'By month')!;
    expect(image.svg).toContain('<path');
    expect(image.svg).toContain('Vehicles');
    expect(image.png.length).toBeGreaterThan(1000);
  });

  it('breaks a line at a withheld month rather than bridging it', () => {
    const result: QueryResult = {
      columns: [{ name: 'month', type: 'text', label: 'Month' }, { name: 'count', type: 'integer', label: 'Count' }],
      values: [['2025-01', '2025-02', '2025-03', '2025-04'], [12, null, 15, 18]],
      rowCount: 4,
      meta,
    };
    const paths = [...renderChart(result, { type: 'line', options: {} }, 'By month')!.svg.matchAll(/<path[^>]* d="([^"]+)"/g)].map((m) => m[1]);
    // Axis ticks are single strokes (one M); the data line starts again after the gap (two).
    expect(paths.filter((d) => (d.match(/M/g) ?? []).length === 2)).toHaveLength(1);
  });

  it('draws nothing for a table, or when every figure is withheld', () => {
    const result: QueryResult = { columns: [{ name: 'district_name', type: 'text', label: 'District' }, { name: 'count', type: 'integer', label: 'Count' }], values: [['Hart'], [null]], rowCount: 1, meta };
    expect(renderChart(result, { type: 'table', options: {} }, 't')).toBeNull();
    expect(renderChart(result, { type: 'bar', options: {} }, 't')).toBeNull();
  });
});
