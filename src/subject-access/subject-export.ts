import { csvLine } from '../governance/csv.js';
import type { SubjectSearchResultDto } from './subject-access.dto.js';

const HEADER = ['Record', 'Dataset', 'Dataset title', 'Partner', 'Load', 'File', 'Loaded at', 'Row in file', 'Matched by', 'Field', 'Value'];

/**
 * A subject access response as CSV, one line per field of each record (datasets differ in their
 * columns, so a long layout keeps every value under its own label). Formula-like cells are defused.
 */
export function subjectCsv(result: SubjectSearchResultDto): string {
  let out = csvLine(HEADER);
  let n = 0;
  for (const d of result.datasets) {
    for (const r of d.records) {
      n++;
      for (const c of d.columns) {
        out += csvLine([n, d.dataset, d.title, d.partner, r.loadId, r.file, r.loadedAt, r.sourceRow, r.matchedBy.join(' '), c.label, r.values[c.name]]);
      }
    }
  }
  return out;
}

/** The same as JSON: each dataset searched, its columns and its records with their source and load. */
export function subjectJson(result: SubjectSearchResultDto, generatedAt: Date): string {
  return JSON.stringify({ generatedAt: generatedAt.toISOString(), hits: result.hits, datasets: result.datasets }, null, 2);
}
