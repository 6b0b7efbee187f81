import path from 'node:path';
import { csvLine } from './csv-format.js';
import type { ManifestFile } from './manifest.js';
import type { Rng } from './prng.js';
import { TextFileWriter } from './text-file-writer.js';

export const PCC_PROJECTS_FILE = 'opcc/police-and-crime-plan-projects.csv';
export const PCC_PROJECTS_HEADER = ['Project', 'Strand', 'Priority', 'Status', 'Forecast End', 'Lead Organisation', 'Budget (GBP)'];

/** Plan strands and project titles, written for this demo (not taken from a real plan). */
const STRANDS: Record<string, readonly string[]> = {
  'Visible and accessible policing': ['Neighbourhood beat surgeries', 'Rural crime patrol vehicles', 'Front counter opening hours review', 'Mobile police stations', 'Specials recruitment drive'],
  'Safer streets and places': ['Town centre CCTV upgrade', 'Night-time economy marshals', 'Street lighting hot-spot survey', 'Safer parks for women and girls', 'Off-road bike enforcement', 'Licensed premises partnership'],
  'Support for victims': ['Victim care hub extension', 'Independent sexual violence advisers', 'Repeat victim early warning', 'Restorative justice service', 'Young victims of ASB support'],
  'Reducing reoffending': ['Integrated offender management data link', 'Women\'s diversion scheme', 'Youth outreach workers', 'Drug testing on arrest', 'Tenancy sustainment for prison leavers'],
  'Partnership and data': ['Data visualisation for Community Safety Partners', 'SafetyNet replacement: information sharing hub', 'UK GDPR compliance review', 'Information sharing agreement refresh', 'ASB case review (Community Trigger) process audit', 'Shared ASB risk assessment', 'Fly-tipping data standard'],
  'Community confidence': ['Community speedwatch equipment', 'Online crime-mapping guidance', 'Neighbourhood watch digital alerts', 'Youth commission', 'Rural crime survey', 'Hate crime reporting centres', 'Scam awareness campaign', 'Independent advisory groups'],
};

const LEADS = ['OPCC', 'Constabulary', 'Hampshire County Council', 'Southampton City Council', 'Portsmouth City Council', 'Isle of Wight Council', 'Voluntary sector'];

/** About forty projects from the Police and Crime Plan, each completed, current or a candidate. */
export async function writePccProjects(outDir: string, rng: Rng, start: string): Promise<ManifestFile> {
  const out = new TextFileWriter(path.join(outDir, PCC_PROJECTS_FILE));
  out.line(csvLine(PCC_PROJECTS_HEADER));
  const year = Number(start.slice(0, 4));
  let rows = 0;
  for (const [strand, projects] of Object.entries(STRANDS)) {
    for (const project of projects) {
      const status = rng.pick(['completed', 'current', 'current', 'candidate'] as const);
      const offset = status === 'completed' ? rng.between(0, 7) : status === 'current' ? rng.between(8, 15) : rng.between(12, 23);
      const quarter = `${year + Math.floor(offset / 4)} Q${(offset % 4) + 1}`;
      const priority = rng.pick(['High', 'Medium', 'Low']);
      const budget = rng.between(2, 60) * 5000;
      out.line(csvLine([project, strand, priority, status, quarter, rng.pick(LEADS), budget]));
      rows++;
    }
  }
  await out.close();
  return { path: PCC_PROJECTS_FILE, kind: 'pcc-projects', rows, encoding: 'utf-8', delimiter: ',' };
}
