import type { QuerySpec } from './query.js';
import { categoryField, paramsOfView, specForView, type View } from './view.js';

/** Who may see a saved view or dashboard (the API's `SharingMode`). */
export type SharingMode = 'private' | 'organisation' | 'users';

export interface Sharing {
  mode: SharingMode;
  /** Email addresses, when the mode is `users` (the API shows them to the owner only). */
  users: string[];
}

export interface UserRef {
  id: string;
  email: string;
  displayName: string;
}

/** A saved view as `GET /api/views` returns it. */
export interface SavedView {
  id: string;
  title: string;
  description: string;
  query: QuerySpec;
  chart: { type: string; options: Record<string, unknown> };
  sharing: Sharing;
  owner: UserRef;
  mine: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A dashboard tile's width in quarters of the grid. */
export type TileWidth = 1 | 2 | 3 | 4;

export interface DashboardTile {
  viewId: string;
  width: TileWidth;
  /** Null when the view was deleted or is not visible to the caller. */
  view: SavedView | null;
}

export interface Dashboard {
  id: string;
  title: string;
  description: string;
  layout: DashboardTile[];
  sharing: Sharing;
  owner: UserRef;
  mine: boolean;
  createdAt: string;
  updatedAt: string;
}

export const SHARING_LABELS: Record<SharingMode, string> = {
  private: 'Just me',
  organisation: 'My organisation',
  users: 'Named people',
};

export const TILE_WIDTHS: readonly { width: TileWidth; label: string; column: string }[] = [
  { width: 1, label: 'A quarter', column: 'govuk-grid-column-one-quarter' },
  { width: 2, label: 'Half', column: 'govuk-grid-column-one-half' },
  { width: 3, label: 'Three quarters', column: 'govuk-grid-column-three-quarters' },
  { width: 4, label: 'Full width', column: 'govuk-grid-column-full' },
];

/** The GOV.UK grid column class for a tile width. */
export function columnClass(width: number): string {
  return TILE_WIDTHS.find((w) => w.width === width)?.column ?? 'govuk-grid-column-full';
}

/** "a@x.gov.uk, b@y.gov.uk" or one per line → a clean, de-duplicated list. */
export function parseEmails(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((e) => e.trim().toLowerCase()).filter(Boolean))];
}

/** A short phrase for who can see an item, for lists. */
export function sharingSummary(sharing: Sharing, mine: boolean, owner: UserRef): string {
  if (!mine) return `Shared with you by ${owner.displayName}`;
  if (sharing.mode === 'private') return 'Only you';
  if (sharing.mode === 'organisation') return 'Your organisation';
  const n = sharing.users.length;
  return `You and ${n} ${n === 1 ? 'other person' : 'other people'}`;
}

/**
 * What "Save this view" stores for an Explore view: the question, and the chart with the
 * grouping. The Explore URL goes in the chart's options too, so opening the view later restores
 * exactly the screen it was saved from, whatever Explore adds to its URL over time.
 */
export function savedViewBody(view: View, explore: URLSearchParams): { query: QuerySpec; chart: { type: string; options: Record<string, unknown> } } {
  const params = new URLSearchParams(explore);
  for (const [key, value] of Object.entries(paramsOfView(view))) {
    params.delete(key);
    for (const v of Array.isArray(value) ? value : [value]) if (v) params.append(key, v);
  }
  return { query: specForView(view), chart: { type: view.chart, options: { by: view.by, explore: params.toString() } } };
}

/** The Explore address that shows a saved view. */
export function exploreHref(view: Pick<SavedView, 'query' | 'chart'>): string {
  const saved = view.chart.options?.explore;
  if (typeof saved === 'string' && saved) return `/explore?${saved}`;
  const params = new URLSearchParams();
  params.set('dataset', view.query.dataset);
  params.set('chart', view.chart.type);
  const by = view.chart.options?.by ?? view.query.groupBy.find((g) => g !== 'month');
  if (typeof by === 'string') params.set('by', by);
  const measure = view.query.measures?.[0];
  if (typeof measure === 'string' && measure !== 'count') params.set('measure', measure);
  const categories = view.query.filters?.find((f) => f.field === categoryField(view.query.dataset) && (f.op === 'in' || f.op === 'eq'));
  for (const value of [categories?.value ?? []].flat()) if (typeof value === 'string') params.append('cat', value);
  if (view.query.timeRange?.from) params.set('from', view.query.timeRange.from);
  if (view.query.timeRange?.to) params.set('to', view.query.timeRange.to);
  for (const area of view.query.areas ?? []) params.append('area', area);
  return `/explore?${params.toString()}`;
}
