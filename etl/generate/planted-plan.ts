import type { Faker } from '@faker-js/faker';
import type { CaseKind, Victim } from './asb-case.js';
import { isoDate } from './csv-format.js';
import type { Catalogue } from './lsoa-catalogue.js';
import type { PlantedLocation, PlantedPerson } from './manifest.js';
import { HOUSING, councilOf, type Partner } from './partners.js';
import { ACCENTED_NAMES, ADDRESS_VARIANTS, NAME_VARIANTS, dobForAge } from './people.js';
import type { Rng } from './prng.js';
import { randomAddress, type Address } from './addresses.js';

/** A case the plan places in a partner's file in a given month. */
export interface PlannedCase {
  month: number;
  day: number;
  kind: CaseKind;
  victim: Victim | null;
  address: Address;
  vulnerable: boolean;
  personId?: string;
  locationId?: string;
  nameVariant: number;
  addressVariant: number;
}

export interface PlantedPlan {
  people: PlantedPerson[];
  locations: PlantedLocation[];
  /** Planned cases by `${partnerSlug}|${monthIndex}`. */
  cases: Map<string, PlannedCase[]>;
}

const REPEAT_VICTIMS = 10;
const NAMESAKES = 3;
const REPEAT_LOCATIONS = 6;
const PERSONAL_KINDS: CaseKind[] = ['harassment', 'neighbourDispute', 'noise', 'hateIncident'];

/**
 * The ground truth planted in partner exports: repeat victims who complain three or four
 * times within six months to two partners, spelled differently by each; namesakes (same name,
 * different date of birth) who must not be linked to them; and addresses reported to two partners.
 */
export function plantPlan(rng: Rng, faker: Faker, monthCount: number, start: Date, catalogue: Catalogue): PlantedPlan {
  const plan: PlantedPlan = { people: [], locations: [], cases: new Map() };
  if (monthCount < 1) return plan;
  const add = (partner: Partner, c: PlannedCase) => {
    const key = `${partner.slug}|${c.month}`;
    plan.cases.set(key, [...(plan.cases.get(key) ?? []), c]);
  };
  const housingDistricts = HOUSING.districts;
  const districtOf = (code: string) => catalogue.districts.find((d) => d.profile.code === code)!;

  for (let i = 0; i < REPEAT_VICTIMS; i++) {
    const id = `person-${String(i + 1).padStart(2, '0')}`;
    const [firstName, lastName] = i < 6 ? ACCENTED_NAMES[i] : [faker.person.firstName(), faker.person.lastName()];
    const home = i % 2 === 0 ? rng.pick(housingDistricts) : rng.pick(catalogue.districts).profile.code;
    const partners = [councilOf(home), housingDistricts.includes(home) ? HOUSING : councilOf(otherDistrict(rng, catalogue, home))];
    const dob = dobForAge(rng, rng.between(25, 80), start);
    const address = randomAddress(rng, districtOf(home));
    const kind = rng.pick(PERSONAL_KINDS);
    const person: PlantedPerson = { id, kind: 'repeat-victim', firstName, lastName, dob: isoDate(dob), notSameAs: [], appearances: [] };
    plan.people.push(person);
    const months = windowMonths(rng, monthCount, rng.between(3, 4));
    months.forEach((month, j) => {
      add(partners[j % 2], {
        month, day: rng.between(1, 28), kind, victim: { firstName, lastName, dob }, address, vulnerable: true, personId: id,
        nameVariant: j === 0 ? 0 : 1 + rng.int(NAME_VARIANTS.length - 1), addressVariant: 0,
      });
    });
    if (i < NAMESAKES) {
      const namesakeId = `namesake-${String(i + 1).padStart(2, '0')}`;
      const namesakeDob = dobForAge(rng, rng.between(18, 90), start);
      if (isoDate(namesakeDob) === person.dob) namesakeDob.setUTCFullYear(namesakeDob.getUTCFullYear() - 11);
      person.notSameAs.push(namesakeId);
      plan.people.push({
        id: namesakeId, kind: 'namesake', firstName, lastName, dob: isoDate(namesakeDob), notSameAs: [id], appearances: [],
      });
      const partner = partners[rng.int(2)];
      const where = randomAddress(rng, districtOf(rng.pick(partner.districts)));
      for (let k = 0; k < 2; k++) {
        add(partner, {
          month: rng.int(monthCount), day: rng.between(1, 28), kind: rng.pick(PERSONAL_KINDS),
          victim: { firstName, lastName, dob: namesakeDob }, address: where, vulnerable: false, personId: namesakeId,
          nameVariant: k === 0 ? 0 : 1, addressVariant: 0,
        });
      }
    }
  }

  for (let i = 0; i < REPEAT_LOCATIONS; i++) {
    const id = `location-${String(i + 1).padStart(2, '0')}`;
    const districtCode = rng.pick(housingDistricts);
    const address = randomAddress(rng, districtOf(districtCode));
    plan.locations.push({ id, address: address.line, postcode: address.postcode, districtCode, appearances: [] });
    const partners = [councilOf(districtCode), HOUSING];
    const kind = rng.pick<CaseKind>(['drugs', 'youthNuisance', 'noise', 'flyTipping']);
    windowMonths(rng, monthCount, rng.between(3, 5)).forEach((month, j) => {
      add(partners[j % 2], {
        month, day: rng.between(1, 28), kind, victim: null, address, vulnerable: false, locationId: id,
        nameVariant: 0, addressVariant: j === 0 ? 0 : rng.int(ADDRESS_VARIANTS.length),
      });
    });
  }
  return plan;
}

/** `count` month indexes inside one six-month window (repeat complaints, as the Community Trigger counts them). */
function windowMonths(rng: Rng, monthCount: number, count: number): number[] {
  const width = Math.min(6, monthCount);
  const first = rng.int(monthCount - width + 1);
  return Array.from({ length: count }, () => first + rng.int(width)).sort((a, b) => a - b);
}

function otherDistrict(rng: Rng, catalogue: Catalogue, not: string): string {
  const others = catalogue.districts.filter((d) => d.profile.code !== not);
  return rng.pick(others).profile.code;
}

