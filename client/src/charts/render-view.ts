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
import { groupField, measureField } from '../data/view.js';

/** The boundaries a chart type draws on. */
export function boundaryNeed(chart: View['chart']): BoundaryNeed {
  return chart === 'map' || chart === 'points' ? 'districts' : chart === 'map-lsoa' ? 'lsoas' : 'none';
}

/** Words for the view's grouping and measure, from the choices Explore offered. */
export interface ViewLabels {
  by: string;
  /** E.g. "Count of records", "Total of Amount". */
  measure: string;
}

/** The chart element for an Explore view (null for the table), and the columns of its data table. */
export function renderView(view: View, rows: Row[], datasetTitle: string, boundaries?: Boundaries, labels?: ViewLabels): { element: Element | null; caption: string; columns: Column[] } {
  const byLabel = labels?.by ?? view.by;
  const measureLabel = view.measure === 'count' ? 'Count' : (labels?.measure ?? view.measure);
  const period = view.from || view.to ? `, ${view.from ? formatMonth(view.from) : 'start'} to ${view.to ? formatMonth(view.to) : 'latest'}` : '';
  const value = measureField(view.measure);
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
        const element = choroplethMap(rows, { area: 'district_code', name: 'district_name', value, shapes: boundaries.districts, areaLabel: 'district', ariaLabel: aria(`Map of ${measureLabel.toLowerCase()} by district`) });
        return { element, caption: `${measureLabel} by district, ${datasetTitle}${period}`, columns };
      }
      // Without boundaries in the hub: the 14 areas as equal tiles.
      return { element: tileMap(rows, { area: 'district_code', value, valueLabel: measureLabel, ariaLabel: aria(`${measureLabel} by area`) }), caption: `${measureLabel} by area (tiles: no boundaries are loaded), ${datasetTitle}${period}`, columns };
    }
    case 'map-lsoa': {
      const columns = [{ field: 'lsoa_name', label: 'LSOA' }, { field: 'lsoa_code', label: 'LSOA code' }, count];
      if (boundaries?.status === 'loaded' && boundaries.lsoas) {
        const element = choroplethMap(rows, { area: 'lsoa_code', name: 'lsoa_name', value, shapes: boundaries.lsoas, outlines: boundaries.districts, areaLabel: 'LSOA', ariaLabel: aria(`Map of ${measureLabel.toLowerCase()} by LSOA`) });
        return { element, caption: `${measureLabel} by LSOA, ${datasetTitle}${period}`, columns };
      }
      return { element: null, caption: `${measureLabel} by LSOA (no LSOA boundaries are loaded, so as a table), ${datasetTitle}${period}`, columns };
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
