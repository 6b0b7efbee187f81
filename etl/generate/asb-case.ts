import type { Rng } from './prng.js';

export type HomeOfficeCategory = 'Personal' | 'Nuisance' | 'Environmental';

/** The kinds of ASB case generated; each partner style labels them its own way. */
export const CASE_KINDS = {
  noise: { category: 'Nuisance', weight: 22 },
  neighbourDispute: { category: 'Personal', weight: 14 },
  harassment: { category: 'Personal', weight: 12 },
  hateIncident: { category: 'Personal', weight: 3 },
  drugs: { category: 'Nuisance', weight: 8 },
  youthNuisance: { category: 'Nuisance', weight: 10 },
  vehicleNuisance: { category: 'Nuisance', weight: 6 },
  streetDrinking: { category: 'Nuisance', weight: 4 },
  flyTipping: { category: 'Environmental', weight: 11 },
  graffiti: { category: 'Environmental', weight: 4 },
  abandonedVehicle: { category: 'Environmental', weight: 3 },
  dogFouling: { category: 'Environmental', weight: 3 },
} as const satisfies Record<string, { category: HomeOfficeCategory; weight: number }>;

export type CaseKind = keyof typeof CASE_KINDS;

export interface Victim {
  firstName: string;
  lastName: string;
  dob: Date;
}

/** One ASB case before a partner's house style writes it. */
export interface AsbCase {
  ref: string;
  kind: CaseKind;
  incident: Date;
  reported: Date;
  districtCode: string;
  ward: string;
  address: string;
  postcode: string;
  victim: Victim | null;
  vulnerable: boolean;
  description: string;
  /** Set for planted cases: which person or location, and which spelling variant to write. */
  planted?: { personId?: string; locationId?: string; nameVariant: number; addressVariant: number };
}

const DESCRIPTIONS: Record<CaseKind, readonly string[]> = {
  noise: ['Loud music late at night', 'Shouting and banging from the flat above', 'Parties most weekends; music until 3am', 'Dog barking all day'],
  neighbourDispute: ['Ongoing dispute over parking', 'Boundary hedge dispute, threats made', 'Neighbour blocking shared access'],
  harassment: ['Verbal abuse when leaving the house', 'Threatening messages left on the door', 'Group intimidating resident; ongoing'],
  hateIncident: ['Abuse about the victim\'s religion', 'Racist comments shouted in the street'],
  drugs: ['Suspected dealing from the car park', 'Cannabis smell and visitors at all hours', 'Needles found in the stairwell'],
  youthNuisance: ['Youths gathering and throwing stones', 'Group on bikes riding at pedestrians', 'Young people drinking in the play park'],
  vehicleNuisance: ['Off-road bikes on the recreation ground', 'Car revving and racing at night'],
  streetDrinking: ['Drinking outside the shops, litter left', 'Aggressive begging and drinking'],
  flyTipping: ['Mattress and furniture dumped in the lane', 'Builders\' waste left by the garages', 'Bags of rubbish dumped; again'],
  graffiti: ['Graffiti tags on the underpass', 'Offensive graffiti on the bus shelter'],
  abandonedVehicle: ['Car untaxed and not moved for weeks', 'Burnt-out van in the lay-by'],
  dogFouling: ['Dog fouling on the school path', 'Owner not clearing up after dog'],
};

/** A short free-text description; now and then over two lines, as typed into case systems. */
export function describe(rng: Rng, kind: CaseKind): string {
  const text = rng.pick(DESCRIPTIONS[kind]);
  return rng.chance(0.03) ? `${text}.\nFollow-up visit requested` : text;
}
