import { z } from 'zod';

/** A threshold: this many qualifying reports whose report dates span at most `windowDays`. */
export interface ThresholdNumbers {
  complaints: number;
  windowDays: number;
}

/** One district's local threshold, with the lower ones for hate incidents and vulnerable victims. */
export interface LocalThreshold {
  standard: ThresholdNumbers;
  hateIncident: ThresholdNumbers;
  vulnerableVictim: ThresholdNumbers;
  /** A report counts only if made within this many days of its incident. */
  reportWithinDays: number;
}

/** The ASB case review (Community Trigger): local thresholds, working-day deadlines, encryption key. */
export interface CaseReviewConfig {
  /** AES-256-GCM key (32 bytes) for applicants' personal details. */
  key: Buffer;
  /** The partnership default and any district's own (ONS code → threshold). */
  thresholds: { default: LocalThreshold; districts: Readonly<Record<string, LocalThreshold>> };
  /** Working days for each step: decide the threshold, hold the review, respond with the outcome. */
  workingDays: { decide: number; hold: number; respond: number };
  /** A reminder goes this many working days before a deadline. */
  remindWorkingDays: number;
  /** Longest life of a case pack grant, in days (it ends sooner when the review closes). */
  packDays: number;
  /** When the deadline sweep runs (cron); empty turns it off. */
  sweepCron: string;
}

const whole = (min: number, max: number) => z.number().int().min(min).max(max);
const numbers = z.strictObject({ complaints: whole(1, 100), windowDays: whole(1, 3650) });
const partial = z.strictObject({
  standard: numbers.optional(),
  hateIncident: numbers.optional(),
  vulnerableVictim: numbers.optional(),
  reportWithinDays: whole(0, 365).optional(),
});
const districtsSchema = z.record(z.string().regex(/^E0[6-9]\d{6}$/, 'keys must be ONS codes like E07000094'), partial);

/**
 * Reads CASE_REVIEW_THRESHOLDS (JSON, e.g. `{"E07000094":{"standard":{"complaints":3,"windowDays":182}}}`)
 * over the partnership default; a district gives only what differs. Throws with a sentence on bad input.
 */
export function parseThresholds(json: string | undefined, base: LocalThreshold): CaseReviewConfig['thresholds'] {
  if (!json) return { default: base, districts: {} };
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error('must be JSON like {"E07000094":{"standard":{"complaints":3,"windowDays":182}}}');
  }
  const parsed = districtsSchema.safeParse(raw);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || 'value'} ${i.message}`).join('; '));
  const districts = Object.fromEntries(Object.entries(parsed.data).map(([code, t]) => [code, { ...base, ...t }]));
  return { default: base, districts };
}

/**
 * The 32-byte key for personal details: CASE_REVIEW_KEY as 64 hex characters or 44 base64
 * characters, else the generated one.
 */
export function parseCaseReviewKey(value: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32) throw new Error('must be 32 bytes, written as 64 hex characters or base64');
  return key;
}
