import { AREAS } from '../../domain/areas.reference.js';

/** What the generator knows about each of the fourteen areas, without boundary files. */
export interface DistrictProfile {
  code: string;
  name: string;
  /** Residents, rounded: ONS mid-2020 estimates (approximate). Weights council case volumes. */
  population: number;
  /** Share of the force's police.uk rows, measured from the real 2017/2022 files (cities have more crime per head). */
  policeShare: number;
  /** Number of 2011 LSOAs, as in the ONS boundaries. */
  lsoaCount: number;
  /** Bounding box [west, south, east, north] of the district's boundary, from the ONS file. */
  bbox: readonly [number, number, number, number];
  /** Postcode districts that cover it, for addresses. */
  postcodes: readonly string[];
  /** Short code used in council case references. */
  short: string;
}

const PROFILES: Record<string, Omit<DistrictProfile, 'code' | 'name'>> = {
  E07000084: { population: 177_000, policeShare: 0.0759, lsoaCount: 109, bbox: [-1.46, 51.134, -0.975, 51.383], postcodes: ['RG21', 'RG22', 'RG23', 'RG24', 'RG25', 'RG26', 'RG28'], short: 'BDBC' },
  E07000085: { population: 123_000, policeShare: 0.0378, lsoaCount: 72, bbox: [-1.132, 50.868, -0.745, 51.213], postcodes: ['GU30', 'GU31', 'GU32', 'GU33', 'GU34', 'GU35', 'PO8'], short: 'EHDC' },
  E07000086: { population: 135_000, policeShare: 0.0526, lsoaCount: 77, bbox: [-1.4, 50.849, -1.258, 51.004], postcodes: ['SO50', 'SO53', 'SO30', 'SO31'], short: 'EBC' },
  E07000087: { population: 116_000, policeShare: 0.0397, lsoaCount: 73, bbox: [-1.308, 50.809, -1.112, 50.898], postcodes: ['PO14', 'PO15', 'PO16', 'PO17'], short: 'FBC' },
  E07000088: { population: 85_000, policeShare: 0.0467, lsoaCount: 53, bbox: [-1.214, 50.773, -1.112, 50.839], postcodes: ['PO12', 'PO13'], short: 'GBC' },
  E07000089: { population: 97_000, policeShare: 0.0262, lsoaCount: 57, bbox: [-1.002, 51.186, -0.762, 51.366], postcodes: ['GU46', 'GU51', 'GU52', 'RG27'], short: 'HDC' },
  E07000090: { population: 126_000, policeShare: 0.0674, lsoaCount: 78, bbox: [-1.055, 50.776, -0.926, 50.909], postcodes: ['PO7', 'PO9', 'PO10', 'PO11'], short: 'HBC' },
  E07000091: { population: 180_000, policeShare: 0.0658, lsoaCount: 114, bbox: [-1.957, 50.706, -1.307, 51.01], postcodes: ['SO40', 'SO41', 'SO42', 'SO43', 'SO45', 'BH24', 'BH25'], short: 'NFDC' },
  E07000092: { population: 95_000, policeShare: 0.0496, lsoaCount: 58, bbox: [-0.807, 51.231, -0.729, 51.32], postcodes: ['GU11', 'GU12', 'GU14'], short: 'RBC' },
  E07000093: { population: 128_000, policeShare: 0.0469, lsoaCount: 71, bbox: [-1.695, 50.928, -1.309, 51.339], postcodes: ['SP10', 'SP11', 'SO20', 'SO51'], short: 'TVBC' },
  E07000094: { population: 127_000, policeShare: 0.0427, lsoaCount: 70, bbox: [-1.456, 50.856, -1.034, 51.196], postcodes: ['SO21', 'SO22', 'SO23', 'SO32'], short: 'WCC' },
  E06000044: { population: 215_000, policeShare: 0.1702, lsoaCount: 125, bbox: [-1.118, 50.75, -1.021, 50.859], postcodes: ['PO1', 'PO2', 'PO3', 'PO4', 'PO5', 'PO6'], short: 'PORT' },
  E06000045: { population: 254_000, policeShare: 0.2115, lsoaCount: 148, bbox: [-1.479, 50.88, -1.322, 50.956], postcodes: ['SO14', 'SO15', 'SO16', 'SO17', 'SO18', 'SO19'], short: 'SCC' },
  E06000046: { population: 142_000, policeShare: 0.0654, lsoaCount: 89, bbox: [-1.59, 50.575, -1.07, 50.768], postcodes: ['PO30', 'PO31', 'PO32', 'PO33', 'PO36', 'PO37', 'PO38', 'PO41'], short: 'IWC' },
};

export const DISTRICT_PROFILES: readonly DistrictProfile[] = AREAS.map((a) => ({ code: a.code, name: a.name, ...PROFILES[a.code] }));

export function profileOf(code: string): DistrictProfile {
  const p = DISTRICT_PROFILES.find((d) => d.code === code);
  if (!p) throw new Error(`No district profile for ${code}`);
  return p;
}
