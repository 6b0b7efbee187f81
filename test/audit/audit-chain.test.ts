import { AuditService } from '../../src/audit/audit.service.js';
import { Role } from '../../src/auth/role.js';
import { signedInUser } from '../factories/user.factory.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

describe('audit log', () => {
  let hub: TestHub;
  let imbToken: string;
  beforeAll(async () => {
    hub = await createTestHub();
    ({ token: imbToken } = await signedInUser(hub, { roles: [Role.Imb], organisation: 'opcc' }));
    const audit = hub.app.get(AuditService);
    for (let i = 0; i < 5; i++) await audit.record({ actor: null, action: 'test.event', details: { i, nested: { z: 1, a: [1, 2] } } });
  });
  afterAll(() => hub.close());

  const verify = () => hub.http().get('/api/audit/verify').auth(imbToken, { type: 'bearer' });

  it('links every entry to the one before it', async () => {
    const rows = await hub.dataSource.query(`SELECT id, prev_hash, hash FROM audit_log ORDER BY id`);
    expect(rows.length).toBeGreaterThanOrEqual(7);
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    const res = await verify().expect(200);
    expect(res.body).toMatchObject({ ok: true, firstBreak: null });
    expect(res.body.entriesChecked).toBe(rows.length);
  });

  it('keeps concurrent appends in one unbroken chain', async () => {
    const audit = hub.app.get(AuditService);
    await Promise.all(Array.from({ length: 12 }, (_, i) => audit.record({ actor: null, action: 'test.concurrent', details: { i } })));
    expect((await verify().expect(200)).body.ok).toBe(true);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the table', async () => {
    await expect(hub.dataSource.query(`UPDATE audit_log SET action = 'x' WHERE id = 1`)).rejects.toThrow(/append-only/);
    await expect(hub.dataSource.query(`DELETE FROM audit_log WHERE id = 1`)).rejects.toThrow(/append-only/);
    await expect(hub.dataSource.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
  });

  it('reports the first edited row when someone bypasses the trigger', async () => {
    const [target] = await hub.dataSource.query(`SELECT id FROM audit_log WHERE action = 'test.event' ORDER BY id OFFSET 2 LIMIT 1`);
    await hub.dataSource.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    await hub.dataSource.query(`UPDATE audit_log SET details = '{"i": 99}'::jsonb WHERE id = $1`, [target.id]);
    await hub.dataSource.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
    const res = await verify().expect(200);
    expect(res.body.ok).toBe(false);
    expect(res.body.firstBreak).toEqual({ id: String(target.id), reason: 'hash_mismatch' });
  });

  it('is for the IMB and administrators only', async () => {
    const { token } = await signedInUser(hub, { roles: [Role.Analyst] });
    await hub.http().get('/api/audit/verify').auth(token, { type: 'bearer' }).expect(403);
  });
});
