import { z } from 'zod';
import { badRequest } from '../common/domain-error.js';
import { PLACE_KEY_PATTERN, SUBJECT_KEY_PATTERN } from '../../etl/matching/match-keys.js';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-01-31')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a real date');
const isoMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month like 2026-01');
const areas = z
  .string()
  .max(400)
  .transform((s) => s.split(',').map((a) => a.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^E0[6-9]\d{6}$/, 'must be ONS codes like E07000094')).min(1).max(30));
const limit = z.coerce.number().int().min(1).max(500);
const categoryGroup = z.string().min(1).max(100);

export const repeatQuerySchema = z.strictObject({
  since: isoDate.optional(),
  until: isoDate.optional(),
  areas: areas.optional(),
  limit: limit.default(100),
});
export type RepeatQuery = z.infer<typeof repeatQuerySchema>;

export const hotspotQuerySchema = z.strictObject({
  by: z.enum(['lsoa', 'place']).default('lsoa'),
  asOf: isoDate.optional(),
  categoryGroup: categoryGroup.default('Anti-social behaviour'),
  areas: areas.optional(),
  limit: limit.default(50),
});
export type HotspotQuery = z.infer<typeof hotspotQuerySchema>;

export const trendQuerySchema = z.strictObject({
  month: isoMonth.optional(),
  flagged: z.enum(['true', 'false']).transform((v) => v === 'true').default(false),
  areas: areas.optional(),
});
export type TrendQuery = z.infer<typeof trendQuerySchema>;

export const triggerQuerySchema = z
  .strictObject({
    subject: z.string().regex(SUBJECT_KEY_PATTERN, 'must be a subject key like s_0123…').optional(),
    place: z.string().regex(PLACE_KEY_PATTERN, 'must be a place key like p_0123…').optional(),
    areas: areas.optional(),
  })
  .refine((q) => (q.subject ? 1 : 0) + (q.place ? 1 : 0) === 1, 'give exactly one of subject or place');
export type TriggerQuery = z.infer<typeof triggerQuerySchema>;

/** Parses query-string parameters, turning problems into a 400 that names each one. */
export function parseParams<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'parameters'}: ${i.message}`);
    throw badRequest('invalid_parameters', `The request's parameters are not valid: ${problems.join('; ')}.`, { problems });
  }
  return parsed.data;
}

/** Validates a subject key taken from the path. */
export function parseSubjectKey(key: string): string {
  if (!SUBJECT_KEY_PATTERN.test(key)) throw badRequest('invalid_subject_key', 'A subject key looks like s_ followed by 32 hexadecimal characters.');
  return key;
}

/** A partner as results name it. */
export interface PartnerRef {
  id: string;
  name: string;
}

/** A count released under the caller's access: null and `suppressed` when withheld at aggregate level. */
export interface ReleasedCount {
  count: number | null;
  suppressed: boolean;
}

export interface DatasetUse {
  slug: string;
  title: string;
  partner: PartnerRef;
  level: string;
}
