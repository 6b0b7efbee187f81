import { formatMonth } from '../format.js';
import type { Row } from '../data/rows.js';
import type { View } from '../data/view.js';
import { barChart } from './bar-chart.js';
import { heatmapChart } from './heatmap-chart.js';
import { lineChart } from './line-chart.js';
import { stackedBarChart } from './stacked-bar-chart.js';
import { tileMap } from './tile-map.js';
import { choroplethMap } from './choropleth-map.js';
import { pointMap } from './point-map.js';
import type { BoundaryNeed, Boundaries } from '../data/boundaries.js';
import type { Column } from '../components/chart-figure.js';
import { groupField, measureField, RATE_CHOICES, showsRate } from '../data/view.js';

/** The boundaries a chart type draws on. */
export function boundaryNeed(chart: View['chart']): BoundaryNeed {
  return chart === 'map' || chart === 'points' ? 'districts' : chart === 'map-lsoa' ? 'lsoas' : chart === 'map-ward' ? 'wards' : 'none';
}

/** Words for the view's grouping and measure, from the choices Explore offered. */
export interface ViewLabels {
  by: string;
  /** E.g. "Count of records", "Total of Amount". */
  measure: string;
}

/**
 * The chart element for an Explore view (null for the table), and the columns of its data table;
 * `rows` when the table shows more than the answer (an LSOA map's deprivation deciles).
 * `deciles` (2011 LSOA → IMD decile) draws an LSOA map's deprivation layer.
 */
export function renderView(
  view: View,
  rows: Row[],
  datasetTitle: string,
  boundaries?: Boundaries,
  labels?: ViewLabels,
  deciles?: ReadonlyMap<string, number>,
): { element: Element | null; caption: string; columns: Column[]; rows?: Row[] } {
  const byLabel = labels?.by ?? view.by;
  const rate = showsRate(view) ? RATE_CHOICES.find((r) => r.id === view.rate)!.label : null;
  const measureLabel = rate ?? (view.measure === 'count' ? 'Count' : (labels?.measure ?? view.measure));
  const range = view.from || view.to ? `, ${view.from ? formatMonth(view.from) : 'start'} to ${view.to ? formatMonth(view.to) : 'latest'}` : '';
  const period = view.season === 'summer' ? `${range}, summer holidays (July and August) of the last three years` : range;
  const value = rate ? 'rate_per_1000' : measureField(view.measure);
  const count: Column = { field: value, label: measureLabel, numeric: true };
  const month: Column = { field: 'month', label: 'Month' };
  const by = groupField(view.by);
  const group: Column = { field: by, label: byLabel };
  const aria = (what: string) => `${what} of ${datasetTitle}${period}`;
  switch (view.chart) {
    case 'line':
      return { element: lineChart(rows, { x: 'month', value, valueLabel: measureLabel, ariaLabel: aria(`${measureLabel} per month`) }), caption: `${measureLabel} per month, ${datasetTitle}${period}`, columns: [month, count] };
    case 'bar':
      return { element: barChart(rows, { y: by, value, valueLabel: measureLabel, ariaLabel: aria(`${measureLabel} by ${byLabel}`) }), caption: `${measureLabel} by ${byLabel.toLowerCase()}, ${datasetTitle}${period}`, columns: [group, count] };
    case 'stacked':
      return { element: stackedBarChart(rows, { x: 'month', series: by, value, valueLabel: measureLabel, ariaLabel: aria(`${measureLabel} per month by ${byLabel}`) }), caption: `${measureLabel} per month by ${byLabel.toLowerCase()}, ${datasetTitle}${period}`, columns: [month, group, count] };
    case 'heatmap':
      return { element: heatmapChart(rows, { x: 'month', y: by, value, valueLabel: measureLabel, ariaLabel: aria(`${byLabel} by month`) }), caption: `${byLabel} by month, ${datasetTitle}${period}`, columns: [month, group, count] };
    case 'map': {
      const columns = [{ field: 'district_name', label: 'District' }, count];
      if (boundaries?.status === 'loaded') {
        const element = choroplethMap(rows, { area: 'district_code', name: 'district_name', value, valueLabel: measureLabel, shapes: boundaries.districts, areaLabel: 'district', ariaLabel: aria(`Map of ${measureLabel.toLowerCase()} by district`) });
        return { element, caption: `${measureLabel} by district, ${datasetTitle}${period}`, columns };
      }
      // Without boundaries in the hub: the 14 areas as equal tiles.
      return { element: tileMap(rows, { area: 'district_code', value, valueLabel: measureLabel, ariaLabel: aria(`${measureLabel} by area`) }), caption: `${measureLabel} by area (tiles: no boundaries are loaded), ${datasetTitle}${period}`, columns };
    }
    case 'map-lsoa': {
      const columns = [{ field: 'lsoa_name', label: 'LSOA' }, { field: 'lsoa_code', label: 'LSOA code' }, count];
      const layer = deciles ? view.layer : '';
      const shown = layer === 'deprivation' ? 'Deprivation decile (IMD 2019)' : layer === 'bivariate' ? `${measureLabel} and deprivation decile` : measureLabel;
      const withDeciles = layer ? [...columns, { field: 'imd_decile', label: 'Deprivation decile (1 = most deprived)', numeric: true }] : columns;
      const tableRows = layer ? rows.map((r) => ({ ...r, imd_decile: deciles!.get(String(r.lsoa_code)) ?? null })) : rows;
      if (boundaries?.status === 'loaded' && boundaries.lsoas) {
        const element = choroplethMap(tableRows, { area: 'lsoa_code', name: 'lsoa_name', value, valueLabel: measureLabel, shapes: boundaries.lsoas, outlines: boundaries.districts, areaLabel: 'LSOA', layer, deciles, ariaLabel: aria(`Map of ${shown.toLowerCase()} by LSOA`) });
        return { element, caption: `${shown} by LSOA, ${datasetTitle}${period}`, columns: withDeciles, rows: tableRows };
      }
      return { element: null, caption: `${measureLabel} by LSOA (no LSOA boundaries are loaded, so as a table), ${datasetTitle}${period}`, columns };
    }
    case 'map-ward': {
      const columns = [{ field: 'ward_name', label: 'Ward (best fit)' }, { field: 'ward_code', label: 'Ward code' }, count];
      if (boundaries?.status === 'loaded' && boundaries.wards) {
        const element = choroplethMap(rows, { area: 'ward_code', name: 'ward_name', value, valueLabel: measureLabel, shapes: boundaries.wards, outlines: boundaries.districts, areaLabel: 'ward', ariaLabel: aria(`Map of ${measureLabel.toLowerCase()} by ward`) });
        return { element, caption: `${measureLabel} by ward, ${datasetTitle}${period}`, columns };
      }
      return { element: null, caption: `${measureLabel} by ward (no ward boundaries are loaded, so as a table), ${datasetTitle}${period}`, columns };
    }
    case 'points': {
      const outlines = boundaries?.status === 'loaded' ? boundaries.districts : null;
      const element = pointMap(rows, { x: 'longitude', y: 'latitude', value, outlines, ariaLabel: aria(`Map of ${measureLabel.toLowerCase()} at snapped locations`) });
      return { element, caption: `${measureLabel} at snapped locations, in hexagons, ${datasetTitle}${period}`, columns: [{ field: 'longitude', label: 'Longitude', numeric: true }, { field: 'latitude', label: 'Latitude', numeric: true }, count] };
    }
    default:
      return { element: null, caption: `${datasetTitle}${period}`, columns: Object.keys(rows[0] ?? {}).filter((f) => f !== 'suppressed').map((f) => ({ field: f, label: f, numeric: typeof rows[0]?.[f] === 'number' || f === value })) };
  }
}
