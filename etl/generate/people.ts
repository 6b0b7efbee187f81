import { Faker, base, en, en_GB } from '@faker-js/faker';
import type { Rng } from './prng.js';

export interface Person {
  firstName: string;
  lastName: string;
  /** Date of birth, UTC midnight. */
  dob: Date;
}

/**
 * Names with accents and apostrophes, all encodable in Windows-1252, so partner exports
 * exercise encodings the way real ones do ("Zoë O'Brien" in one file, "Zoe OBrien" in another).
 */
export const ACCENTED_NAMES: readonly (readonly [string, string])[] = [
  ['Zoë', "O'Brien"],
  ['José', 'García'],
  ['Siobhán', "O'Neill"],
  ['Renée', 'Dubois'],
  ['Noël', "D'Souza"],
  ['Chloë', 'Müller'],
  ['Seán', 'Ó Briain'],
  ['Inès', 'Lefèvre'],
  ['Björn', 'Åkesson'],
  ['Raphaël', 'Nuñez'],
  ['Ciarán', "O'Sullivan"],
  ['Françoise', 'Béranger'],
];

/** A faker seeded from our generator, en_GB names first. */
export function seededFaker(rng: Rng): Faker {
  const faker = new Faker({ locale: [en_GB, en, base] });
  faker.seed(rng.uint32());
  return faker;
}

/** A made-up person; about one in twelve has an accented or apostrophised name. */
export function randomPerson(faker: Faker, rng: Rng, onDate: Date): Person {
  const [firstName, lastName] = rng.chance(1 / 12)
    ? rng.pick(ACCENTED_NAMES)
    : [faker.person.firstName(), faker.person.lastName()];
  return { firstName, lastName, dob: dobForAge(rng, rng.between(16, 89), onDate) };
}

export function dobForAge(rng: Rng, age: number, onDate: Date): Date {
  const t = Date.UTC(onDate.getUTCFullYear() - age - 1, onDate.getUTCMonth(), onDate.getUTCDate()) + rng.int(364) * 86_400_000;
  const d = new Date(t);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/** Removes accents: "Zoë" → "Zoe". */
export function stripAccents(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/**
 * How a partner may write the same name: as given, without accents, without apostrophes,
 * in capitals, with stray spaces. Index 0 is always the name as given.
 */
export const NAME_VARIANTS: readonly ((first: string, last: string) => [string, string])[] = [
  (f, l) => [f, l],
  (f, l) => [stripAccents(f), stripAccents(l)],
  (f, l) => [stripAccents(f), stripAccents(l).replace(/'/g, '')],
  (f, l) => [f, l.toUpperCase()],
  (f, l) => [f.toLowerCase(), l.toLowerCase()],
  (f, l) => [`${f} `, l.replace(/'/g, '’')],
];

/** How a partner may write the same address and postcode. Index 0 is as given. */
export const ADDRESS_VARIANTS: readonly ((address: string, postcode: string) => [string, string])[] = [
  (a, p) => [a, p],
  (a, p) => [a.replace(/\bStreet\b/, 'St').replace(/\bRoad\b/, 'Rd').replace(/\bAvenue\b/, 'Ave'), p.replace(' ', '')],
  (a, p) => [a.toUpperCase(), p.toLowerCase()],
  (a, p) => [a.replace(/^(\d+) /, '$1, '), p],
];
