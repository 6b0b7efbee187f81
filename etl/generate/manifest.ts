import type { TextEncoding } from './text-file-writer.js';

export type GeneratedFileKind = 'police-street' | 'police-outcomes' | 'council-asb' | 'housing-asb' | 'pcc-projects';

/** One file the generator wrote; `path` is relative to the output folder. */
export interface ManifestFile {
  path: string;
  kind: GeneratedFileKind;
  rows: number;
  encoding: TextEncoding | 'xlsx';
  delimiter?: ',' | ';';
  /** Lines after the data that are not rows (an export footer). */
  footerLines?: number;
  /** Partner house style (see `PARTNER_STYLES`), for partner exports. */
  style?: string;
  /** Organisation slug of the partner whose export it is. */
  organisation?: string;
  /** Police files: the month they cover. */
  month?: string;
  /** Police street files: counts that a correct load reproduces. */
  summary?: {
    crimeTypes: Record<string, number>;
    /** Rows by district ONS code; `outside` for neighbouring forces' LSOAs, `none` for no location. */
    districts: Record<string, number>;
    noLocation: number;
    outOfForce: number;
  };
}

/** Where a planted person or place appears: the file, the 1-based data row (header excluded) and the case. */
export interface Appearance {
  file: string;
  row: number;
  caseRef: string;
  /** The name or address exactly as written in that row. */
  asWritten: string;
  /** The date of birth as written (people only). */
  dobAsWritten?: string;
  incidentDate: string;
}

/** Ground truth for record linkage tests: a real person behind several rows. */
export interface PlantedPerson {
  id: string;
  /** `repeat-victim`: the same person in several partners' files; `namesake`: same name, different DOB, a different person. */
  kind: 'repeat-victim' | 'namesake';
  firstName: string;
  lastName: string;
  dob: string;
  /** Ids of planted people who share this name but are not this person. */
  notSameAs: string[];
  appearances: Appearance[];
}

export interface PlantedLocation {
  id: string;
  address: string;
  postcode: string;
  districtCode: string;
  appearances: Appearance[];
}

export interface PartnerStyleSummary {
  description: string;
  encoding: TextEncoding | 'xlsx';
  delimiter?: ',' | ';';
  dateFormat: string;
  columns: string[];
  /** The style's own category values mapped to Home Office ASB categories. */
  categories: Record<string, 'Personal' | 'Nuisance' | 'Environmental'>;
}

export interface Manifest {
  generator: 'csp-hub synthetic data';
  version: 1;
  seed: string;
  start: string;
  months: number;
  rowsPerMonth: number;
  geography: 'boundaries' | 'synthetic';
  files: ManifestFile[];
  styles: Record<string, PartnerStyleSummary>;
  planted: { people: PlantedPerson[]; locations: PlantedLocation[] };
}
