import { DatasetKind, Sensitivity } from '../../domain/dataset-schema.js';
import { PARTNER_STYLES, PARTNERS, type Partner } from '../../etl/generate/index.js';
import type { FeedMapping } from '../../etl/mapping.js';
import { parseFeedMapping } from '../../etl/mapping.js';
import type { FeedDefinition } from './builtin-feeds.js';
import { LoadPolicy } from './load-policy.js';

/**
 * Partner feeds the demo creates for the generator's house styles: what an operator would save
 * for each partner's export. Column names follow the analytics contract (incident_date,
 * reported_date) and mark personal data.
 */

const PARTNER_BASIS = 'Crime and Disorder Act 1998 s115; UK GDPR Art 6(1)(e) public task, Art 10 with DPA 2018 Sch 1 (ASB case records)';

const personal = { personal: true } as const;
const dim = { dimension: true } as const;

const STYLE_A = (): FeedMapping =>
  parseFeedMapping({
    delimiter: ',',
    encoding: 'utf-8-bom',
    dateFormat: 'dd/MM/yyyy',
    columns: [
      { source: 'Case Ref', name: 'case_ref', required: true },
      { source: 'Date Reported', name: 'reported_date', type: 'date' },
      { source: 'Incident Date', name: 'incident_date', type: 'date', required: true },
      { source: 'ASB Category', name: 'source_category', ...dim },
      { source: 'Sub-category', name: 'sub_category', ...dim },
      { source: 'Ward', name: 'ward', ...dim },
      { source: 'Address', name: 'address', ...personal },
      { source: 'Postcode', name: 'postcode', ...personal },
      { source: 'Victim Name', name: 'victim_name', ...personal },
      { source: 'Victim DOB', name: 'victim_dob', type: 'date', ...personal },
      { source: 'Vulnerable (Y/N)', name: 'vulnerable', type: 'boolean', ...personal },
    ],
    monthFrom: 'incident_date',
    category: { from: 'source_category', map: PARTNER_STYLES.A.summary.categories },
    area: { ward: 'ward' },
    key: 'case_ref',
    identifiers: { person: { fullName: 'victim_name', dateOfBirth: 'victim_dob' }, place: { address: 'address', postcode: 'postcode' } },
  });

const STYLE_B = (): FeedMapping =>
  parseFeedMapping({
    delimiter: ';',
    encoding: 'windows-1252',
    dateFormat: 'yyyy-MM-dd',
    columns: [
      { source: 'Reference', name: 'case_ref', required: true },
      { source: 'Received', name: 'reported_date', type: 'date' },
      { source: 'Occurred', name: 'incident_date', type: 'date', required: true },
      { source: 'Type', name: 'source_category', ...dim },
      { source: 'Description', name: 'description', ...personal },
      { source: 'Location', name: 'address', ...personal },
      { source: 'Post Code', name: 'postcode', ...personal },
      { source: 'Ward Name', name: 'ward', ...dim },
      { source: 'Complainant Surname', name: 'victim_family_name', ...personal },
      { source: 'Complainant Forename', name: 'victim_given_name', ...personal },
      { source: 'Date of Birth', name: 'victim_dob', type: 'date', ...personal },
      { source: 'Risk Level', name: 'risk_level', ...dim },
    ],
    monthFrom: 'incident_date',
    category: { from: 'source_category', map: PARTNER_STYLES.B.summary.categories },
    area: { ward: 'ward' },
    key: 'case_ref',
    identifiers: {
      person: { givenName: 'victim_given_name', familyName: 'victim_family_name', dateOfBirth: 'victim_dob' },
      place: { address: 'address', postcode: 'postcode' },
    },
  });

const STYLE_C = (): FeedMapping =>
  parseFeedMapping({
    sheet: 'ASB cases',
    dateFormat: 'dd/MM/yyyy',
    columns: [
      { source: 'Tenancy Ref', name: 'case_ref', required: true },
      { source: 'Case Opened', name: 'reported_date', type: 'date', required: true },
      { source: 'Incident Type', name: 'source_category', ...dim },
      { source: 'Category', name: 'ho_category', ...dim },
      { source: 'Property Address', name: 'address', ...personal },
      { source: 'Postcode', name: 'postcode', ...personal },
      { source: 'Local Authority', name: 'local_authority', ...dim },
      { source: 'Reporter First Name', name: 'victim_given_name', ...personal },
      { source: 'Reporter Last Name', name: 'victim_family_name', ...personal },
      { source: 'Reporter DOB', name: 'victim_dob', type: 'date', ...personal },
      { source: 'Vulnerability Flag', name: 'vulnerable', type: 'boolean', ...personal },
    ],
    monthFrom: 'reported_date',
    category: { from: 'ho_category', map: PARTNER_STYLES.C.summary.categories },
    area: { district: 'local_authority' },
    key: 'case_ref',
    identifiers: {
      person: { givenName: 'victim_given_name', familyName: 'victim_family_name', dateOfBirth: 'victim_dob' },
      place: { address: 'address', postcode: 'postcode' },
    },
  });

/** The saved mapping for a generator house style. */
export function styleMapping(style: 'A' | 'B' | 'C'): FeedMapping {
  return style === 'A' ? STYLE_A() : style === 'B' ? STYLE_B() : STYLE_C();
}

export interface DemoFeed {
  definition: FeedDefinition;
  mapping: FeedMapping;
  /** Generated file (relative to the output folder) this feed loads. */
  file: string;
}

function partnerFeed(p: Partner): DemoFeed {
  return {
    definition: {
      feed: { slug: `${p.slug}-asb`, title: p.style === 'C' ? 'Tenancy ASB case export' : 'ASB case export', adapter: p.style === 'C' ? 'xlsx' : 'delimited', policy: LoadPolicy.UpsertByKey },
      dataset: {
        slug: `${p.slug}-asb-cases`,
        title: p.style === 'C' ? 'Tenancy ASB cases' : 'ASB case records',
        description: 'Anti-social behaviour cases: category, area and dates, with complainant and address details for identifiable access only.',
        kind: DatasetKind.PartnerAsb,
        sensitivity: Sensitivity.OfficialSensitive,
        lawfulBasis: PARTNER_BASIS,
        owner: p.slug,
      },
    },
    mapping: p.districts.length === 1 ? { ...styleMapping(p.style), area: { ...styleMapping(p.style).area, defaultDistrict: p.districts[0] } } : styleMapping(p.style),
    file: p.file,
  };
}

const PCC_PROJECTS: DemoFeed = {
  definition: {
    feed: { slug: 'opcc-projects', title: 'Police and Crime Plan projects list', adapter: 'delimited', policy: LoadPolicy.UpsertByKey },
    dataset: {
      slug: 'opcc-projects',
      title: 'Police and Crime Plan projects',
      description: 'Commissioned projects by plan strand, status, lead and budget.',
      kind: DatasetKind.Other,
      sensitivity: Sensitivity.Official,
      lawfulBasis: 'UK GDPR Art 6(1)(e) public task (no personal data)',
      owner: 'opcc',
    },
  },
  mapping: parseFeedMapping({
    columns: [
      { source: 'Project', name: 'project', required: true },
      { source: 'Strand', name: 'strand', ...dim },
      { source: 'Priority', name: 'priority', ...dim },
      { source: 'Status', name: 'status', ...dim },
      { source: 'Forecast End', name: 'forecast_end', ...dim },
      { source: 'Lead Organisation', name: 'lead_organisation', ...dim },
      { source: 'Budget (GBP)', name: 'budget_gbp', type: 'integer' },
    ],
    category: { from: 'strand', group: 'Police and Crime Plan' },
    key: 'project',
  }),
  file: 'opcc/police-and-crime-plan-projects.csv',
};

/** Every partner feed the demo sets up: one per generated partner export, and the PCC projects. */
export function demoFeeds(): DemoFeed[] {
  return [...PARTNERS.map(partnerFeed), PCC_PROJECTS];
}
