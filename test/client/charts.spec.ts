import { describe, expect, it } from '@jest/globals';
import { barChart } from '../../client/src/charts/bar-chart.js';
import { heatmapChart } from '../../client/src/charts/heatmap-chart.js';
import { lineChart } from '../../client/src/charts/line-chart.js';
import { stackedBarChart } from '../../client/src/charts/stacked-bar-chart.js';
import { AREA_TILES, tileMap } from '../../client/src/charts/tile-map.js';
import { type Row, withDatasetTitles } from '../../client/src/data/rows.js';
import { monthDomain } from '../../client/src/charts/chart-options.js';
import { chartDocument, expectSvgSnapshot } from './svg-snapshot.js';

const MONTHS = ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06'];
const CATEGORIES = ['Anti-social behaviour', 'Criminal damage and arson', 'Violence and sexual offences'];

/** Fixed, made-up counts: deterministic so the snapshots are stable. */
function monthly(): Row[] {
  return MONTHS.flatMap((month, m) =>
    CATEGORIES.map((category, c) => {
      const count = 20 + ((m * 7 + c * 13) % 40);
      // One small cell withheld, as the query engine sends it: count null, suppressed true.
      return m === 2 && c === 1 ? { month, category, count: null, suppressed: true } : { month, category, count, suppressed: false };
    }),
  );
}

describe('charts render to stable SVG', () => {
  const document = chartDocument();

  it('line: monthly trend on a parsed time axis', () => {
    const rows = MONTHS.map((month, i) => ({ month, count: 100 + i * 12 }));
    const chart = lineChart(rows, { x: 'month', value: 'count', ariaLabel: 'Monthly count', document });
    expect(chart.getAttribute('role')).toBe('img');
    expect(chart.getAttribute('aria-label')).toBe('Monthly count');
    expect(chart.querySelectorAll('[aria-label]').length).toBe(0);
    expectSvgSnapshot(chart, 'line');
  });

  it('line: one line per series, labelled at the end', () => {
    const chart = lineChart(monthly(), { x: 'month', series: 'category', value: 'count', ariaLabel: 'By category', document });
    expect(chart.textContent).toContain('Violence and sexual offences');
    expectSvgSnapshot(chart, 'line-series');
  });

  it('bar: sorted largest first, suppressed rows labelled not drawn', () => {
    const rows: Row[] = [
      { district_name: 'Winchester', count: 120, suppressed: false },
      { district_name: 'Portsmouth', count: 340, suppressed: false },
      { district_name: 'Hart', count: null, suppressed: true },
    ];
    const chart = barChart(rows, { y: 'district_name', value: 'count', ariaLabel: 'By district', document });
    const labels = [...chart.querySelectorAll('g[aria-hidden] text, text')].map((t) => t.textContent);
    expect(labels.indexOf('Portsmouth')).toBeLessThan(labels.indexOf('Winchester'));
    expect(chart.textContent).toContain('suppressed (1–4)');
    expect(chart.querySelectorAll('rect').length).toBe(2);
    expectSvgSnapshot(chart, 'bar');
  });

  it('bar, stacked bar and heatmap: a group with no value is drawn and named "Not known", not left blank', () => {
    const bar = barChart(
      [
        { district_name: 'Winchester', count: 120, suppressed: false },
        { district_name: null, count: 35, suppressed: false },
      ],
      { y: 'district_name', value: 'count', ariaLabel: 'By district', document },
    );
    expect([...bar.querySelectorAll('text')].map((t) => t.textContent)).toContain('Not known');
    expect(bar.querySelectorAll('rect').length).toBe(2);
    const monthlyWithGap: Row[] = [
      { month: '2024-01', category: 'Noise', count: 12, suppressed: false },
      { month: '2024-01', category: null, count: 7, suppressed: false },
    ];
    const stacked = stackedBarChart(monthlyWithGap, { x: 'month', series: 'category', value: 'count', ariaLabel: 'Stacked', document });
    expect(stacked.textContent).toContain('Not known');
    expect(stacked.querySelectorAll('svg rect').length).toBeGreaterThanOrEqual(2);
    const heat = heatmapChart(monthlyWithGap, { x: 'month', y: 'category', value: 'count', ariaLabel: 'Heatmap', document });
    expect(heat.textContent).toContain('Not known');
    expect(heat.textContent).not.toContain('null');
  });

  it('month axes run from the first month to the last, so months apart are never drawn side by side', () => {
    const rows: Row[] = [
      { month: '2024-04', category: 'Noise', count: 3 },
      { month: '2023-11', category: 'Noise', count: 5 },
      { month: null, category: 'Project', count: 2 },
    ];
    expect(monthDomain(rows, 'month')).toEqual(['2023-11', '2023-12', '2024-01', '2024-02', '2024-03', '2024-04']);
    expect(monthDomain([], 'month')).toEqual([]);
    // Not months (a heatmap of two groupings): the values themselves, sorted.
    expect(monthDomain([{ status: 'open' }, { status: 'completed' }], 'status')).toEqual(['completed', 'open']);
  });

  it('names datasets by title when an answer is grouped by dataset', () => {
    const rows: Row[] = [{ dataset: 'police-uk-street', count: 3 }, { dataset: 'unknown-slug', count: 1 }, { category: 'x', count: 2 }];
    expect(withDatasetTitles(rows, new Map([['police-uk-street', 'Police street-level crime and ASB']]))).toEqual([
      { dataset: 'Police street-level crime and ASB', count: 3 },
      { dataset: 'unknown-slug', count: 1 },
      { category: 'x', count: 2 },
    ]);
  });

  it('stacked bar: months as ordered bands, not guessed dates', () => {
    const chart = stackedBarChart(monthly(), { x: 'month', series: 'category', value: 'count', ariaLabel: 'Stacked', document });
    expect(chart.textContent).toContain('Jan 2024');
    expect(chart.querySelectorAll('svg rect').length).toBe(MONTHS.length * CATEGORIES.length - 1 + CATEGORIES.length);
    expectSvgSnapshot(chart, 'stacked-bar');
  });

  it('heatmap: category × month, suppressed cells marked S', () => {
    const chart = heatmapChart(monthly(), { x: 'month', y: 'category', value: 'count', ariaLabel: 'Heatmap', document });
    const texts = [...chart.querySelectorAll('text')].map((t) => t.textContent);
    expect(texts.filter((t) => t === 'S')).toHaveLength(1);
    expectSvgSnapshot(chart, 'heatmap');
  });

  it('tile map: all 14 areas, missing and suppressed areas distinguished', () => {
    const rows: Row[] = AREA_TILES.slice(0, 12).map((t, i) => ({ district_code: t.code, count: 10 + i * 9, suppressed: false }));
    rows.push({ district_code: AREA_TILES[12].code, count: null, suppressed: true });
    const chart = tileMap(rows, { area: 'district_code', value: 'count', ariaLabel: 'Map', document });
    const text = chart.textContent ?? '';
    for (const t of AREA_TILES) expect(text).toContain(t.short);
    expect(text).toContain('S');
    expect(text).toContain('–');
    expectSvgSnapshot(chart, 'tile-map');
  });
});
