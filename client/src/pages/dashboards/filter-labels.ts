import { fieldLabel } from '../../charts/render-saved.js';
import { AREA_TILES } from '../../charts/tile-map.js';
import type { CrossFilter, RunExtra } from '../../data/cross-filter.js';
import { monthLabel } from '../../data/rows.js';

/** A chosen value as people read it: district codes by their area's name. */
export function valueLabel(field: string, value: string): string {
  if (field === 'district') return AREA_TILES.find((a) => a.code === value)?.name ?? value;
  return value;
}

/** "District: Winchester". */
export function filterTagLabel(field: string, value: string): string {
  return `${fieldLabel(field)}: ${valueLabel(field, value)}`;
}

/** "Mar 2024 to Jun 2024", "from Mar 2024", "to Jun 2024". */
export function rangeLabel(range: { from?: string; to?: string }): string {
  if (range.from && range.to) return range.from === range.to ? monthLabel(range.from) : `${monthLabel(range.from)} to ${monthLabel(range.to)}`;
  if (range.from) return `from ${monthLabel(range.from)}`;
  return range.to ? `up to ${monthLabel(range.to)}` : '';
}

/** A chart's caption: its description, then the filter applied to it ("… Filtered to Winchester, Mar 2024 to Jun 2024."). */
export function captionWith(lead: string, extra: RunExtra): string {
  const parts = (extra.filters ?? []).map((f) => valueLabel(f.field, f.value));
  if (extra.timeRange) parts.push(rangeLabel(extra.timeRange));
  if (!parts.length) return lead;
  return `${/[.!?]$/.test(lead) ? lead : `${lead}.`} Filtered to ${parts.join(', ')}.`;
}

/** A sentence for screen readers when the filter changes. */
export function filterSummary(filter: CrossFilter): string {
  const parts = filter.fields.map((f) => filterTagLabel(f.field, f.value));
  if (filter.from || filter.to) parts.push(`Months: ${rangeLabel(filter)}`);
  return parts.length ? `Charts filtered by ${parts.join('; ')}.` : 'No filters: every chart shows all its data.';
}
