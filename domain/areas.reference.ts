/** The fourteen local government areas of Hampshire and the Isle of Wight, by ONS code. */
export interface Area {
  code: string;
  name: string;
  tier: 'district' | 'unitary';
}

export const AREAS: readonly Area[] = [
  { code: 'E07000084', name: 'Basingstoke and Deane', tier: 'district' },
  { code: 'E07000085', name: 'East Hampshire', tier: 'district' },
  { code: 'E07000086', name: 'Eastleigh', tier: 'district' },
  { code: 'E07000087', name: 'Fareham', tier: 'district' },
  { code: 'E07000088', name: 'Gosport', tier: 'district' },
  { code: 'E07000089', name: 'Hart', tier: 'district' },
  { code: 'E07000090', name: 'Havant', tier: 'district' },
  { code: 'E07000091', name: 'New Forest', tier: 'district' },
  { code: 'E07000092', name: 'Rushmoor', tier: 'district' },
  { code: 'E07000093', name: 'Test Valley', tier: 'district' },
  { code: 'E07000094', name: 'Winchester', tier: 'district' },
  { code: 'E06000044', name: 'Portsmouth', tier: 'unitary' },
  { code: 'E06000045', name: 'Southampton', tier: 'unitary' },
  { code: 'E06000046', name: 'Isle of Wight', tier: 'unitary' },
];

export const ALL_AREA_CODES: readonly string[] = AREAS.map((a) => a.code);
export const HAMPSHIRE_DISTRICT_CODES: readonly string[] = AREAS.filter((a) => a.tier === 'district').map(
  (a) => a.code,
);

const byCode = new Map(AREAS.map((a) => [a.code, a]));
const byName = new Map(AREAS.map((a) => [a.name.toLowerCase(), a]));

export function areaByCode(code: string): Area | undefined {
  return byCode.get(code);
}

export function areaByName(name: string): Area | undefined {
  return byName.get(name.trim().toLowerCase());
}

export function isAreaCode(code: string): boolean {
  return byCode.has(code);
}
