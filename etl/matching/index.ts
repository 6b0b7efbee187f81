/** Pseudonymised matching of people and places across partner datasets (see docs/analytics.md). */
export { foldText, foldedTokens } from './text-fold.js';
export { canonicalGivenName } from './name-variants.js';
export { givenNameSkeleton, soundSkeleton } from './phonetic.js';
export { type NormalisedName, normaliseDateOfBirth, normalisePersonName, type PersonIdentifiers, personIdentity } from './person-identity.js';
export { dwellingOf, normalisePostcode, type PlaceIdentifiers, placeIdentity } from './place-identity.js';
export { createMatchKeyer, type MatchKeyer, MIN_MATCHING_KEY_LENGTH, PLACE_KEY_PATTERN, SUBJECT_KEY_PATTERN } from './match-keys.js';
export {
  type IdentifierColumns,
  identifierColumnsSchema,
  MATCH_KEY_COLUMNS,
  PLACE_KEY_COLUMN,
  rawIdentifierColumns,
  SUBJECT_KEY_COLUMN,
} from './identifier-columns.js';
export { addMatchKeys, dropColumns, type MatchKeyStats } from './match-keys-duckdb.js';
