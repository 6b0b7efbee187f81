import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { AuthUser } from '../../src/auth/auth-user.js';
import { IngestStoreRepository } from '../../src/ingest/ingest-store.repository.js';
import { LoadStatus } from '../../src/ingest/load-policy.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';
import { CASES_HEADER, caseMapping, createMappedFeed, loadFile, operator, tableRows, writeFixture } from './ingest-helpers.js';

const ROWS = 120_000;
/** Rows that fail their checks, by row number, spread across the file. */
const BAD = new Set([1, 2, 4_097, 33_333, 60_000, 99_999, ROWS]);

/**
 * A file large enough for DuckDB to read it on several threads in pieces: every row's number must
 * still be its place in the file, for loaded rows (`_source_row`) and rejected ones alike.
 */
describe('row numbers of a large file read in parallel', () => {
  let hub: TestHub;
  let user: AuthUser;

  beforeAll(async () => {
    hub = await createTestHub();
    ({ user } = await operator(hub));
    await createMappedFeed(hub, user, 'numbers', caseMapping({ key: undefined }));
  });
  afterAll(() => hub?.close());

  it('numbers every loaded and rejected row by its place in the file', async () => {
    const lines = [CASES_HEADER];
    for (let n = 1; n <= ROWS; n++) {
      const date = BAD.has(n) ? '31/02/2024' : `${String((n % 28) + 1).padStart(2, '0')}/0${(n % 9) + 1}/2024`;
      // Some notes span lines inside quotes, so a row is not a line.
      const notes = n % 1_000 === 0 ? `"row ${n}\nsecond line, with a comma"` : `row ${n} ${'x'.repeat(n % 40)}`;
      lines.push(`R${n},${date},Noise,Winchester,${notes}`);
    }
    const load = await loadFile(hub, 'numbers', writeFixture(hub, 'numbers.csv', `${lines.join('\r\n')}\r\n`), user);
    expect([load.status, load.rowsRead, load.rowsLoaded, load.rowsRejected]).toEqual([LoadStatus.Succeeded, ROWS, ROWS - BAD.size, BAD.size]);

    const rows = await tableRows(hub, 'numbers-cases');
    const wrong = rows.filter((r) => r.case_ref !== `R${Number(r._source_row)}`);
    expect(wrong.slice(0, 3)).toEqual([]);
    const rejects = await hub.app.get(IngestStoreRepository).rejects(load.id, 100);
    expect(rejects.map((r) => r.sourceRow)).toEqual([...BAD].sort((a, b) => a - b));
    expect(rejects.filter((r) => !r.raw?.includes(`R${r.sourceRow}`)).map((r) => r.raw)).toEqual([]);
    // The pending copy of the file is gone once the load is over.
    const staging = path.join(hub.config.dataDir, 'staging');
    expect(existsSync(staging) ? readdirSync(staging) : []).toEqual([]);
  });
});
