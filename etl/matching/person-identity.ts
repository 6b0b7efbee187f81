import { canonicalGivenName } from './name-variants.js';
import { givenNameSkeleton, soundSkeleton } from './phonetic.js';
import { foldedTokens } from './text-fold.js';

/** A person as a partner's file identifies them: a full name, or given and family names apart. */
export interface PersonIdentifiers {
  fullName?: string | null;
  givenName?: string | null;
  familyName?: string | null;
  /** ISO `yyyy-mm-dd`, or a Date (its UTC calendar day is used). */
  dateOfBirth: string | Date | null | undefined;
}

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'rev', 'sir', 'dame', 'lady', 'lord']);
const SUFFIXES = new Set(['jr', 'jnr', 'sr', 'snr', 'ii', 'iii', 'iv']);
/** Words that belong to the family name that follows them: "Ó Briain", "van der Berg", "D'Souza". */
const PARTICLES = new Set(['o', 'mc', 'mac', 'de', 'del', 'della', 'der', 'di', 'da', 'du', 'la', 'le', 'van', 'von', 'den', 'st', 'ap', 'al', 'el', 'd']);

/** The earliest date of birth accepted; anything older is a typing error, not a person. */
const EARLIEST_DOB = '1900-01-01';

/** Normalised parts of a name: the canonical given name and the family name, both folded and joined. */
export interface NormalisedName {
  given: string;
  family: string;
}

/**
 * Splits and folds a name. A full name "Smith, John" is read family-first; otherwise the first
 * word is the given name and the last word, with any particles before it, the family name.
 * Middle names are dropped because partners record them inconsistently. Null when either part is missing.
 */
export function normalisePersonName(person: Omit<PersonIdentifiers, 'dateOfBirth'>): NormalisedName | null {
  let givenWords: string[];
  let familyWords: string[];
  if (person.givenName || person.familyName) {
    givenWords = cleanWords(person.givenName ?? '');
    familyWords = cleanWords(person.familyName ?? '');
  } else {
    const full = person.fullName ?? '';
    const comma = full.indexOf(',');
    if (comma >= 0) {
      familyWords = cleanWords(full.slice(0, comma));
      givenWords = cleanWords(full.slice(comma + 1));
    } else {
      const words = cleanWords(full);
      givenWords = words.slice(0, 1);
      familyWords = familyTail(words.slice(1));
    }
  }
  const given = givenWords[0];
  const family = familyWords.join('');
  if (!given || !family) return null;
  return { given: canonicalGivenName(given), family };
}

/** A date of birth as ISO `yyyy-mm-dd`, or null when absent or impossible. */
export function normaliseDateOfBirth(value: string | Date | null | undefined, today = new Date()): string | null {
  if (value === null || value === undefined || value === '') return null;
  let iso: string;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    iso = value.toISOString().slice(0, 10);
  } else {
    const m = /^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?\s*$/.exec(value);
    if (!m) return null;
    iso = `${m[1]}-${m[2]}-${m[3]}`;
    const d = new Date(`${iso}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) return null;
  }
  if (iso < EARLIEST_DOB || iso > today.toISOString().slice(0, 10)) return null;
  return iso;
}

/**
 * The text a subject key is made from: the sound skeletons of the canonical given name and of the
 * family name, and the date of birth. Null when the row cannot identify a person (no name or no valid
 * date of birth): such rows get no key rather than a key shared by every unnamed person.
 */
export function personIdentity(person: PersonIdentifiers, today?: Date): string | null {
  const name = normalisePersonName(person);
  const dob = normaliseDateOfBirth(person.dateOfBirth, today);
  if (!name || !dob) return null;
  const given = givenNameSkeleton(name.given);
  const family = soundSkeleton(name.family);
  if (!given || !family) return null;
  return `person:${given}:${family}:${dob}`;
}

function cleanWords(text: string): string[] {
  // A hyphen joins: "Smith-Jones" is one family name whether written alone or after a given name.
  const words = foldedTokens(text.replace(/(?<=\p{L})[-‐‑–](?=\p{L})/gu, '')).filter((w) => !/^\d+$/.test(w));
  while (words.length > 1 && TITLES.has(words[0])) words.shift();
  while (words.length > 1 && SUFFIXES.has(words[words.length - 1])) words.pop();
  return words;
}

function familyTail(words: string[]): string[] {
  if (words.length === 0) return [];
  let start = words.length - 1;
  while (start > 0 && PARTICLES.has(words[start - 1])) start--;
  return words.slice(start);
}
