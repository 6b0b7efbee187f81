import type { Row } from '../data/rows.js';
import type { View } from '../data/view.js';
import { barChart } from './bar-chart.js';
import { heatmapChart } from './heatmap-chart.js';
import { lineChart } from './line-chart.js';
import { stackedBarChart } from './stacked-bar-chart.js';
import { tileMap } from './tile-map.js';
import type { Column } from '../components/chart-figure.js';
import { GROUPINGS, groupField } from '../data/view.js';

/** The chart element for an Explore view (null for the table), and the columns of its data table. */
export function renderView(view: View, rows: Row[], datasetTitle: string): { element: Element | null; caption: string; columns: Column[] } {
  const byLabel = GROUPINGS.find((g) => g.id === view.by)?.label ?? view.by;
  const period = view.from || view.to ? `, ${view.from || 'start'} to ${view.to || 'latest'}` : '';
  const count: Column = { field: 'count', label: 'Count', numeric: true };
  const month: Column = { field: 'month', label: 'Month' };
  const by = groupField(view.by);
  const group: Column = { field: by, label: byLabel };
  const aria = (what: string) => `${what} of ${datasetTitle}${period}`;
  switch (view.chart) {
    case 'line':
      return { element: lineChart(rows, { x: 'month', value: 'count', ariaLabel: aria('Monthly count') }), caption: `Count per month, ${datasetTitle}${period}`, columns: [month, count] };
    case 'bar':
      return { element: barChart(rows, { y: by, value: 'count', ariaLabel: aria(`Count by ${byLabel}`) }), caption: `Count by ${byLabel.toLowerCase()}, ${datasetTitle}${period}`, columns: [group, count] };
    case 'stacked':
      return { element: stackedBarChart(rows, { x: 'month', series: by, value: 'count', ariaLabel: aria(`Monthly count by ${byLabel}`) }), caption: `Count per month by ${byLabel.toLowerCase()}, ${datasetTitle}${period}`, columns: [month, group, count] };
    case 'heatmap':
      return { element: heatmapChart(rows, { x: 'month', y: by, value: 'count', ariaLabel: aria(`${byLabel} by month`) }), caption: `${byLabel} by month, ${datasetTitle}${period}`, columns: [month, group, count] };
    case 'map':
      return { element: tileMap(rows, { area: 'district_code', value: 'count', ariaLabel: aria('Count by area') }), caption: `Count by area, ${datasetTitle}${period}`, columns: [{ field: 'district_name', label: 'Area' }, count] };
    default:
      return { element: null, caption: `${datasetTitle}${period}`, columns: Object.keys(rows[0] ?? {}).filter((f) => f !== 'suppressed').map((f) => ({ field: f, label: f, numeric: typeof rows[0]?.[f] === 'number' || f === 'count' })) };
  }
}
