import { z } from 'zod';
import type { ColumnSpec } from '../../domain/dataset-schema.js';

/** Columns holding the pseudonymous keys in a dataset table. Never personal data: hashes only. */
export const SUBJECT_KEY_COLUMN = 'subject_key';
export const PLACE_KEY_COLUMN = 'place_key';

/** Declared columns a dataset gains when its feed marks identifier columns. */
export const MATCH_KEY_COLUMNS: readonly ColumnSpec[] = [
  {
    name: SUBJECT_KEY_COLUMN,
    type: 'text',
    label: 'Subject key',
    personal: false,
    dimension: false,
    description: 'Pseudonymous key of the person (keyed hash of normalised name and date of birth); the same person has the same key in every dataset',
  },
  {
    name: PLACE_KEY_COLUMN,
    type: 'text',
    label: 'Place key',
    personal: false,
    dimension: false,
    description: 'Pseudonymous key of the address (keyed hash of postcode and house number)',
  },
];

const column = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be a mapped column name');

/**
 * Part of a feed's mapping: which mapped columns identify a person or a place. The ETL computes
 * `subject_key` / `place_key` from them at load; `keepRaw: false` drops the raw columns after.
 */
export const identifierColumnsSchema = z
  .object({
    person: z
      .object({
        fullName: column.optional(),
        givenName: column.optional(),
        familyName: column.optional(),
        dateOfBirth: column,
      })
      .refine((p) => p.fullName || (p.givenName && p.familyName), 'person needs fullName, or givenName and familyName')
      .optional(),
    place: z
      .object({ address: column.optional(), postcode: column.optional(), houseNumber: column.optional() })
      .refine((p) => p.address || p.postcode, 'place needs address or postcode')
      .optional(),
    /** Keep the raw identifier columns (they must be marked personal) or drop them after hashing. */
    keepRaw: z.boolean().default(true),
  })
  .refine((i) => i.person || i.place, 'identifiers needs person or place');

export type IdentifierColumns = z.infer<typeof identifierColumnsSchema>;

/** Every raw column named by the identifier mapping. */
export function rawIdentifierColumns(ids: IdentifierColumns): string[] {
  const names = [
    ids.person?.fullName,
    ids.person?.givenName,
    ids.person?.familyName,
    ids.person?.dateOfBirth,
    ids.place?.address,
    ids.place?.postcode,
    ids.place?.houseNumber,
  ];
  return [...new Set(names.filter((n): n is string => !!n))];
}
