import { ALL_AREA_CODES, AREAS, HAMPSHIRE_DISTRICT_CODES } from './areas.reference.js';
import { OrganisationType } from './organisation-type.js';

/** A partner organisation as seeded on every database. */
export interface OrganisationSeed {
  slug: string;
  name: string;
  type: OrganisationType;
  onsCode: string | null;
  areas: readonly string[];
}

const councilName: Record<string, string> = {
  E07000084: 'Basingstoke and Deane Borough Council',
  E07000085: 'East Hampshire District Council',
  E07000086: 'Eastleigh Borough Council',
  E07000087: 'Fareham Borough Council',
  E07000088: 'Gosport Borough Council',
  E07000089: 'Hart District Council',
  E07000090: 'Havant Borough Council',
  E07000091: 'New Forest District Council',
  E07000092: 'Rushmoor Borough Council',
  E07000093: 'Test Valley Borough Council',
  E07000094: 'Winchester City Council',
  E06000044: 'Portsmouth City Council',
  E06000045: 'Southampton City Council',
  E06000046: 'Isle of Wight Council',
};

/** URL-safe short name for an area's council, e.g. `winchester`, `basingstoke-and-deane`. */
export function councilSlug(areaName: string): string {
  return areaName.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

/** The Hampshire and Isle of Wight partners, in display order. */
export const ORGANISATIONS: readonly OrganisationSeed[] = [
  {
    slug: 'hiow-constabulary',
    name: 'Hampshire and Isle of Wight Constabulary',
    type: OrganisationType.Police,
    onsCode: null,
    areas: ALL_AREA_CODES,
  },
  {
    slug: 'hampshire-county-council',
    name: 'Hampshire County Council',
    type: OrganisationType.CountyCouncil,
    onsCode: 'E10000014',
    areas: HAMPSHIRE_DISTRICT_CODES,
  },
  ...AREAS.map((a) => ({
    slug: councilSlug(a.name),
    name: councilName[a.code],
    type: a.tier === 'district' ? OrganisationType.DistrictCouncil : OrganisationType.UnitaryCouncil,
    onsCode: a.code,
    areas: [a.code],
  })),
  {
    slug: 'hiow-fire-rescue',
    name: 'Hampshire and Isle of Wight Fire and Rescue Service',
    type: OrganisationType.FireAndRescue,
    onsCode: null,
    areas: ALL_AREA_CODES,
  },
  {
    slug: 'opcc',
    name: 'Office of the Police and Crime Commissioner for Hampshire and the Isle of Wight',
    type: OrganisationType.PoliceAndCrimeCommissioner,
    onsCode: null,
    areas: ALL_AREA_CODES,
  },
  {
    slug: 'probation-south-central',
    name: 'Probation Service (South Central)',
    type: OrganisationType.Probation,
    onsCode: null,
    areas: ALL_AREA_CODES,
  },
  {
    slug: 'solent-housing',
    name: 'Solent Housing Association',
    type: OrganisationType.Housing,
    onsCode: null,
    areas: ['E06000044', 'E06000045', 'E07000087', 'E07000088', 'E07000090'],
  },
];
