import 'reflect-metadata';
import { AccessLevel } from '../../src/access/access-level.js';
import { AccessService } from '../../src/access/access.service.js';
import type { AuthUser } from '../../src/auth/auth-user.js';
import { AgreementStatus } from '../../src/governance/agreement.entity.js';
import { AgreementEndsService } from '../../src/governance/agreement-ends.service.js';
import { AgreementsRepository } from '../../src/governance/agreements.repository.js';
import { SchedulerService } from '../../src/scheduler/scheduler.service.js';
import { OrganisationsService } from '../../src/organisations/organisations.service.js';
import { createGrant } from '../factories/grant.factory.js';
import { AnalyticsStore } from '../../src/analytics-store/analytics-store.service.js';
import { Role } from '../../src/auth/role.js';
import { ROLLUP_COUNT, ROLLUP_GRAINS, rollupTable } from '../../src/datasets/rollups.js';
import { IngestStoreRepository } from '../../src/ingest/ingest-store.repository.js';
import { DatasetsRepository } from '../../src/datasets/datasets.repository.js';
import { retentionCutoff, RetentionService } from '../../src/retention/retention.service.js';
import { createDataset, type FactoryRow, times } from '../factories/dataset.factory.js';
import { signedInUser } from '../factories/user.factory.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

const NOW = new Date(Date.UTC(2031, 5, 15));
const row = (month: string, category: string): FactoryRow => ({ month, district_code: 'E07000094', category });

describe('retention under the agreements', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub();
  });
  afterAll(() => hub.close());

  it('cuts off at the first day of the month N months back', () => {
    expect(retentionCutoff(NOW, 12)).toBe('2030-06-01');
    expect(retentionCutoff(new Date(Date.UTC(2031, 0, 31)), 1)).toBe('2030-12-01');
  });

  it('deletes exactly the expired rows, their archived versions and roll-up counts, audited with counts; the owner sees what goes first', async () => {
    const rows = [...times(7, row('2030-04', 'Burglary')), ...times(5, row('2030-05', 'Drugs')), ...times(4, row('2030-06', 'Drugs')), ...times(3, row('2031-05', 'Robbery'))];
    const dataset = await createDataset(hub, { slug: 'kept-12-months', rows });
    const untouched = await createDataset(hub, { slug: 'no-retention', rows: times(6, row('2020-01', 'Burglary')) });
    const store = hub.app.get(AnalyticsStore);
    await hub.app.get(IngestStoreRepository).ensureDatasetTable(dataset.duckdbTable, dataset.columns);
    await store.run(`INSERT INTO ingest."${dataset.duckdbTable}_replaced" (month, district_code, category, _load_id, _source_row, _replaced_by) VALUES ('2030-01-01', 'E07000094', 'Old', gen_random_uuid(), 1, gen_random_uuid()), ('2031-01-01', 'E07000094', 'New', gen_random_uuid(), 2, gen_random_uuid())`);
    await hub.dataSource.query(`UPDATE datasets SET retention_months = 12 WHERE id = $1`, [dataset.id]);

    const owner = await signedInUser(hub, { roles: [Role.DataOwner], organisation: 'hiow-constabulary' });
    const service = hub.app.get(RetentionService);
    const due = await service.due(NOW, owner.user.organisationId);
    expect(due).toEqual([
      { dataset: 'kept-12-months', ownerOrganisationId: owner.user.organisationId, retentionMonths: 12, cutoff: '2030-06-01', rows: 12, archivedRows: 1, within30Days: { cutoff: '2030-07-01', rows: 16, archivedRows: 1 } },
    ]);
    const res = await hub.http().get('/api/retention/due').set('Authorization', `Bearer ${owner.token}`).expect(200);
    expect(res.body.map((d: { dataset: string }) => d.dataset)).toEqual(['kept-12-months']);
    const outsider = await signedInUser(hub, { roles: [Role.DataOwner], organisation: 'portsmouth' });
    expect((await hub.http().get('/api/retention/due').set('Authorization', `Bearer ${outsider.token}`).expect(200)).body).toEqual([]);

    const done = await service.runOnce(NOW);
    expect(done.map((d) => [d.dataset, d.rows, d.archivedRows])).toEqual([['kept-12-months', 12, 1]]);
    const left = await store.all<{ month: string; n: bigint }>(`SELECT strftime(month, '%Y-%m') AS month, count(*) AS n FROM main."${dataset.duckdbTable}" GROUP BY 1 ORDER BY 1`);
    expect(left.map((r) => [r.month, Number(r.n)])).toEqual([['2030-06', 4], ['2031-05', 3]]);
    const archived = await store.all<{ category: string }>(`SELECT category FROM ingest."${dataset.duckdbTable}_replaced"`);
    expect(archived.map((r) => r.category)).toEqual(['New']);
    const rollup = await store.all<{ n: bigint }>(`SELECT sum(${ROLLUP_COUNT}) AS n FROM ${rollupTable(dataset.duckdbTable, ROLLUP_GRAINS[0])}`);
    expect(Number(rollup[0].n)).toBe(7);
    expect(Number((await store.all<{ n: bigint }>(`SELECT count(*) AS n FROM main."${untouched.duckdbTable}"`))[0].n)).toBe(6);
    const after = (await hub.app.get(DatasetsRepository).findById(dataset.id))!;
    expect([after.rowCount, after.minMonth, after.version]).toEqual([7, '2030-06-01', dataset.version + 1]);
    const [entry] = await hub.dataSource.query(`SELECT details FROM audit_log WHERE action = 'retention.deleted'`);
    expect(entry.details).toMatchObject({ dataset: 'kept-12-months', retentionMonths: 12, before: '2030-06-01', rowsDeleted: 12, archivedRowsDeleted: 1 });
    expect(await service.runOnce(NOW)).toEqual([]);
  });

  it('lets the data owner or an administrator set a retention period, audited, and shows what goes within 30 days', async () => {
    const dataset = await createDataset(hub, { slug: 'winchester-kept', owner: 'winchester', rows: [...times(2, row('2030-04', 'Noise')), ...times(3, row('2030-06', 'Noise')), ...times(1, row('2031-06', 'Noise'))] });
    await hub.app.get(IngestStoreRepository).ensureDatasetTable(dataset.duckdbTable, dataset.columns);
    const owner = await signedInUser(hub, { roles: [Role.DataOwner], organisation: 'winchester' });
    const admin = await signedInUser(hub, { roles: [Role.Admin], organisation: 'opcc' });
    const otherOwner = await signedInUser(hub, { roles: [Role.DataOwner], organisation: 'portsmouth' });
    const analyst = await signedInUser(hub, { roles: [Role.Analyst], organisation: 'winchester' });
    const put = (token: string, body: unknown) => hub.http().put('/api/retention/datasets/winchester-kept').set('Authorization', `Bearer ${token}`).send(body as object);

    const set = await put(owner.token, { retentionMonths: 12 }).expect(200);
    expect(set.body).toMatchObject({ dataset: 'winchester-kept', retentionMonths: 12 });
    expect((await put(otherOwner.token, { retentionMonths: 1 }).expect(403)).body.error.code).toBe('not_data_owner');
    await put(analyst.token, { retentionMonths: 1 }).expect(403);
    for (const bad of [{ retentionMonths: 0 }, { retentionMonths: 1201 }, { retentionMonths: 'twelve' }, { retentionMonths: 2.5 }, {}]) {
      const message = (await put(owner.token, bad).expect(400)).body.error.message as string;
      expect(message).toMatch(/retention period/);
      // One sentence, ended once (each validation message's own full stop is not doubled).
      expect(message).not.toMatch(/\.\.|\.;/);
    }
    await hub.http().put('/api/retention/datasets/no-such-data').set('Authorization', `Bearer ${admin.token}`).send({ retentionMonths: 3 }).expect(404);
    await put(admin.token, { retentionMonths: null }).expect(200);
    await put(admin.token, { retentionMonths: 12 }).expect(200);
    const changes = await hub.dataSource.query(`SELECT actor_id, details FROM audit_log WHERE action = 'retention.changed' AND target_id = $1 ORDER BY id`, [dataset.id]);
    expect(changes.map((c: { actor_id: string; details: { from: number | null; to: number | null } }) => [c.actor_id, c.details.from, c.details.to])).toEqual([
      [owner.user.id, null, 12],
      [admin.user.id, 12, null],
      [admin.user.id, null, 12],
    ]);

    const caller = { id: owner.user.id, email: owner.user.email, organisationId: owner.user.organisationId, roles: owner.user.roles } as AuthUser;
    const settings = await hub.app.get(RetentionService).settings(caller, null, NOW);
    expect(settings.map((s) => [s.dataset, s.retentionMonths, s.due?.rows, s.due?.within30Days])).toEqual([['winchester-kept', 12, 2, { cutoff: '2030-07-01', rows: 5, archivedRows: 0 }]]);
    const listed = await hub.http().get('/api/retention/datasets').set('Authorization', `Bearer ${owner.token}`).expect(200);
    expect(listed.body.map((s: { dataset: string }) => s.dataset)).toEqual(['winchester-kept']);
    const all = await hub.http().get('/api/retention/datasets').set('Authorization', `Bearer ${admin.token}`).expect(200);
    expect(all.body.map((s: { dataset: string }) => s.dataset)).toEqual(expect.arrayContaining(['winchester-kept', 'kept-12-months', 'no-retention']));
  });

  it('ends an agreement past its end date: its grants end with it, and the IMB and grantees are told', async () => {
    const now = new Date();
    const day = 86_400_000;
    const orgs = hub.app.get(OrganisationsService);
    const [winchester, havant] = [await orgs.getBySlug('winchester'), await orgs.getBySlug('havant')];
    const dataset = await createDataset(hub, { slug: 'shared-under-isa', owner: 'winchester', rows: times(3, row('2030-04', 'Noise')) });
    const imb = await signedInUser(hub, { roles: [Role.Imb], organisation: 'opcc' });
    const grantee = await signedInUser(hub, { roles: [Role.Analyst], organisation: 'havant' });
    const agreements = hub.app.get(AgreementsRepository);
    const make = (title: string, endsAt: Date) =>
      hub.dataSource.transaction((em) =>
        agreements.insert(em, { title, purpose: 'Test', lawfulBasis: 's115', partyOrganisationIds: [winchester.id, havant.id], datasetIds: [dataset.id], startsAt: new Date(now.getTime() - 60 * day), reviewAt: new Date(now.getTime() - 30 * day), endsAt, status: AgreementStatus.Active, createdBy: null }),
      );
    const ended = await make('Ended ISA', new Date(now.getTime() - day));
    const running = await make('Running ISA', new Date(now.getTime() + 90 * day));
    // One grant still live past the agreement's end (issued before this rule), one that ran to its end, one under the running agreement.
    const outlives = await createGrant(hub, dataset, { organisation: 'havant', level: AccessLevel.Record, areas: ['E07000090'], startsAt: new Date(now.getTime() - 10 * day), endsAt: new Date(now.getTime() + 10 * day) });
    const ranOut = await createGrant(hub, dataset, { organisation: 'havant', areas: ['E07000090'], startsAt: new Date(now.getTime() - 10 * day), endsAt: ended.endsAt });
    const other = await createGrant(hub, dataset, { organisation: 'havant', areas: ['E07000094'], startsAt: new Date(now.getTime() - 10 * day), endsAt: new Date(now.getTime() + 10 * day) });
    await hub.dataSource.query(`UPDATE access_grants SET agreement_id = $1 WHERE id IN ($2, $3)`, [ended.id, outlives.id, ranOut.id]);
    await hub.dataSource.query(`UPDATE access_grants SET agreement_id = $1 WHERE id = $2`, [running.id, other.id]);
    const caller = { id: grantee.user.id, email: grantee.user.email, organisationId: havant.id, roles: grantee.user.roles } as AuthUser;
    expect((await hub.app.get(AccessService).forDataset(caller, dataset)).records).not.toBeNull();

    await hub.app.get(SchedulerService).runNow('governance-sweep', now);
    expect((await agreements.findById(ended.id))?.status).toBe(AgreementStatus.Ended);
    expect((await agreements.findById(running.id))?.status).toBe(AgreementStatus.Active);
    const [g] = await hub.dataSource.query(`SELECT ends_at FROM access_grants WHERE id = $1`, [outlives.id]);
    expect(new Date(g.ends_at).toISOString()).toBe(ended.endsAt.toISOString());
    const access = await hub.app.get(AccessService).forDataset(caller, dataset);
    expect([access.records, access.aggregate?.areas]).toEqual([null, { all: false, codes: ['E07000094'], unplaced: false }]);
    const [audit] = await hub.dataSource.query(`SELECT details FROM audit_log WHERE action = 'agreement.ended' AND target_id = $1`, [ended.id]);
    expect(audit.details).toMatchObject({ title: 'Ended ISA', grantsEnded: 2 });
    expect(audit.details.grantIds.sort()).toEqual([outlives.id, ranOut.id].sort());
    const told = await hub.dataSource.query(`SELECT user_id, kind, title FROM notifications WHERE target_id IN ($1, $2, $3) ORDER BY kind`, [ended.id, outlives.id, ranOut.id]);
    expect(told.filter((n: { user_id: string }) => n.user_id === imb.user.id).map((n: { kind: string; title: string }) => [n.kind, n.title])).toEqual([['agreement_ended', 'Agreement ended: Ended ISA']]);
    expect(told.filter((n: { user_id: string }) => n.user_id === grantee.user.id).map((n: { kind: string }) => n.kind)).toEqual(['grant_revoked', 'grant_revoked']);
    expect(await hub.app.get(AgreementEndsService).endDue(now)).toBe(0);
  });
});
