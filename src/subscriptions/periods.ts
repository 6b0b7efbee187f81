import type { SubscriptionFrequency } from './subscription.entity.js';

/**
 * The start of the next period after `from` (UTC): the next Monday for weekly, the first of the
 * next month for monthly. A subscription is sent at the first scheduled run on or after it.
 */
export function nextPeriodStart(frequency: SubscriptionFrequency, from: Date): Date {
  const y = from.getUTCFullYear();
  const m = from.getUTCMonth();
  const d = from.getUTCDate();
  if (frequency === 'monthly') return new Date(Date.UTC(y, m + 1, 1));
  const daysToMonday = ((8 - from.getUTCDay()) % 7) || 7;
  return new Date(Date.UTC(y, m, d + daysToMonday));
}

/** The month in progress at `at` (UTC), like 2026-12. */
export function monthOf(at: Date): string {
  return at.toISOString().slice(0, 7);
}
