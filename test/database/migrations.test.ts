import { MIGRATIONS } from '../../src/database/migrations/index.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

describe('migrations', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub();
  });
  afterAll(() => hub.close());

  it('ran every migration from empty at boot', async () => {
    const rows = await hub.dataSource.query(`SELECT name FROM migrations ORDER BY id`);
    expect(rows.map((r: { name: string }) => r.name)).toEqual(MIGRATIONS.map((m) => new m().name));
  });

  it('seeded the partner organisations with their areas', async () => {
    const orgs = await hub.dataSource.query(`SELECT slug, type, ons_code, areas FROM organisations ORDER BY slug`);
    expect(orgs).toHaveLength(20);
    const winchester = orgs.find((o: { slug: string }) => o.slug === 'winchester');
    expect(winchester).toMatchObject({ type: 'district_council', ons_code: 'E07000094', areas: ['E07000094'] });
    const police = orgs.find((o: { slug: string }) => o.slug === 'hiow-constabulary');
    expect(police.areas).toHaveLength(14);
    const county = orgs.find((o: { slug: string }) => o.slug === 'hampshire-county-council');
    expect(county.areas).toHaveLength(11);
  });

  it('reverts every migration and applies them again', async () => {
    for (let i = 0; i < MIGRATIONS.length; i++) await hub.dataSource.undoLastMigration({ transaction: 'each' });
    const left = await hub.dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
    );
    expect(left).toEqual([]);
    const applied = await hub.dataSource.runMigrations({ transaction: 'each' });
    expect(applied).toHaveLength(MIGRATIONS.length);
  });
});
