import { areaByName } from '../../domain/areas.reference.js';

/** police.uk and ONS LSOA names: the district's name, a space, three digits and a letter ("Winchester 001A"). */
const LSOA_NAME = /^(.+?)\s+\d{3}[A-Z]$/i;

/**
 * The ONS code of the Hampshire or Isle of Wight district an LSOA name belongs to,
 * e.g. "Winchester 001A" → "E07000094". Null for names outside the force's fourteen
 * areas ("Chichester 005B") and for anything not shaped like an LSOA name.
 */
export function districtFromLsoaName(name: string | null | undefined): string | null {
  if (!name) return null;
  const match = LSOA_NAME.exec(name.trim());
  if (!match) return null;
  return areaByName(match[1].replace(/\s+/g, ' '))?.code ?? null;
}
