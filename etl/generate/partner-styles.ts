import { areaByCode } from '../../domain/areas.reference.js';
import { CASE_KINDS, type AsbCase, type CaseKind, type HomeOfficeCategory } from './asb-case.js';
import { isoDate, ukDate } from './csv-format.js';
import type { PartnerStyleSummary } from './manifest.js';
import { ADDRESS_VARIANTS, NAME_VARIANTS } from './people.js';
import type { TextEncoding } from './text-file-writer.js';

/** A partner's export format: its columns and how one case becomes one row. */
export interface PartnerStyle {
  id: 'A' | 'B' | 'C';
  summary: PartnerStyleSummary;
  encoding: TextEncoding | 'xlsx';
  delimiter: ',' | ';';
  eol: '\n' | '\r\n';
  /** A trailing line after the data, as some case systems add to exports. */
  footer?: (rows: number, exported: Date) => string;
  /** Cell values in column order; Dates only for XLSX. */
  row(c: AsbCase): (string | number | boolean | Date | null)[];
  /** The name as written in the row, for the manifest. */
  nameAsWritten(c: AsbCase): string;
  dobAsWritten(c: AsbCase): string;
  addressAsWritten(c: AsbCase): string;
}

/** Style A's own category and sub-category words. */
const A_LABELS: Record<CaseKind, [string, string]> = {
  noise: ['Noise', 'Domestic noise'],
  neighbourDispute: ['Neighbour Nuisance', 'Dispute'],
  harassment: ['Harassment/Intimidation', 'Verbal abuse'],
  hateIncident: ['Hate Related', 'Hate incident'],
  drugs: ['Drugs', 'Drug dealing/use'],
  youthNuisance: ['Rowdy Behaviour', 'Youth nuisance'],
  vehicleNuisance: ['Vehicle Nuisance', 'Inappropriate vehicle use'],
  streetDrinking: ['Street Drinking', 'Alcohol related'],
  flyTipping: ['Fly-tipping', 'Household waste'],
  graffiti: ['Criminal Damage/Graffiti', 'Graffiti'],
  abandonedVehicle: ['Abandoned Vehicle', 'Untaxed vehicle'],
  dogFouling: ['Animal Problems', 'Dog fouling'],
};

/** Style B's type codes. */
const B_CODES: Record<CaseKind, string> = {
  noise: 'NSE01',
  neighbourDispute: 'NBR02',
  harassment: 'HAR01',
  hateIncident: 'HAT01',
  drugs: 'DRG01',
  youthNuisance: 'YTH01',
  vehicleNuisance: 'VEH01',
  streetDrinking: 'ALC01',
  flyTipping: 'ENV01',
  graffiti: 'ENV02',
  abandonedVehicle: 'ENV03',
  dogFouling: 'ENV04',
};

/** Style C (housing) incident types. */
const C_TYPES: Record<CaseKind, string> = {
  noise: 'Noise nuisance',
  neighbourDispute: 'Neighbour dispute',
  harassment: 'Harassment',
  hateIncident: 'Hate crime',
  drugs: 'Drugs',
  youthNuisance: 'Youth ASB',
  vehicleNuisance: 'Vehicles',
  streetDrinking: 'Alcohol',
  flyTipping: 'Rubbish / fly-tipping',
  graffiti: 'Graffiti / vandalism',
  abandonedVehicle: 'Abandoned vehicle',
  dogFouling: 'Pets and animals',
};

const kinds = Object.keys(CASE_KINDS) as CaseKind[];
const categoryMap = (label: (k: CaseKind) => string) =>
  Object.fromEntries(kinds.map((k) => [label(k), CASE_KINDS[k].category])) as Record<string, HomeOfficeCategory>;

function name(c: AsbCase): [string, string] {
  if (!c.victim) return ['', ''];
  return NAME_VARIANTS[c.planted?.nameVariant ?? 0](c.victim.firstName, c.victim.lastName);
}
function place(c: AsbCase): [string, string] {
  return ADDRESS_VARIANTS[c.planted?.addressVariant ?? 0](c.address, c.postcode);
}

const styleA: PartnerStyle = {
  id: 'A',
  encoding: 'utf-8-bom',
  delimiter: ',',
  eol: '\r\n',
  summary: {
    description: 'District council case system export: UTF-8 with BOM, comma, CRLF, dd/MM/yyyy dates, a trailing "records" footer line',
    encoding: 'utf-8-bom',
    delimiter: ',',
    dateFormat: 'dd/MM/yyyy',
    columns: ['Case Ref', 'Date Reported', 'Incident Date', 'ASB Category', 'Sub-category', 'Ward', 'Address', 'Postcode', 'Victim Name', 'Victim DOB', 'Vulnerable (Y/N)'],
    categories: categoryMap((k) => A_LABELS[k][0]),
  },
  footer: (rows, exported) => `Exported ${ukDate(exported)}: ${rows} records`,
  row(c) {
    const [first, last] = name(c);
    const [address, postcode] = place(c);
    return [c.ref, ukDate(c.reported), ukDate(c.incident), A_LABELS[c.kind][0], A_LABELS[c.kind][1], c.ward, address, postcode,
      c.victim ? `${first} ${last}` : '', this.dobAsWritten(c), c.vulnerable ? 'Y' : 'N'];
  },
  nameAsWritten: (c) => (c.victim ? name(c).join(' ') : ''),
  dobAsWritten: (c) => (c.victim ? ukDate(c.victim.dob) : ''),
  addressAsWritten: (c) => place(c).join(' | '),
};

const styleB: PartnerStyle = {
  id: 'B',
  encoding: 'windows-1252',
  delimiter: ';',
  eol: '\r\n',
  summary: {
    description: 'Unitary council export: Windows-1252, semicolon, CRLF, ISO yyyy-MM-dd dates, type codes, surname and forename apart',
    encoding: 'windows-1252',
    delimiter: ';',
    dateFormat: 'yyyy-MM-dd',
    columns: ['Reference', 'Received', 'Occurred', 'Type', 'Description', 'Location', 'Post Code', 'Ward Name', 'Complainant Surname', 'Complainant Forename', 'Date of Birth', 'Risk Level'],
    categories: categoryMap((k) => B_CODES[k]),
  },
  row(c) {
    const [first, last] = name(c);
    const [address, postcode] = place(c);
    const risk = c.vulnerable ? 'High' : c.kind === 'harassment' || c.kind === 'hateIncident' ? 'Medium' : 'Standard';
    return [c.ref, isoDate(c.reported), isoDate(c.incident), B_CODES[c.kind], c.description, address, postcode, c.ward,
      last, first, this.dobAsWritten(c), risk];
  },
  nameAsWritten: (c) => (c.victim ? name(c).join(' ') : ''),
  dobAsWritten: (c) => (c.victim ? isoDate(c.victim.dob) : ''),
  addressAsWritten: (c) => place(c).join(' | '),
};

const styleC: PartnerStyle = {
  id: 'C',
  encoding: 'xlsx',
  delimiter: ',',
  eol: '\n',
  summary: {
    description: 'Housing provider workbook: XLSX, sheet "ASB cases" first (a "Notes" sheet after it), real date cells, Home Office category column',
    encoding: 'xlsx',
    dateFormat: 'date cells (shown dd/mm/yyyy)',
    columns: ['Tenancy Ref', 'Case Opened', 'Incident Type', 'Category', 'Property Address', 'Postcode', 'Local Authority', 'Reporter First Name', 'Reporter Last Name', 'Reporter DOB', 'Vulnerability Flag'],
    categories: { Personal: 'Personal', Nuisance: 'Nuisance', Environmental: 'Environmental' },
  },
  row(c) {
    const [first, last] = name(c);
    const [address, postcode] = place(c);
    return [c.ref, c.reported, C_TYPES[c.kind], CASE_KINDS[c.kind].category, address, postcode, areaByCode(c.districtCode)?.name ?? c.districtCode,
      first, last, c.victim?.dob ?? null, c.vulnerable];
  },
  nameAsWritten: (c) => (c.victim ? name(c).join(' ') : ''),
  dobAsWritten: (c) => (c.victim ? isoDate(c.victim.dob) : ''),
  addressAsWritten: (c) => place(c).join(' | '),
};

export const PARTNER_STYLES: Record<'A' | 'B' | 'C', PartnerStyle> = { A: styleA, B: styleB, C: styleC };
