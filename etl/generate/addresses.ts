import type { CatalogueDistrict } from './lsoa-catalogue.js';
import type { Rng } from './prng.js';

export interface Address {
  /** "14 Church Road, Winchester" */
  line: string;
  postcode: string;
  ward: string;
  districtCode: string;
}

const POSTCODE_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/** A made-up address in a district: its streets, one of its wards and a postcode in its postcode districts. */
export function randomAddress(rng: Rng, district: CatalogueDistrict): Address {
  const flat = rng.chance(0.15) ? `Flat ${rng.between(1, 24)}, ` : '';
  const line = `${flat}${rng.between(1, 180)} ${rng.pick(district.streets)}, ${district.profile.name}`;
  const postcode = `${rng.pick(district.profile.postcodes)} ${rng.between(1, 9)}${rng.pick([...POSTCODE_LETTERS])}${rng.pick([...POSTCODE_LETTERS])}`;
  return { line, postcode, ward: rng.pick(district.wards), districtCode: district.profile.code };
}
