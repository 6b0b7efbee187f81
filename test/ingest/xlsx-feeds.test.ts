import ExcelJS from 'exceljs';
import path from 'node:path';
import type { AuthUser } from '../../src/auth/auth-user.js';
import { LoadStatus } from '../../src/ingest/load-policy.js';
import { LoadsService } from '../../src/ingest/loads.service.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';
import { createMappedFeed, loadFile, operator, tableRows } from './ingest-helpers.js';

const mapping = (sheet?: string) => ({
  ...(sheet ? { sheet } : {}),
  dateFormat: 'dd/MM/yyyy',
  columns: [
    { source: 'Ref', name: 'case_ref', required: true },
    { source: 'Opened', name: 'opened', type: 'date', required: true },
    { source: 'Type', name: 'source_category', dimension: true },
    { source: 'Council', name: 'district', dimension: true },
    { source: 'Tenant', name: 'tenant_name', personal: true },
  ],
  monthFrom: 'opened',
  category: { from: 'source_category', map: { Noise: 'Nuisance', Dumping: 'Environmental' } },
  area: { district: 'district' },
});

/**
 * A workbook as housing providers send them: a notes sheet first, the cases on a second sheet
 * with real date cells, a date typed as text, a blank row, an accented name and a bad row.
 */
async function workbook(file: string, order: 'notes-first' | 'cases-first'): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const addNotes = () => {
    const notes = wb.addWorksheet('Notes');
    notes.addRow(['Read me']);
    notes.addRow(['Exported by the housing system']);
  };
  if (order === 'notes-first') addNotes();
  const cases = wb.addWorksheet('Cases');
  cases.addRow(['Ref', 'Opened', 'Type', 'Council', 'Tenant']);
  cases.addRow(['H1', new Date(Date.UTC(2024, 2, 4)), 'Noise', 'Havant', 'Zoë Brontë']);
  cases.addRow(['H2', '05/03/2024', 'Dumping', 'E07000090', 'Siân O’Neill']);
  cases.addRow([]);
  cases.addRow(['H3', 'not a date', 'Noise', 'Havant', 'Al Bad']);
  cases.addRow(['H4', new Date(Date.UTC(2024, 3, 1)), 'Noise', 'Nowhere', 'Bo Out']);
  if (order === 'cases-first') addNotes();
  await wb.xlsx.writeFile(file);
}

describe('XLSX feeds', () => {
  let hub: TestHub;
  let user: AuthUser;

  beforeAll(async () => {
    hub = await createTestHub();
    user = (await operator(hub)).user;
  });
  afterAll(() => hub?.close());

  const xlsxFeed = (slug: string, sheet?: string) => createMappedFeed(hub, user, slug, mapping(sheet), { adapter: 'xlsx' });

  it('reads the named sheet even when it is not the first, and keeps dates, accented names and places', async () => {
    await xlsxFeed('named-sheet', 'Cases');
    const file = path.join(hub.dir, 'notes-first.xlsx');
    await workbook(file, 'notes-first');
    const load = await loadFile(hub, 'named-sheet', file, user);
    expect({ status: load.status, error: load.error }).toEqual({ status: LoadStatus.Succeeded, error: null });
    expect([load.rowsRead, load.rowsLoaded, load.rowsRejected]).toEqual([4, 3, 1]);
    const rows = await tableRows(hub, 'named-sheet-cases');
    expect(
      rows.map((r) => [r.case_ref, (r.opened as Date).toISOString().slice(0, 10), r.category, r.district_code, r.placement, r.tenant_name]),
    ).toEqual([
      ['H1', '2024-03-04', 'Nuisance', 'E07000090', 'mapped', 'Zoë Brontë'],
      ['H2', '2024-03-05', 'Environmental', 'E07000090', 'mapped', 'Siân O’Neill'],
      ['H4', '2024-04-01', 'Nuisance', null, 'unplaced', 'Bo Out'],
    ]);
    const rejects = await hub.app.get(LoadsService).rejectsSample(load.id);
    expect(rejects).toHaveLength(1);
    // Rows are numbered from 1 after the header; the blank row is not a row.
    expect(rejects[0].sourceRow).toBe(3);
    expect(rejects[0].reasons).toEqual(['Opened "not a date" is not a date written dd/MM/yyyy']);
    expect(rejects[0].raw).not.toContain('Al Bad');
  });

  it('reads the first sheet when the mapping names none', async () => {
    await xlsxFeed('first-sheet');
    const file = path.join(hub.dir, 'cases-first.xlsx');
    await workbook(file, 'cases-first');
    const load = await loadFile(hub, 'first-sheet', file, user);
    expect([load.status, load.rowsRead, load.rowsLoaded, load.rowsRejected]).toEqual([LoadStatus.Succeeded, 4, 3, 1]);
    // The same workbook with the notes first: the first sheet is not the cases, and the load says so.
    const other = path.join(hub.dir, 'notes-first-again.xlsx');
    await workbook(other, 'notes-first');
    const wrong = await loadFile(hub, 'first-sheet', other, user);
    expect(wrong.status).toBe(LoadStatus.Failed);
    expect(wrong.errorCode).toBe('columns_mismatch');
    expect(wrong.error).toMatch(/Ref/);
  });

  it('names the sheets a workbook has when the mapped sheet is missing, and refuses a CSV given to an XLSX feed', async () => {
    await xlsxFeed('missing-sheet', 'ASB cases');
    const file = path.join(hub.dir, 'missing.xlsx');
    await workbook(file, 'notes-first');
    const load = await loadFile(hub, 'missing-sheet', file, user);
    expect([load.status, load.errorCode]).toEqual([LoadStatus.Failed, 'sheet_not_found']);
    expect(load.error).toBe('The workbook has no sheet named "ASB cases" (it has Notes, Cases).');
    const { writeFixture } = await import('./ingest-helpers.js');
    const csv = await loadFile(hub, 'missing-sheet', writeFixture(hub, 'cases.csv', 'Ref,Opened\nH1,01/01/2024\n'), user);
    expect([csv.status, csv.errorCode]).toEqual([LoadStatus.Failed, 'file_not_xlsx']);
    expect(await tableRows(hub, 'missing-sheet-cases').catch(() => [])).toEqual([]);
  });
});
