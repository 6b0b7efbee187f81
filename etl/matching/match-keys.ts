import { createHmac } from 'node:crypto';
import { type PersonIdentifiers, personIdentity } from './person-identity.js';
import { type PlaceIdentifiers, placeIdentity } from './place-identity.js';

/** Pseudonymous keys as stored in dataset tables and shown to users: a kind prefix and 128 bits in hex. */
export const SUBJECT_KEY_PATTERN = /^s_[0-9a-f]{32}$/;
export const PLACE_KEY_PATTERN = /^p_[0-9a-f]{32}$/;

/** The shortest hub secret accepted (bytes of text). */
export const MIN_MATCHING_KEY_LENGTH = 32;

/** Computes subject and place keys with the hub's secret. The secret never leaves this object. */
export interface MatchKeyer {
  subjectKey(person: PersonIdentifiers): string | null;
  placeKey(place: PlaceIdentifiers): string | null;
  /** Keys for an identity text made elsewhere (e.g. by {@link personIdentity}). */
  keyOf(kind: 'subject' | 'place', identity: string): string;
}

/**
 * A keyer for the hub secret (MATCHING_KEY). Keys are HMAC-SHA256 of the normalised identity,
 * truncated to 128 bits: without the secret nobody can test a guessed name and date of birth
 * against a key, and the same person gets the same key in every partner's dataset.
 */
export function createMatchKeyer(secret: string, today?: Date): MatchKeyer {
  if (secret.length < MIN_MATCHING_KEY_LENGTH) {
    throw new Error(`The matching key must be at least ${MIN_MATCHING_KEY_LENGTH} characters`);
  }
  const keyOf = (kind: 'subject' | 'place', identity: string) =>
    `${kind === 'subject' ? 's' : 'p'}_${createHmac('sha256', secret).update(identity, 'utf8').digest('hex').slice(0, 32)}`;
  return {
    keyOf,
    subjectKey(person) {
      const identity = personIdentity(person, today);
      return identity === null ? null : keyOf('subject', identity);
    },
    placeKey(place) {
      const identity = placeIdentity(place);
      return identity === null ? null : keyOf('place', identity);
    },
  };
}
