import { randomPointIn, type Geography } from '../geography/index.js';
import { DISTRICT_PROFILES, type DistrictProfile } from './district-profiles.js';
import { NEIGHBOURS, PLACES, PLACE_SHARE } from './police-reference.js';
import type { Rng } from './prng.js';

/** An anonymised map point police.uk snaps crimes to, already formatted for the CSV. */
export interface SnapPoint {
  lon: string;
  lat: string;
  location: string;
}

export interface CatalogueLsoa {
  code: string;
  name: string;
  districtCode: string | null;
  points: SnapPoint[];
}

export interface CatalogueDistrict {
  profile: DistrictProfile;
  lsoas: CatalogueLsoa[];
  wards: string[];
  streets: string[];
}

/** The places rows are generated in: real LSOAs and shapes when boundaries are given, else invented ones. */
export interface Catalogue {
  source: 'boundaries' | 'synthetic';
  districts: CatalogueDistrict[];
  /** LSOAs just outside the force, for the few rows police.uk snaps over the border. */
  neighbours: CatalogueLsoa[];
}

const POINTS_PER_LSOA = 10;

const STEMS = [
  'Church', 'Station', 'High', 'Mill', 'London', 'Park', 'Victoria', 'Queens', 'Kings', 'Manor', 'Chapel', 'School',
  'Green', 'Orchard', 'Southampton', 'Winchester', 'Romsey', 'Stockbridge', 'Forest', 'Meadow', 'Oak', 'Beech', 'Elm',
  'Willow', 'Chestnut', 'Hazel', 'Rowan', 'Alder', 'Harbour', 'Quay', 'Castle', 'Abbey', 'Priory', 'Bridge', 'Brook',
  'Downs', 'Hill', 'Valley', 'Heath', 'Common', 'Farm', 'Windmill', 'Nelson', 'Drake', 'Jubilee', 'Coronation',
  'Albert', 'Alexandra', 'Portland', 'Grange', 'Clarence', 'Osborne', 'Solent', 'Test', 'Itchen', 'Hamble', 'Avon',
];
const SUFFIXES = ['Road', 'Street', 'Lane', 'Close', 'Avenue', 'Drive', 'Way', 'Crescent', 'Gardens', 'Place', 'Court', 'Walk'];
const WARD_WORDS = [
  'Central', 'North', 'South', 'East', 'West', 'Castle', 'Harbour', 'Park', 'Hill', 'Valley', 'Meadows', 'Common',
  'Downs', "St Mary's", "St John's", "St Peter's", 'Priory', 'Mill', 'Bridge', 'Forest', 'Heath', 'Grange', 'Manor',
  'Oakley', 'Beacon', 'Cathedral', 'Riverside', 'Village', 'Abbey', 'Fields', 'Brookside', 'Chalk', 'Orchard',
  'Moor', 'Marsh', 'Wood', 'Coastal', 'Quay', 'Station', 'Market',
];

/** Builds the catalogue once per run; cost is a few thousand random points. */
export function buildCatalogue(rng: Rng, geography?: Geography): Catalogue {
  const districts = DISTRICT_PROFILES.map((profile) => {
    const r = rng.fork(profile.code);
    const streets = r.shuffle(STEMS.flatMap((s) => SUFFIXES.map((x) => `${s} ${x}`))).slice(0, 120);
    const realLsoas = geography?.lsoasIn(profile.code) ?? [];
    const lsoas =
      realLsoas.length > 0
        ? [...realLsoas]
            .sort((a, b) => a.name.localeCompare(b.name, 'en'))
            .map((l) => lsoaWithPoints(l.code, l.name, profile.code, streets, r, () => randomPointIn(l.feature, r.fn)))
        : syntheticLsoas(profile, streets, r);
    const realWards = geography?.wards.filter((w) => w.districtCode === profile.code).map((w) => w.name) ?? [];
    const wards = realWards.length > 0 ? realWards : r.shuffle(WARD_WORDS).slice(0, Math.max(6, Math.round(profile.lsoaCount / 4)));
    return { profile, lsoas, wards, streets };
  });
  const neighbours = neighbourLsoas(rng.fork('neighbours'));
  const usesBoundaries = districts.some((d) => geography?.lsoasIn(d.profile.code).length);
  return { source: usesBoundaries ? 'boundaries' : 'synthetic', districts, neighbours };
}

/** `<District> 001A` names, codes in the unused E019xxxxx range, points in a cell of the district's box. */
function syntheticLsoas(profile: DistrictProfile, streets: string[], r: Rng): CatalogueLsoa[] {
  const [w, s, e, n] = profile.bbox;
  const cols = Math.ceil(Math.sqrt(profile.lsoaCount * ((e - w) / (n - s))));
  const rows = Math.ceil(profile.lsoaCount / cols);
  const cells = r.shuffle(Array.from({ length: cols * rows }, (_, i) => i));
  const districtNo = String(DISTRICT_PROFILES.indexOf(profile) + 1).padStart(2, '0');
  return Array.from({ length: profile.lsoaCount }, (_, i) => {
    const msoa = String(Math.floor(i / 5) + 1).padStart(3, '0');
    const name = `${profile.name} ${msoa}${'ABCDE'[i % 5]}`;
    const code = `E019${districtNo}${String(i + 1).padStart(3, '0')}`;
    const cw = (e - w) / cols;
    const ch = (n - s) / rows;
    const cx = w + (cells[i] % cols) * cw;
    const cy = s + Math.floor(cells[i] / cols) * ch;
    return lsoaWithPoints(code, name, profile.code, streets, r, () => [cx + r.next() * cw, cy + r.next() * ch]);
  });
}

function neighbourLsoas(r: Rng): CatalogueLsoa[] {
  return NEIGHBOURS.flatMap((nb, k) =>
    Array.from({ length: 3 }, (_, i) => {
      const name = `${nb.name} ${String(r.between(1, 30)).padStart(3, '0')}${'ABCD'[i]}`;
      const code = `E0199${String(k + 1).padStart(2, '0')}${String(i + 1).padStart(2, '0')}`;
      const streets = STEMS.slice(k * 3, k * 3 + 6).map((s) => `${s} Road`);
      return lsoaWithPoints(code, name, null, streets, r, () => [nb.lon + (r.next() - 0.5) * 0.03, nb.lat + (r.next() - 0.5) * 0.02]);
    }),
  );
}

function lsoaWithPoints(
  code: string,
  name: string,
  districtCode: string | null,
  streets: string[],
  r: Rng,
  point: () => [number, number],
): CatalogueLsoa {
  const points = Array.from({ length: POINTS_PER_LSOA }, () => {
    const [lon, lat] = point();
    const place = r.chance(PLACE_SHARE) ? r.pick(PLACES) : r.pick(streets);
    return { lon: lon.toFixed(6), lat: lat.toFixed(6), location: `On or near ${place}` };
  });
  return { code, name, districtCode, points };
}
