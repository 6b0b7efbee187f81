import { soundSkeleton } from './phonetic.js';
import { foldText, foldedTokens } from './text-fold.js';

/** A place as a partner's file identifies it. */
export interface PlaceIdentifiers {
  /** A free-text address, e.g. "Flat 2, 14 High St, Winchester". */
  address?: string | null;
  postcode?: string | null;
  /** A separate house number or name column, when the file has one. */
  houseNumber?: string | null;
}

const POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$/;
const POSTCODE_IN_TEXT = /\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})\b/i;
const UNIT_WORDS = new Set(['flat', 'apartment', 'apt', 'unit', 'room', 'maisonette']);

/** A UK postcode in its standard form "SO23 9LJ", or null when it is not one. */
export function normalisePostcode(value: string | null | undefined): string | null {
  if (!value) return null;
  const compact = value.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const m = POSTCODE.exec(compact);
  return m ? `${m[1]} ${m[2]}` : null;
}

/**
 * The dwelling within a postcode: the flat or unit (if any) and the house number, e.g. "2/14",
 * "14a"; for a named house without a number, the sound skeleton of its first words. Null when
 * the address gives nothing to tell one dwelling from its neighbours.
 */
export function dwellingOf(address: string | null | undefined, houseNumber?: string | null): string | null {
  const words = foldedTokens(stripPostcode(address ?? ''));
  const unit = unitOf(words);
  const explicit = houseNumber ? foldText(houseNumber).replace(/\s+/g, '') : '';
  const number = explicit || firstHouseNumber(words, unit.consumed);
  if (number) return unit.value ? `${unit.value}/${number}` : number;
  if (unit.value) return null;
  const name = words.slice(0, 2).map(soundSkeleton).join('');
  return name === '' ? null : `name:${name}`;
}

/**
 * The text a place key is made from: postcode and dwelling. Without a valid postcode the street
 * is used instead (sound skeleton of the words after the number), which still links
 * "12 High Street" and "12, HIGH ST" but only within one partner's spelling habits.
 */
export function placeIdentity(place: PlaceIdentifiers): string | null {
  const postcode = normalisePostcode(place.postcode) ?? postcodeInText(place.address);
  const dwelling = dwellingOf(place.address, place.houseNumber);
  if (!dwelling) return null;
  if (postcode) return `place:${postcode}:${dwelling}`;
  const street = streetOf(place.address ?? '');
  return street ? `place:street:${street}:${dwelling}` : null;
}

function postcodeInText(text: string | null | undefined): string | null {
  const m = POSTCODE_IN_TEXT.exec(text ?? '');
  return m ? normalisePostcode(m[1] + m[2]) : null;
}

function stripPostcode(text: string): string {
  return text.replace(POSTCODE_IN_TEXT, ' ');
}

function unitOf(words: string[]): { value: string | null; consumed: number } {
  const i = words.findIndex((w) => UNIT_WORDS.has(w));
  if (i < 0 || i + 1 >= words.length) return { value: null, consumed: -1 };
  return { value: words[i + 1], consumed: i + 1 };
}

function firstHouseNumber(words: string[], skip: number): string | null {
  for (let i = 0; i < words.length; i++) {
    if (i === skip) continue;
    const w = words[i];
    if (/^\d+[a-z]?$/.test(w)) {
      const next = words[i + 1];
      return next && /^[a-z]$/.test(next) && i + 1 !== skip ? w + next : w;
    }
  }
  return null;
}

const STREET_ABBREVIATIONS: Readonly<Record<string, string>> = {
  st: 'street', rd: 'road', ave: 'avenue', av: 'avenue', ln: 'lane', cl: 'close', cres: 'crescent',
  dr: 'drive', gdns: 'gardens', gr: 'grove', pl: 'place', sq: 'square', ter: 'terrace', terr: 'terrace', ct: 'court',
};

function streetOf(address: string): string | null {
  const firstPart = stripPostcode(address).split(',').map(foldText).filter((p) => /[a-z]/.test(p));
  const words = foldedTokens(firstPart.join(' '))
    .filter((w) => !/\d/.test(w) && !UNIT_WORDS.has(w))
    .slice(0, 3)
    .map((w) => STREET_ABBREVIATIONS[w] ?? w);
  const skeleton = words.map(soundSkeleton).join('');
  return skeleton === '' ? null : skeleton;
}
