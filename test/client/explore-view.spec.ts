import { describe, expect, it } from '@jest/globals';
import { exploreHref, savedViewBody } from '../../client/src/data/saved-views.js';
import { categoriesSpec, choicesFor, fitView, measureField, paramsOfView, specForView, type View, viewFromParams } from '../../client/src/data/view.js';

/** The query string the app writes for a view (empty values dropped, lists repeated). */
function search(view: View): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(paramsOfView(view))) for (const v of [value].flat()) if (v) params.append(key, v);
  return params;
}

const base: View = { dataset: 'asb-cases', chart: 'bar', by: 'category', measure: 'count', from: '', to: '', areas: [], categories: [], rate: '', season: '', layer: '' };
const entry = {
  dimensions: ['month', 'year', 'district', 'lsoa', 'category', 'category_group', 'source', 'placement', 'status', 'priority'],
  measures: ['count', 'count_distinct(case_ref)', 'count_distinct(status)', 'sum(hours)', 'avg(hours)'],
};
const fields = [{ name: 'case_ref', label: 'Case reference' }, { name: 'hours', label: 'Hours spent' }, { name: 'status', label: 'Case status' }];

describe('Explore view ⇄ URL ⇄ question', () => {
  it('round-trips the cross-partner view, a measure, categories and a declared grouping', () => {
    const view: View = { ...base, dataset: '*', by: 'category_group', chart: 'stacked', from: '2025-01', to: '2025-06', areas: ['E07000094'], categories: ['Anti-social behaviour', 'Crime: other'] };
    const params = search(view);
    expect(params.get('dataset')).toBe('*');
    expect(params.getAll('cat')).toEqual(['Anti-social behaviour', 'Crime: other']);
    expect(params.has('measure')).toBe(false);
    expect(viewFromParams(params)).toEqual(view);
    const sum = { ...base, by: 'status', measure: 'sum(hours)' };
    expect(viewFromParams(search(sum))).toEqual(sum);
  });

  it('asks the engine for the measure, and for the categories as an in filter on the right field', () => {
    expect(specForView({ ...base, measure: 'count_distinct(case_ref)', categories: ['Noise', 'Vehicles'] })).toEqual({
      dataset: 'asb-cases',
      measures: ['count_distinct(case_ref)'],
      groupBy: ['category'],
      filters: [{ field: 'category', op: 'in', value: ['Noise', 'Vehicles'] }],
    });
    expect(specForView({ ...base, dataset: '*', chart: 'line', categories: ['Crime'] })).toEqual({
      dataset: '*',
      measures: ['count'],
      groupBy: ['month'],
      filters: [{ field: 'category_group', op: 'in', value: ['Crime'] }],
    });
    expect(categoriesSpec('*')).toEqual({ dataset: '*', measures: ['count'], groupBy: ['category_group'], orderBy: ['category_group'] });
    expect(measureField('sum(hours)')).toBe('sum_hours');
    expect(measureField('count_distinct(case_ref)')).toBe('count_distinct_case_ref');
    expect(measureField('count')).toBe('count');
  });

  it('ignores malformed parts of the URL', () => {
    const view = viewFromParams(new URLSearchParams('dataset=DROP TABLE&by=Status;--&measure=avg(hours)&cat=&cat=Noise&cat=Noise&area=bad'), { dataset: 'asb-cases' });
    expect(view).toEqual({ ...base, chart: 'line', categories: ['Noise'] });
    expect(viewFromParams(new URLSearchParams('measure=sum(x); drop')).measure).toBe('count');
    expect(viewFromParams(new URLSearchParams(`cat=${'x'.repeat(201)}`)).categories).toEqual([]);
  });
});

describe('Explore choices from the catalogue', () => {
  it('offers a dataset its declared dimensions to group by, the common ones first, labelled from its fields', () => {
    const { groupings, measures, charts } = choicesFor('asb-cases', entry, fields);
    expect(groupings.map((g) => g.id)).toEqual(['category', 'category_group', 'district', 'source', 'placement', 'status', 'priority']);
    expect(groupings.find((g) => g.id === 'status')?.label).toBe('Case status');
    expect(groupings.find((g) => g.id === 'priority')?.label).toBe('Priority');
    // count distinct and sum where the catalogue offers them; avg is not offered by Explore.
    expect(measures).toEqual([
      { id: 'count', label: 'Count of records' },
      { id: 'count_distinct(case_ref)', label: 'Number of different values of Case reference' },
      { id: 'count_distinct(status)', label: 'Number of different values of Case status' },
      { id: 'sum(hours)', label: 'Total of Hours spent' },
    ]);
    expect(charts.map((c) => c.id)).not.toContain('points');
    expect(choicesFor('police-street', { dimensions: ['month', 'point', 'category'], measures: ['count'] }).charts.map((c) => c.id)).toContain('points');
  });

  it('offers the cross-partner view its common dimensions and counts only', () => {
    const { groupings, measures, charts } = choicesFor('*', undefined);
    expect(groupings.map((g) => g.id)).toEqual(['category', 'category_group', 'district', 'ward', 'decile', 'source', 'dataset']);
    expect(measures.map((m) => m.id)).toEqual(['count']);
    expect(charts.map((c) => c.id)).not.toContain('points');
  });

  it('fits a view to what the dataset offers', () => {
    const choices = choicesFor('asb-cases', entry, fields);
    const fitting = { ...base, by: 'status', measure: 'sum(hours)' };
    expect(fitView(fitting, choices)).toBe(fitting);
    expect(fitView({ ...base, dataset: '*', by: 'status', measure: 'sum(hours)', chart: 'points' }, choicesFor('*', undefined))).toEqual({ ...base, dataset: '*', by: 'category', measure: 'count', chart: 'line' });
  });

  it('opens a saved view grouped by a declared dimension, with its measure and categories', () => {
    const href = exploreHref({
      query: { dataset: 'opcc-projects', measures: ['count_distinct(project)'], groupBy: ['priority'], filters: [{ field: 'category', op: 'in', value: ['Victims', 'Youth'] }] },
      chart: { type: 'bar', options: {} },
    });
    const view = viewFromParams(new URL(href, 'http://x').searchParams);
    expect(view).toMatchObject({ dataset: 'opcc-projects', chart: 'bar', by: 'priority', measure: 'count_distinct(project)', categories: ['Victims', 'Youth'] });
    const choices = choicesFor('opcc-projects', { dimensions: ['category', 'status', 'priority'], measures: ['count', 'count_distinct(project)'] });
    expect(fitView(view, choices).by).toBe('priority');
    // And Explore's own saves keep the new fields in their address.
    const saved = savedViewBody({ ...base, dataset: '*', categories: ['Crime'] }, new URLSearchParams());
    expect(viewFromParams(new URL(exploreHref(saved), 'http://x').searchParams)).toEqual({ ...base, dataset: '*', categories: ['Crime'] });
  });
});
