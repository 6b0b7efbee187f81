import { Role } from '../../src/auth/role.js';
import { DatasetKind, Sensitivity } from '../../domain/dataset-schema.js';
import { createMatchKeyer } from '../../etl/matching/index.js';
import { PARTNER_COLUMNS } from '../analytics/planted-datasets.js';
import { createDataset, type FactoryRow } from '../factories/dataset.factory.js';
import { signedInUser } from '../factories/user.factory.js';
import type { TestHub } from '../support/test-hub.js';

export const PORTSMOUTH = 'E06000044';
const DAY = 86_400_000;

/** The applicant and the location as the officer records them, and as partners wrote them. */
export const APPLICANT = { name: 'Zoë Müller', dateOfBirth: '1991-11-30', phone: '07700 900123', email: 'zoe@example.test' };
export const LOCATION = { address: 'Flat 2, 14 Commercial Road', postcode: 'PO1 1AA', description: 'Stairwell and car park' };

/** Everyone the tests sign in as: officers chair, partners' staff take part, owners and the IMB approve. */
export const PEOPLE = {
  officer: { roles: [Role.CspOfficer], organisation: 'portsmouth' },
  winchesterOfficer: { roles: [Role.CspOfficer], organisation: 'winchester' },
  ownerPortsmouth: { roles: [Role.DataOwner], organisation: 'portsmouth' },
  ownerHousing: { roles: [Role.DataOwner], organisation: 'solent-housing' },
  imb: { roles: [Role.Imb], organisation: 'opcc' },
  housingMember: { roles: [Role.Analyst], organisation: 'solent-housing' },
  policeAnalyst: { roles: [Role.Analyst], organisation: 'hiow-constabulary' },
  outsider: { roles: [Role.Analyst], organisation: 'winchester' },
} as const;

export type Who = keyof typeof PEOPLE;

export async function signInEveryone(hub: TestHub) {
  const t = {} as Record<Who, string>;
  const email = {} as Record<Who, string>;
  for (const [name, options] of Object.entries(PEOPLE)) {
    const { user, token } = await signedInUser(hub, { roles: [...options.roles], organisation: options.organisation });
    t[name as Who] = token;
    email[name as Who] = user.email;
  }
  return { t, email };
}

const isoDaysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString().slice(0, 10);

/**
 * Two partners' keyed ASB case data, keyed with the hub's MATCHING_KEY as ingest would:
 * Portsmouth City Council holds two reports by the applicant (written "Zoey Mueller", one at the
 * location), Solent Housing one about the location (written "14, COMMERCIAL RD") and one reported
 * too late; a namesake born another day and a neighbour at flat 3 must not be counted.
 */
export async function plantRepeatReports(hub: TestHub) {
  const keyer = createMatchKeyer(hub.config.analytics.matchingKey);
  const base = (day: string, org: string, ref: string): FactoryRow => ({
    month: day.slice(0, 7), district_code: PORTSMOUTH, district_name: 'Portsmouth', category: 'Nuisance', category_group: 'Anti-social behaviour',
    source_org: org, placement: 'mapped', case_ref: ref, incident_date: day, reported_date: day,
  });
  const person = (name: string, dob: string) => ({ victim_name: name, victim_dob: dob, subject_key: keyer.subjectKey({ fullName: name, dateOfBirth: dob }) });
  const place = (address: string, postcode: string) => ({ address, postcode, place_key: keyer.placeKey({ address, postcode }) });
  const [d1, d2, d3] = [isoDaysAgo(120), isoDaysAgo(80), isoDaysAgo(40)];
  const council = await createDataset(hub, {
    slug: 'portsmouth-asb-cases', title: 'Portsmouth ASB cases', owner: 'portsmouth', kind: DatasetKind.PartnerAsb, sensitivity: Sensitivity.OfficialSensitive, extraColumns: PARTNER_COLUMNS,
    rows: [
      { ...base(d1, 'portsmouth', 'PCC-1'), ...person('Zoey Mueller', APPLICANT.dateOfBirth), ...place('Flat 2, 14 Commercial Road', 'PO1 1AA') },
      { ...base(d3, 'portsmouth', 'PCC-2'), ...person('ZOE MULLER', APPLICANT.dateOfBirth) },
      { ...base(d2, 'portsmouth', 'PCC-3'), ...person('Zoe Muller', '1991-12-01') },
      { ...base(d2, 'portsmouth', 'PCC-4'), ...person('Sam Neighbour', '1970-01-01'), ...place('Flat 3, 14 Commercial Road', 'PO1 1AA') },
    ],
  });
  const housing = await createDataset(hub, {
    slug: 'solent-housing-asb', title: 'Solent Housing ASB', owner: 'solent-housing', kind: DatasetKind.PartnerAsb, sensitivity: Sensitivity.Official, extraColumns: PARTNER_COLUMNS,
    rows: [
      { ...base(d2, 'solent-housing', 'SH-1'), ...place('Flat 2, 14, COMMERCIAL RD', 'po11aa') },
      { ...base(isoDaysAgo(60), 'solent-housing', 'SH-2'), reported_date: isoDaysAgo(0), ...place('Flat 2 14 Commercial Road', 'PO1 1AA') },
    ],
  });
  return { council, housing };
}

/** An application as the officer records it from a phone call. */
export function application(over: Record<string, unknown> = {}) {
  return {
    districtCode: PORTSMOUTH,
    channel: 'phone',
    receivedOn: isoDaysAgo(0),
    applicant: APPLICANT,
    location: LOCATION,
    incidents: [{ date: isoDaysAgo(20), description: 'Shouting and banging on the door at night', reportedTo: 'Solent Housing' }],
    contact: { method: 'phone', notes: 'After 6pm' },
    hateIncident: false,
    vulnerableVictim: false,
    ...over,
  };
}
