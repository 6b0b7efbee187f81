import { z } from 'zod';
import { identifierColumnsSchema, rawIdentifierColumns } from './matching/identifier-columns.js';

/**
 * A feed's saved column mapping for generic delimited and XLSX files: which source column becomes
 * which dataset column, how dates are written, the encoding, the category mapping to the Home
 * Office ASB categories, the key column and which columns hold personal data.
 */

export const ENCODINGS = ['utf-8', 'utf-8-bom', 'windows-1252'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export const HOME_OFFICE_ASB_CATEGORIES = ['Personal', 'Nuisance', 'Environmental'] as const;

const columnName = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be lower snake case, e.g. case_ref')
  .refine((n) => !n.startsWith('_'), 'must not start with an underscore');

/** Date patterns in the Unicode style operators know: dd/MM/yyyy, yyyy-MM-dd HH:mm … */
const datePattern = z.string().regex(/^(yyyy|yy|MM|M|dd|d|HH|mm|ss|[ /.:T-])+$/, 'use only yyyy, yy, MM, M, dd, d, HH, mm, ss and / . : - T or space');

export const mappedColumnSchema = z.object({
  /** Header of the source column, matched exactly after trimming. */
  source: z.string().min(1).max(200),
  /** Dataset column it fills. */
  name: columnName,
  type: z.enum(['text', 'integer', 'double', 'boolean', 'date', 'timestamp']).default('text'),
  label: z.string().min(1).max(200).optional(),
  personal: z.boolean().default(false),
  dimension: z.boolean().default(false),
  required: z.boolean().default(false),
  /** Text columns: the partner's category list. A value outside it (after `valueMap`) is rejected. */
  values: z.array(z.string().trim().min(1).max(200)).min(1).max(500).optional(),
  /** Other spellings the file uses (case-insensitive) → one of `values`. */
  valueMap: z.record(z.string().min(1).max(200), z.string().trim().min(1).max(200)).optional(),
});
export type MappedColumn = z.infer<typeof mappedColumnSchema>;

export const feedMappingSchema = z
  .object({
    delimiter: z.enum([',', ';', '\t', '|']).default(','),
    quote: z.enum(['"', "'"]).default('"'),
    encoding: z.enum(ENCODINGS).default('utf-8'),
    /** XLSX only: the sheet to read (default the first). */
    sheet: z.string().min(1).max(100).optional(),
    /** Date pattern for `date` and `timestamp` columns; never guessed. */
    dateFormat: datePattern.default('dd/MM/yyyy'),
    columns: z.array(mappedColumnSchema).min(1).max(200),
    /** Source headers present in files but deliberately not loaded. Any other header fails the load. */
    ignore: z.array(z.string().min(1).max(200)).max(200).default([]),
    /** Dataset column (a `date` or `timestamp`) that gives each row its month; without it rows have no month. */
    monthFrom: columnName.optional(),
    category: z
      .object({
        /** Dataset column holding the partner's own category. */
        from: columnName,
        /** Partner category (case-insensitive) → Home Office ASB category. Unmapped values are rejected. */
        map: z.record(z.string().min(1).max(200), z.enum(HOME_OFFICE_ASB_CATEGORIES)).optional(),
        /** Fixed `category_group` value, default "Anti-social behaviour". */
        group: z.string().min(1).max(100).default('Anti-social behaviour'),
      })
      .optional(),
    /** Area columns used to find each row's district. */
    area: z
      .object({
        district: columnName.optional(),
        ward: columnName.optional(),
        lsoaCode: columnName.optional(),
        lsoaName: columnName.optional(),
        longitude: columnName.optional(),
        latitude: columnName.optional(),
        /** ONS code of the district for rows nothing else places (a partner covering one district). */
        defaultDistrict: z.string().regex(/^E0[6-9]\d{6}$/, 'must be an ONS district code such as E07000094').optional(),
      })
      .default({}),
    /** Dataset column identifying a record, for `upsert-by-key`. */
    key: columnName.optional(),
    /** Columns identifying a person or place: the load adds pseudonymous subject_key / place_key from them. */
    identifiers: identifierColumnsSchema.optional(),
  })
  .superRefine((m, ctx) => {
    const names = new Set<string>();
    for (const c of m.columns) {
      if (names.has(c.name)) ctx.addIssue({ code: 'custom', message: `column ${c.name} is mapped twice`, path: ['columns'] });
      names.add(c.name);
    }
    const sources = m.columns.map((c) => c.source.trim());
    if (new Set(sources).size !== sources.length) ctx.addIssue({ code: 'custom', message: 'a source column is mapped twice', path: ['columns'] });
    const byName = new Map(m.columns.map((c) => [c.name, c]));
    const month = m.monthFrom ? byName.get(m.monthFrom) : undefined;
    if (m.monthFrom && (!month || (month.type !== 'date' && month.type !== 'timestamp'))) {
      ctx.addIssue({ code: 'custom', message: 'monthFrom must name a mapped date or timestamp column', path: ['monthFrom'] });
    }
    const refs: [string, string | undefined][] = [
      ['category.from', m.category?.from],
      ['key', m.key],
      ...Object.entries(m.area)
        .filter(([k]) => k !== 'defaultDistrict')
        .map(([k, v]) => [`area.${k}`, v] as [string, string | undefined]),
    ];
    for (const [where, ref] of refs) {
      if (ref && !byName.has(ref)) ctx.addIssue({ code: 'custom', message: `${where} names ${ref}, which is not a mapped column`, path: where.split('.') });
    }
    for (const ref of m.identifiers ? rawIdentifierColumns(m.identifiers) : []) {
      const col = byName.get(ref);
      if (!col) ctx.addIssue({ code: 'custom', message: `identifiers name ${ref}, which is not a mapped column`, path: ['identifiers'] });
      else if (!col.personal) ctx.addIssue({ code: 'custom', message: `identifier column ${ref} must be marked personal`, path: ['identifiers'] });
    }
    for (const c of m.columns) {
      if ((c.values || c.valueMap) && c.type !== 'text') ctx.addIssue({ code: 'custom', message: `column ${c.name}: values and valueMap are for text columns`, path: ['columns'] });
      if (c.valueMap && !c.values) ctx.addIssue({ code: 'custom', message: `column ${c.name}: valueMap needs the list of values it maps onto`, path: ['columns'] });
      const allowed = new Set((c.values ?? []).map((v) => v.toLowerCase()));
      for (const [from, to] of Object.entries(c.valueMap ?? {})) {
        if (c.values && !allowed.has(to.toLowerCase())) ctx.addIssue({ code: 'custom', message: `column ${c.name}: valueMap sends "${from}" to "${to}", which is not in its values`, path: ['columns'] });
      }
    }
    if ((m.area.longitude === undefined) !== (m.area.latitude === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'area.longitude and area.latitude go together', path: ['area'] });
    }
  });

export type FeedMapping = z.infer<typeof feedMappingSchema>;

/** Parses a mapping, throwing a readable message that names each problem. */
export function parseFeedMapping(input: unknown): FeedMapping {
  const parsed = feedMappingSchema.safeParse(input);
  if (!parsed.success) {
    throw new MappingError(parsed.error.issues.map((i) => `${i.path.join('.') || 'mapping'}: ${i.message}`).join('; '));
  }
  return parsed.data;
}

export class MappingError extends Error {}

const TOKENS: Record<string, string> = { yyyy: '%Y', yy: '%y', MM: '%m', M: '%m', dd: '%d', d: '%d', HH: '%H', mm: '%M', ss: '%S' };

/** `dd/MM/yyyy` → `%d/%m/%Y` for DuckDB's strptime. The pattern is validated, so the result holds no quote. */
export function strptimeFormat(pattern: string): string {
  return pattern.replace(/yyyy|yy|MM|M|dd|d|HH|mm|ss/g, (t) => TOKENS[t]);
}
