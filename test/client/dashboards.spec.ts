import { describe, expect, it } from '@jest/globals';
import { renderSavedView, selectField } from '../../client/src/charts/render-saved.js';
import { crossFilterFromParams, extraFor, paramsOfCrossFilter, removeField, selectedFor, setRange, toggleField } from '../../client/src/data/cross-filter.js';
import { exploreHref, parseEmails, savedViewBody } from '../../client/src/data/saved-views.js';
import type { View } from '../../client/src/data/view.js';
import { chartDocument } from './svg-snapshot.js';

const byDistrict = { query: { dataset: '*', measures: ['count'], groupBy: ['district'] }, chart: { type: 'bar', options: {} } };
const perMonth = { query: { dataset: '*', measures: ['count'], groupBy: ['month'] }, chart: { type: 'line', options: {} } };
const stacked = { query: { dataset: '*', measures: ['count'], groupBy: ['month', 'source'] }, chart: { type: 'stacked', options: {} } };

function params(search: string): URLSearchParams {
  return new URLSearchParams(search);
}

describe('dashboard cross-filter', () => {
  it('round-trips through the URL and ignores malformed parts', () => {
    const filter = crossFilterFromParams(params('filter=district:E07000094&filter=category:Public%20order&filter=bad&filter=Drop:x&from=2025-13&to=2025-06'));
    expect(filter).toEqual({ fields: [{ field: 'district', value: 'E07000094' }, { field: 'category', value: 'Public order' }], to: '2025-06' });
    const again = new URLSearchParams();
    for (const [k, v] of Object.entries(paramsOfCrossFilter(filter))) for (const x of [v].flat()) if (x) again.append(k, x);
    expect(crossFilterFromParams(again)).toEqual(filter);
  });

  it('keeps values containing colons, and one value per field', () => {
    expect(crossFilterFromParams(params('filter=category:Theft: other&filter=category:Drugs')).fields).toEqual([{ field: 'category', value: 'Theft: other' }]);
  });

  it('orders a reversed month range', () => {
    expect(crossFilterFromParams(params('from=2025-06&to=2025-01'))).toEqual({ fields: [], from: '2025-01', to: '2025-06' });
    expect(setRange({ fields: [] }, '2025-09', '2025-03')).toEqual({ fields: [], from: '2025-03', to: '2025-09' });
  });

  it('toggles a clicked value: choose, replace, clear', () => {
    let f = toggleField({ fields: [] }, 'district', 'E07000094');
    expect(f.fields).toEqual([{ field: 'district', value: 'E07000094' }]);
    f = toggleField(f, 'district', 'E06000044');
    expect(f.fields).toEqual([{ field: 'district', value: 'E06000044' }]);
    f = toggleField(f, 'district', 'E06000044');
    expect(f.fields).toEqual([]);
    expect(removeField({ fields: [{ field: 'a', value: '1' }, { field: 'b', value: '2' }] }, 'a').fields).toEqual([{ field: 'b', value: '2' }]);
  });

  it('narrows the other charts, highlights the chart it came from, shades line charts', () => {
    const filter = { fields: [{ field: 'district', value: 'E07000094' }], from: '2025-01', to: '2025-06' };
    expect(extraFor(filter, byDistrict)).toEqual({ timeRange: { from: '2025-01', to: '2025-06' } });
    expect(selectedFor(filter, selectField(byDistrict))).toBe('E07000094');
    expect(extraFor(filter, perMonth)).toEqual({ filters: [{ field: 'district', op: 'eq', value: 'E07000094' }] });
    expect(extraFor(filter, stacked)).toEqual({ filters: [{ field: 'district', op: 'eq', value: 'E07000094' }], timeRange: { from: '2025-01', to: '2025-06' } });
    expect(extraFor({ fields: [] }, stacked)).toEqual({});
  });
});

describe('saved views', () => {
  const view: View = { dataset: 'police-street', chart: 'bar', by: 'district', measure: 'count', from: '2025-01', to: '', areas: ['E07000094'], categories: [], rate: '', season: '', layer: '' };

  it('stores the question and the Explore address, and opens back into the same screen', () => {
    const body = savedViewBody(view, params('dataset=old&extra=kept'));
    expect(body.query).toEqual({ dataset: 'police-street', measures: ['count'], groupBy: ['district'], areas: ['E07000094'], timeRange: { from: '2025-01' } });
    expect(body.chart.type).toBe('bar');
    const href = exploreHref(body);
    const opened = new URL(href, 'http://x').searchParams;
    expect(opened.get('dataset')).toBe('police-street');
    expect(opened.get('extra')).toBe('kept');
    expect(opened.getAll('area')).toEqual(['E07000094']);
  });

  it('opens a view saved outside Explore from its question', () => {
    const href = exploreHref({ query: { dataset: 'opcc-projects', measures: ['count'], groupBy: ['status'], timeRange: { to: '2025-03' } }, chart: { type: 'bar', options: {} } });
    expect(href).toBe('/explore?dataset=opcc-projects&chart=bar&by=status&to=2025-03');
  });

  it('reads email addresses however they are separated', () => {
    expect(parseEmails(' A@x.gov.uk,b@y.gov.uk\n\na@x.gov.uk; c@z.gov.uk ')).toEqual(['a@x.gov.uk', 'b@y.gov.uk', 'c@z.gov.uk']);
  });
});

describe('saved views draw from their own question', () => {
  const document = chartDocument();
  const title = 'A chart';

  it('bars for any grouping, each bar tagged with its value for cross-filtering', () => {
    const rows = [
      { district_code: 'E07000094', district_name: 'Winchester', count: 120, suppressed: false },
      { district_code: 'E06000044', district_name: 'Portsmouth', count: null, suppressed: true },
    ];
    const drawn = renderSavedView({ title, ...byDistrict, chart: { type: 'bar', options: {} } }, rows, { width: 600, selected: 'E07000094', document });
    expect(drawn.selects).toBe('district');
    expect(drawn.columns.map((c) => c.field)).toEqual(['district_name', 'count']);
    const tags = [...drawn.element!.querySelectorAll('[data-key]')].map((e) => e.getAttribute('data-key'));
    expect(tags.sort()).toEqual(['E06000044', 'E07000094']);
    expect(drawn.element!.textContent).toContain('suppressed (1–4)');
  });

  it('a heatmap of two groupings without months (project status within strand)', () => {
    const rows = [
      { category: 'Support for victims', status: 'current', count: 3 },
      { category: 'Support for victims', status: 'completed', count: 2 },
      { category: 'Partnership and data', status: 'current', count: 4 },
    ];
    const drawn = renderSavedView({ title, query: { dataset: 'p', measures: ['count'], groupBy: ['category', 'status'] }, chart: { type: 'heatmap', options: { by: 'status' } } }, rows, { width: 600, document });
    expect(drawn.element).not.toBeNull();
    expect(drawn.element!.textContent).toContain('completed');
    expect(drawn.element!.textContent).toContain('Partnership and data');
    expect(drawn.columns.map((c) => c.label)).toEqual(['Status', 'Category', 'Count']);
  });

  it('a line with a shaded, brushable range', () => {
    const rows = ['2025-01', '2025-02', '2025-03', '2025-04'].map((month, i) => ({ month, count: 10 + i }));
    const plain = renderSavedView({ title, ...perMonth, chart: { type: 'line', options: {} } }, rows, { width: 600, document });
    const shaded = renderSavedView({ title, ...perMonth, chart: { type: 'line', options: {} } }, rows, { width: 600, range: { from: '2025-02', to: '2025-03' }, document });
    expect(shaded.brushes).toBe(true);
    expect(shaded.element!.querySelectorAll('rect').length).toBe(plain.element!.querySelectorAll('rect').length + 1);
  });

  it('falls back to a table for a chart type it does not draw', () => {
    const drawn = renderSavedView({ title, query: { dataset: 'p', measures: ['count'], groupBy: ['lsoa'] }, chart: { type: 'hexbin', options: {} } }, [{ lsoa_code: 'E01', lsoa_name: 'Winchester 001A', count: 5 }], { width: 600, document });
    expect(drawn.element).toBeNull();
    expect(drawn.columns.map((c) => c.label)).toEqual(['Lsoa code', 'Lsoa name', 'Count']);
  });
});
