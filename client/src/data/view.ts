import type { QuerySpec } from './query.js';

export type ChartType = 'line' | 'bar' | 'stacked' | 'heatmap' | 'map' | 'map-lsoa' | 'map-ward' | 'points' | 'table';

/** What an LSOA map shades: the measure, the deprivation decile, or both at once (bivariate). */
export type MapLayer = '' | 'deprivation' | 'bivariate';

/** The cross-partner view: every dataset the caller may use, over the common dimensions. */
export const CROSS_PARTNER = '*';

/** An Explore question as the URL holds it, so it can be bookmarked and shared. */
export interface View {
  /** A dataset slug, or `*` for the cross-partner view. */
  dataset: string;
  chart: ChartType;
  /** The grouping for bar, stacked, heatmap and table: any dimension the dataset declares. */
  by: string;
  /** `count`, `count_distinct(field)` or `sum(field)`, as the query engine takes it. */
  measure: string;
  from: string;
  to: string;
  areas: string[];
  /** Values of the category field ({@link categoryField}) the question is limited to; none = all. */
  categories: string[];
  /** Show counts as a rate per 1,000 of this population (count measure only); '' = counts. */
  rate: '' | 'all' | 'children' | 'older';
  /** `summer`: July and August of the last three years only (hot spot planning for summer schemes). */
  season: '' | 'summer';
  /** LSOA maps only: shade by deprivation decile, or by the measure and deprivation together. */
  layer: MapLayer;
}

/** July and August of the three most recent summers that have begun by `today`. */
export function summerMonths(today: Date = new Date()): string[] {
  const latest = today.getUTCMonth() >= 6 ? today.getUTCFullYear() : today.getUTCFullYear() - 1;
  return [latest - 2, latest - 1, latest].flatMap((y) => [`${y}-07`, `${y}-08`]);
}

/** Shown under every map: the boundaries' and the deprivation file's licence terms. */
export const MAP_ATTRIBUTION =
  'Boundaries contain OS and ONS data © Crown copyright and database right 2016 (Open Government Licence v3.0; OS OpenData Licence). Deprivation and population: English Indices of Deprivation 2019, MHCLG (Open Government Licence v3.0).';

/** Shown with ward maps: rows carry an LSOA, not a ward. */
export const WARD_NOTE =
  "Wards are the 2013 electoral wards. Each row counts in the ward covering most of its 2011 LSOA (best fit), so a ward's figure can include a few incidents just over its boundary.";

/** Shown with every rate. */
export const RATE_NOTE =
  'Rates are per 1,000 residents (mid-2015 population of the 2011 LSOAs, English Indices of Deprivation 2019), from the counts as released: a suppressed count has no rate, and a perturbed count gives a rate just as far from the true one.';

/** "Show as" choices: counts, or a rate per 1,000 residents computed by the server from the released count. */
export const RATE_CHOICES: readonly { id: View['rate']; label: string }[] = [
  { id: '', label: 'Counts' },
  { id: 'all', label: 'Rate per 1,000 residents' },
  { id: 'children', label: 'Rate per 1,000 children (0–15)' },
  { id: 'older', label: 'Rate per 1,000 people aged 60+' },
];

/** "Shade by" choices of an LSOA map. */
export const MAP_LAYERS: readonly { id: MapLayer; label: string }[] = [
  { id: '', label: 'The measure' },
  { id: 'deprivation', label: 'Deprivation decile (IMD 2019)' },
  { id: 'bivariate', label: 'The measure and deprivation together' },
];

export const CHART_TYPES: readonly { id: ChartType; label: string }[] = [
  { id: 'line', label: 'Line: trend over months' },
  { id: 'bar', label: 'Bar: totals' },
  { id: 'stacked', label: 'Stacked bar: months by group' },
  { id: 'heatmap', label: 'Heatmap: group × month' },
  { id: 'map', label: 'Map: by district' },
  { id: 'map-lsoa', label: 'Map: by LSOA' },
  { id: 'map-ward', label: 'Map: by ward' },
  { id: 'points', label: 'Map: snapped locations (hexagons)' },
  { id: 'table', label: 'Table' },
];

/** Charts drawn by a grouping the user picks (the others are by month or by place). */
export const GROUPED_CHARTS: readonly ChartType[] = ['bar', 'stacked', 'heatmap', 'table'];

/** Labels of the groupings every dataset has (the query engine's aliases and common columns). */
const COMMON_GROUPINGS: readonly { id: string; label: string }[] = [
  { id: 'category', label: 'Category' },
  { id: 'category_group', label: 'Category group' },
  { id: 'district', label: 'District' },
  { id: 'ward', label: 'Ward (best fit of the LSOA)' },
  { id: 'decile', label: 'Deprivation decile (1 = most deprived)' },
  { id: 'source', label: 'Source partner' },
  { id: 'placement', label: 'How the area was found' },
];

/** The groupings of the cross-partner view (its common dimensions, and which dataset). */
export const CROSS_PARTNER_GROUPINGS: readonly { id: string; label: string }[] = [
  ...COMMON_GROUPINGS.filter((g) => g.id !== 'placement'),
  { id: 'dataset', label: 'Dataset' },
];

/** Groupings Explore never offers in "Group by": the charts use them themselves. */
const NOT_OFFERED = new Set(['month', 'year', 'lsoa', 'lsoa11', 'point', 'longitude', 'latitude']);

/**
 * The "Group by" choices for a dataset, from the dimensions the catalogue says the caller can use
 * (`GET /api/datasets` `dimensions`), labelled from its declared fields where it has them.
 */
export function groupingsFor(dataset: string, dimensions: readonly string[], fields: readonly { name: string; label: string }[] = []): { id: string; label: string }[] {
  if (dataset === CROSS_PARTNER) return [...CROSS_PARTNER_GROUPINGS];
  const labelOf = (id: string) => COMMON_GROUPINGS.find((g) => g.id === id)?.label ?? fields.find((f) => f.name === id)?.label ?? humanise(id);
  const ids = dimensions.filter((d) => !NOT_OFFERED.has(d));
  const common = COMMON_GROUPINGS.map((g) => g.id).filter((id) => ids.includes(id));
  return [...common, ...ids.filter((id) => !common.includes(id))].map((id) => ({ id, label: labelOf(id) }));
}

/**
 * The "Measure" choices: count, and count distinct / sum of the fields the catalogue offers them
 * for (`measures`: at aggregate level that is count alone).
 */
export function measuresFor(dataset: string, measures: readonly string[], fields: readonly { name: string; label: string }[] = []): { id: string; label: string }[] {
  const out = [{ id: 'count', label: 'Count of records' }];
  if (dataset === CROSS_PARTNER) return out;
  const labelOf = (name: string) => fields.find((f) => f.name === name)?.label ?? humanise(name);
  for (const m of measures) {
    const parsed = parseMeasure(m);
    if (parsed?.fn === 'count_distinct') out.push({ id: m, label: `Number of different values of ${labelOf(parsed.field)}` });
    else if (parsed?.fn === 'sum') out.push({ id: m, label: `Total of ${labelOf(parsed.field)}` });
  }
  return out;
}

function humanise(name: string): string {
  const words = name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const MEASURE = /^(count_distinct|sum)\(([a-z][a-z0-9_]*)\)$/;

function parseMeasure(m: string): { fn: 'count_distinct' | 'sum'; field: string } | null {
  const match = MEASURE.exec(m);
  return match ? { fn: match[1] as 'count_distinct' | 'sum', field: match[2] } : null;
}

/** The answer's column for a measure: the query engine names it `fn_field`. */
export function measureField(measure: string): string {
  const parsed = parseMeasure(measure);
  return parsed ? `${parsed.fn}_${parsed.field}` : 'count';
}

/** The answer's columns for a grouping: the value that identifies it and the one to show. */
export interface GroupColumns {
  /** What a filter on the grouping compares with (district → its ONS code). */
  value: string;
  /** What people read (district → its name). */
  label: string;
}

/** Groupings the query engine expands into other columns (the others are their own column). */
const EXPANDED: Readonly<Record<string, GroupColumns>> = {
  district: { value: 'district_code', label: 'district_name' },
  lsoa: { value: 'lsoa_code', label: 'lsoa_name' },
  lsoa11: { value: 'lsoa11_code', label: 'lsoa11_name' },
  ward: { value: 'ward_code', label: 'ward_name' },
  decile: { value: 'imd_decile', label: 'imd_decile' },
  source: { value: 'source_org', label: 'source_org' },
};

export function groupColumns(groupBy: string): GroupColumns {
  return EXPANDED[groupBy] ?? { value: groupBy, label: groupBy };
}

/** The answer's column for a grouping, as people read it (district → its name). */
export function groupField(by: string): string {
  return groupColumns(by).label;
}

/** The field the categories filter applies to: category groups across partners, categories in a dataset. */
export function categoryField(dataset: string): 'category' | 'category_group' {
  return dataset === CROSS_PARTNER ? 'category_group' : 'category';
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const AREA = /^E0[67]\d{6}$/;
const SLUG = /^([a-z][a-z0-9-]{1,62}|\*)$/;
const NAME = /^[a-z][a-z0-9_]{0,63}$/;
/** As the query engine takes them: at most 500 values of at most 200 characters. */
const MAX_CATEGORIES = 500;

/** Reads a view from the query string, ignoring anything malformed. */
export function viewFromParams(params: URLSearchParams, defaults: Partial<View> = {}): View {
  const dataset = params.get('dataset') ?? '';
  const chart = params.get('chart');
  const by = params.get('by') ?? '';
  const measure = params.get('measure') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  return {
    dataset: SLUG.test(dataset) ? dataset : (defaults.dataset ?? ''),
    chart: CHART_TYPES.some((c) => c.id === chart) ? (chart as ChartType) : (defaults.chart ?? 'line'),
    by: NAME.test(by) ? by : (defaults.by ?? 'category'),
    measure: measure === 'count' || MEASURE.test(measure) ? measure : (defaults.measure ?? 'count'),
    from: MONTH.test(from) ? from : (defaults.from ?? ''),
    to: MONTH.test(to) ? to : (defaults.to ?? ''),
    areas: params.getAll('area').filter((a) => AREA.test(a)),
    rate: (['all', 'children', 'older'] as const).find((r) => r === params.get('rate')) ?? '',
    season: params.get('season') === 'summer' ? 'summer' : '',
    layer: (['deprivation', 'bivariate'] as const).find((l) => l === params.get('layer')) ?? '',
    categories: [...new Set(params.getAll('cat').filter((c) => c.length > 0 && c.length <= 200 && !c.includes('\u0000')))].slice(0, MAX_CATEGORIES),
  };
}

/** The URL parameters of a view; the count measure and empty lists are left out. */
export function paramsOfView(view: View): Record<string, string | string[]> {
  return {
    dataset: view.dataset,
    chart: view.chart,
    by: view.by,
    measure: view.measure === 'count' ? '' : view.measure,
    from: view.from,
    to: view.to,
    area: view.areas,
    cat: view.categories,
    rate: view.rate,
    season: view.season,
    layer: view.chart === 'map-lsoa' ? view.layer : '',
  };
}

/** The question the chart needs answered. */
export function specForView(view: View): QuerySpec {
  const groupBy =
    view.chart === 'line' ? ['month'] :
    view.chart === 'bar' ? [view.by] :
    view.chart === 'map' ? ['district'] :
    view.chart === 'map-lsoa' ? ['lsoa'] :
    view.chart === 'map-ward' ? ['ward'] :
    view.chart === 'points' ? ['point'] :
    ['month', view.by];
  const spec: QuerySpec = { dataset: view.dataset, measures: [view.measure], groupBy };
  if (view.categories.length) spec.filters = [{ field: categoryField(view.dataset), op: 'in', value: [...view.categories] }];
  if (view.areas.length) spec.areas = view.areas;
  if (view.from || view.to) spec.timeRange = { ...(view.from ? { from: view.from } : {}), ...(view.to ? { to: view.to } : {}) };
  if (view.rate && view.measure === 'count' && view.chart !== 'points') spec.rate = view.rate;
  if (view.season === 'summer') spec.filters = [...(spec.filters ?? []), { field: 'month', op: 'in', value: summerMonths() }];
  return spec;
}

/** Whether the view shows a rate rather than its measure. */
export function showsRate(view: View): boolean {
  return !!view.rate && view.measure === 'count' && view.chart !== 'points';
}

/** The question that lists the category values the user can see in a dataset (or the cross-partner view). */
export function categoriesSpec(dataset: string): QuerySpec {
  const field = categoryField(dataset);
  return { dataset, measures: ['count'], groupBy: [field], orderBy: [field] };
}

/** What Explore can offer for the chosen dataset. */
export interface ViewChoices {
  groupings: readonly { id: string; label: string }[];
  measures: readonly { id: string; label: string }[];
  charts: readonly { id: ChartType; label: string }[];
}

/** The choices for a dataset from its catalogue entry (`dimensions`, `measures`, and `fields` for labels). */
export function choicesFor(dataset: string, entry: { dimensions?: readonly string[]; measures?: readonly string[] } | undefined, fields: readonly { name: string; label: string }[] = []): ViewChoices {
  const dimensions = dataset === CROSS_PARTNER ? [] : (entry?.dimensions ?? []);
  // The cross-partner view has no snapped locations (they are not a common dimension).
  const charts = CHART_TYPES.filter((c) => c.id !== 'points' || dimensions.includes('point'));
  return { groupings: groupingsFor(dataset, dimensions, fields), measures: measuresFor(dataset, entry?.measures ?? ['count'], fields), charts };
}

/**
 * The view as the chosen dataset can draw it: a grouping, measure or chart it does not offer
 * gives way to the first it does (or count), so the form always shows what is drawn.
 */
export function fitView(view: View, choices: ViewChoices): View {
  const by = choices.groupings.some((g) => g.id === view.by) ? view.by : (choices.groupings[0]?.id ?? view.by);
  const measure = choices.measures.some((m) => m.id === view.measure) ? view.measure : 'count';
  const chart = choices.charts.some((c) => c.id === view.chart) ? view.chart : 'line';
  return by === view.by && measure === view.measure && chart === view.chart ? view : { ...view, by, measure, chart };
}
