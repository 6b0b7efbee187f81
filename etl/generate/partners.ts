import { AREAS } from '../../domain/areas.reference.js';
import { ORGANISATIONS, councilSlug } from '../../domain/organisations.reference.js';
import { profileOf } from './district-profiles.js';

/** A partner whose ASB case export is generated. */
export interface Partner {
  slug: string;
  style: 'A' | 'B' | 'C';
  districts: readonly string[];
  /** Prefix of its case references. */
  refPrefix: string;
  file: string;
  /** Expected cases a month, as a share of the `casesPerMonth` option. */
  share: number;
}

const HOUSING_SHARE = 0.12;
const totalPopulation = AREAS.reduce((sum, a) => sum + profileOf(a.code).population, 0);

/**
 * Every council exports its ASB cases: district councils in style A, unitaries in style B;
 * the housing association in style C. Slugs are the organisations' seeded slugs.
 */
export const PARTNERS: readonly Partner[] = [
  ...AREAS.map((a): Partner => {
    const style = a.tier === 'unitary' ? 'B' : 'A';
    const slug = councilSlug(a.name);
    return {
      slug,
      style,
      districts: [a.code],
      refPrefix: profileOf(a.code).short,
      file: `partners/${slug}-asb-cases.csv`,
      share: ((1 - HOUSING_SHARE) * profileOf(a.code).population) / totalPopulation,
    };
  }),
  {
    slug: 'solent-housing',
    style: 'C',
    districts: ORGANISATIONS.find((o) => o.slug === 'solent-housing')?.areas ?? ['E06000044'],
    refPrefix: 'SOL',
    file: 'partners/solent-housing-asb-cases.xlsx',
    share: HOUSING_SHARE,
  },
];

export const HOUSING = PARTNERS[PARTNERS.length - 1];

export function councilOf(districtCode: string): Partner {
  return PARTNERS.find((p) => p.style !== 'C' && p.districts[0] === districtCode)!;
}
