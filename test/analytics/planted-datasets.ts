import { AccessLevel } from '../../src/access/access-level.js';
import { areaByCode } from '../../domain/areas.reference.js';
import type { ColumnSpec } from '../../domain/dataset-schema.js';
import { DatasetKind, Sensitivity } from '../../domain/dataset-schema.js';
import type { Dataset } from '../../src/datasets/dataset.entity.js';
import { createMatchKeyer, type MatchKeyer } from '../../etl/matching/index.js';
import { MATCH_KEY_COLUMNS } from '../../etl/matching/identifier-columns.js';
import { generateDataset, type Manifest, PARTNERS, type PlantedPerson } from '../../etl/generate/index.js';
import { createDataset, type FactoryRow } from '../factories/dataset.factory.js';
import { createGrant } from '../factories/grant.factory.js';
import type { TestHub } from '../support/test-hub.js';

/** Columns of a keyed partner ASB dataset, as ingest leaves one whose feed marks identifier columns. */
export const PARTNER_COLUMNS: ColumnSpec[] = [
  { name: 'case_ref', type: 'text', label: 'Case reference', personal: false, dimension: false },
  { name: 'incident_date', type: 'date', label: 'Incident date', personal: false, dimension: false },
  { name: 'reported_date', type: 'date', label: 'Date reported', personal: false, dimension: false },
  { name: 'victim_name', type: 'text', label: 'Victim name', personal: true, dimension: false },
  { name: 'victim_dob', type: 'date', label: 'Victim date of birth', personal: true, dimension: false },
  { name: 'address', type: 'text', label: 'Address', personal: true, dimension: false },
  { name: 'postcode', type: 'text', label: 'Postcode', personal: true, dimension: false },
  ...MATCH_KEY_COLUMNS,
];

/** Every raw identifier string a planted row carries, for scanning responses. */
export interface PlantedWorld {
  manifest: Manifest;
  keyer: MatchKeyer;
  /** Dataset per partner organisation slug. */
  datasets: Map<string, Dataset>;
  rawIdentifiers: string[];
}

/** `dd/MM/yyyy` or ISO → ISO. */
export function isoFromWritten(dob: string): string {
  const uk = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(dob);
  return uk ? `${uk[3]}-${uk[2]}-${uk[1]}` : dob.slice(0, 10);
}

export function splitAddress(asWritten: string): { address: string; postcode: string } {
  const [address, postcode] = asWritten.split(' | ');
  return { address, postcode };
}

/**
 * Generates partner exports with planted repeat victims, namesakes and repeat locations, and
 * loads the planted rows (as written in the files) into one keyed dataset per partner, keyed
 * with the hub's MATCHING_KEY exactly as ingest would.
 */
export async function loadPlantedWorld(hub: TestHub): Promise<PlantedWorld> {
  const manifest = await generateDataset({ out: `${hub.dir}/generated`, months: 12, rowsPerMonth: 0, seed: 'analytics-planted', casesPerMonth: 40, start: '2025-01' });
  plantShortFormsAndSpellings(manifest);
  const keyer = createMatchKeyer(hub.config.analytics.matchingKey);
  const rows = new Map<string, Map<number, FactoryRow>>();
  const rowOf = (file: string, row: number, caseRef: string, incidentDate: string) => {
    const byRow = rows.get(file) ?? new Map<number, FactoryRow>();
    rows.set(file, byRow);
    const existing = byRow.get(row);
    if (existing) return existing;
    const partner = PARTNERS.find((p) => manifest.files.find((f) => f.path === file)?.organisation === p.slug)!;
    const fresh: FactoryRow = {
      month: incidentDate.slice(0, 7),
      district_code: partner.districts[0],
      district_name: areaByCode(partner.districts[0])?.name ?? null,
      category: 'Nuisance',
      category_group: 'Anti-social behaviour',
      source_org: partner.slug,
      placement: 'mapped',
      case_ref: caseRef,
      incident_date: incidentDate,
      reported_date: incidentDate,
    };
    byRow.set(row, fresh);
    return fresh;
  };
  const raw = new Set<string>();
  for (const person of manifest.planted.people) {
    raw.add(`${person.firstName} ${person.lastName}`).add(person.lastName).add(person.dob);
    for (const a of person.appearances) {
      const row = rowOf(a.file, a.row, a.caseRef, a.incidentDate);
      const dob = isoFromWritten(a.dobAsWritten!);
      row.victim_name = a.asWritten;
      row.victim_dob = dob;
      row.subject_key = keyer.subjectKey({ fullName: a.asWritten, dateOfBirth: dob });
      raw.add(a.asWritten.trim()).add(a.dobAsWritten!);
    }
  }
  for (const location of manifest.planted.locations) {
    raw.add(location.address).add(location.postcode).add(location.postcode.replace(' ', ''));
    for (const a of location.appearances) {
      const row = rowOf(a.file, a.row, a.caseRef, a.incidentDate);
      const { address, postcode } = splitAddress(a.asWritten);
      Object.assign(row, { address, postcode, district_code: location.districtCode, district_name: areaByCode(location.districtCode)?.name ?? null });
      row.place_key = keyer.placeKey({ address, postcode });
      raw.add(address).add(postcode);
    }
  }
  const datasets = new Map<string, Dataset>();
  for (const [file, byRow] of rows) {
    const organisation = manifest.files.find((f) => f.path === file)!.organisation!;
    const dataset = await createDataset(hub, {
      slug: `${organisation}-asb`.slice(0, 60),
      owner: organisation,
      kind: DatasetKind.PartnerAsb,
      sensitivity: Sensitivity.OfficialSensitive,
      extraColumns: PARTNER_COLUMNS,
      rows: [...byRow.values()],
    });
    datasets.set(organisation, dataset);
  }
  return { manifest, keyer, datasets, rawIdentifiers: [...raw].filter((s) => s.length >= 4) };
}

/** Grants an organisation one level on every planted dataset, in every area. */
export async function grantAll(hub: TestHub, world: PlantedWorld, organisation: string, level: AccessLevel): Promise<void> {
  const everywhere = ['E07000084', 'E07000085', 'E07000086', 'E07000087', 'E07000088', 'E07000089', 'E07000090', 'E07000091', 'E07000092', 'E07000093', 'E07000094', 'E06000044', 'E06000045', 'E06000046'];
  for (const dataset of world.datasets.values()) {
    if (dataset.ownerOrganisationId) await createGrant(hub, dataset, { organisation, level, areas: everywhere });
  }
}

/**
 * People the generator does not plant: the same person written with a short form of the given
 * name and a respelt family name by different partners (Bill Smyth / William Smith, Peggy /
 * Margaret, Kate Philips / Catherine PHILLIPS, Zoey Mueller / zoe muller), and people who must
 * stay apart from them: the same family name and date of birth with another given name, and the
 * same name born a day later. Added to the manifest as ground truth, in two partners' files.
 */
export function plantShortFormsAndSpellings(manifest: Manifest): void {
  const partnerFiles = manifest.files.filter((f) => f.kind === 'council-asb' || f.kind === 'housing-asb');
  const a = partnerFiles[0];
  const b = partnerFiles.find((f) => f.organisation !== a.organisation)!;
  let row = 900_000;
  const people: [id: string, kind: PlantedPerson['kind'], first: string, last: string, dob: string, notSameAs: string[], written: [file: typeof a, name: string, day: string][]][] = [
    ['short-01', 'repeat-victim', 'William', 'Smith', '1984-03-07', ['short-05', 'short-06', 'short-07'], [[a, 'Bill Smyth', '2025-03-04'], [b, 'William Smith', '2025-04-11'], [a, 'SMITH, Will', '2025-06-20']]],
    ['short-02', 'repeat-victim', 'Margaret', "O'Brien", '1950-02-01', [], [[a, "Peggy O'Brien", '2025-05-02'], [b, 'Margaret OBrien', '2025-07-19']]],
    ['short-03', 'repeat-victim', 'Katherine', 'Phillips', '1975-06-30', [], [[b, 'Kate Philips', '2025-02-14'], [a, 'Catherine  PHILLIPS', '2025-03-01']]],
    ['short-04', 'repeat-victim', 'Zoë', 'Müller', '1991-11-30', [], [[a, 'Zoey Mueller', '2025-08-08'], [b, 'zoe muller', '2025-09-09']]],
    ['short-05', 'namesake', 'John', 'Smith', '1984-03-07', ['short-01', 'short-06'], [[b, 'John Smith', '2025-04-12']]],
    ['short-06', 'namesake', 'Jane', 'Smith', '1984-03-07', ['short-01', 'short-05'], [[a, 'Jane Smith', '2025-04-13']]],
    ['short-07', 'namesake', 'William', 'Smith', '1984-03-08', ['short-01'], [[b, 'William Smith', '2025-04-14']]],
  ];
  for (const [id, kind, firstName, lastName, dob, notSameAs, written] of people) {
    manifest.planted.people.push({
      id, kind, firstName, lastName, dob, notSameAs,
      appearances: written.map(([file, asWritten, incidentDate], i) => ({ file: file.path, row: row++, caseRef: `PLANT-${id}-${i + 1}`, asWritten, dobAsWritten: dob, incidentDate })),
    });
  }
}
