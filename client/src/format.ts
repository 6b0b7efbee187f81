/**
 * How the client writes things for people: months, dates, counts with the right plural, and
 * datasets and feeds by the name of the organisation that owns them. Every screen uses these so
 * the same thing reads the same way everywhere.
 */

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2026-11" (or "2026-11-01…") → "November 2026"; anything else is returned as it came. */
export function formatMonth(month: string | null | undefined): string {
  if (!month) return '';
  const m = /^(\d{4})-(\d{2})/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return month;
  return `${MONTH_NAMES[Number(m[2]) - 1]} ${m[1]}`;
}

/** "November 2026 to March 2027", or one month when both ends are the same. */
export function formatMonthRange(from: string | null | undefined, to: string | null | undefined): string {
  if (!from && !to) return '';
  if (!from || !to || from.slice(0, 7) === to.slice(0, 7)) return formatMonth(from || to);
  return `${formatMonth(from)} to ${formatMonth(to)}`;
}

/** The hint every month input carries: browsers without a month picker show a plain text box. */
export const MONTH_INPUT_HINT = 'For example, 2026-11 for November 2026 (year, then month)';

/** 31 January 2027 */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  return new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
}

/** 31 Jan 2027, 14:05 */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  return new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });
}

/** 12,345 */
export const formatCount = (n: number) => n.toLocaleString('en-GB');

/**
 * A count with its noun in the right number: `plural(1, 'row')` → "1 row", `plural(3, 'row')` →
 * "3 rows", `plural(2, 'entry', 'entries')` → "2 entries".
 */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`;
}

/** What a dataset or a feed's dataset carries for naming it. */
export interface Owned {
  title: string;
  /** Name of the owning organisation; empty when unknown. */
  ownerName?: string | null;
}

/** "ASB case records — Winchester City Council": the title alone says too little when fifteen datasets share it. */
export function ownedLabel(item: Owned): string {
  return item.ownerName ? `${item.title} — ${item.ownerName}` : item.title;
}

/** Items grouped by their owner's name, owners and items in alphabetical order, for `<optgroup>`s. */
export function groupByOwner<T>(items: readonly T[], ownerOf: (item: T) => string, labelOf: (item: T) => string): { owner: string; items: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const owner = ownerOf(item) || 'Other';
    groups.set(owner, [...(groups.get(owner) ?? []), item]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en-GB'))
    .map(([owner, list]) => ({ owner, items: list.sort((a, b) => labelOf(a).localeCompare(labelOf(b), 'en-GB')) }));
}

/** How many choices a list holds before it is grouped by owner. */
export const GROUP_FROM = 8;
