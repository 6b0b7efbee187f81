import { Role } from '../../src/auth/role.js';
import { Sensitivity } from '../../domain/dataset-schema.js';
import { createDataset, times } from '../factories/dataset.factory.js';
import { signedInUser } from '../factories/user.factory.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

const W = 'E07000094';
const DAY = 86_400_000;
const future = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const rows = (n: number) =>
  times(n, { month: '2025-03', district_code: W, district_name: 'Winchester', category: 'Anti-social behaviour', category_group: 'Anti-social behaviour', source_org: 'hiow-constabulary', placement: 'lsoa' });

/** The approval rule per sensitivity comes from configuration: here turned round from the defaults. */
describe('approval rules set by configuration', () => {
  let hub: TestHub;
  const t: Record<string, string> = {};
  let agreementId: string;

  beforeAll(async () => {
    hub = await createTestHub({ SIGNIN_RATE_PER_MINUTE: '1000', APPROVAL_RULE_OFFICIAL: 'both', APPROVAL_RULE_OFFICIAL_SENSITIVE: 'imb' });
    await createDataset(hub, { slug: 'police-open', rows: rows(7) });
    await createDataset(hub, { slug: 'police-closed', sensitivity: Sensitivity.OfficialSensitive, rows: rows(9) });
    for (const [name, roles, organisation] of [
      ['analyst', [Role.Analyst], 'winchester'],
      ['owner', [Role.DataOwner], 'hiow-constabulary'],
      ['imb', [Role.Imb], 'opcc'],
    ] as const) {
      t[name] = (await signedInUser(hub, { roles: [...roles], organisation })).token;
    }
    const agreement = await as('imb')
      .post('/api/governance/agreements', {
        title: 'Configured rules agreement',
        purpose: 'Testing approval rules',
        lawfulBasis: 'Crime and Disorder Act 1998 s115',
        parties: ['hiow-constabulary', 'winchester'],
        datasets: ['police-open', 'police-closed'],
        startsAt: future(-1),
        reviewAt: future(100),
        endsAt: future(200),
      })
      .expect(201);
    agreementId = agreement.body.id;
  });
  afterAll(() => hub?.close());

  function as(who: string) {
    return { post: (url: string, body: object = {}) => hub.http().post(url).set('Authorization', `Bearer ${t[who]}`).send(body) };
  }
  const ask = (dataset: string) =>
    as('analyst').post('/api/governance/access-requests', { dataset, level: 'record', areas: [W], purpose: 'Problem-solving ASB in Winchester', agreementId, until: future(30) }).expect(201);
  const count = async (dataset: string) => {
    const res = await as('analyst').post('/api/query', { dataset, measures: ['count'], groupBy: ['district'] });
    return res.status === 200 ? res.body.rows[0].count : res.status;
  };

  it('needs both approvers for OFFICIAL data when APPROVAL_RULE_OFFICIAL=both', async () => {
    const { body } = await ask('police-open');
    expect(body).toMatchObject({ approvalRule: 'both', awaiting: ['data_owner', 'imb'] });
    const first = await as('owner').post(`/api/governance/access-requests/${body.id}/approve`, { note: 'Owner agrees' }).expect(200);
    expect(first.body).toMatchObject({ status: 'pending', awaiting: ['imb'], grantId: null });
    expect(await count('police-open')).toBe(403);
    await as('imb').post(`/api/governance/access-requests/${body.id}/approve`, { note: 'Board agrees' }).expect(200);
    expect(await count('police-open')).toBe(7);
    const direct = await as('imb').post('/api/grants', { dataset: 'police-open', granteeOrganisation: 'havant', level: 'aggregate', areas: [W], purpose: 'Direct', endsAt: future(10) });
    expect([direct.status, direct.body.error.code]).toEqual([403, 'approval_required']);
  });

  it('takes the IMB alone for OFFICIAL-SENSITIVE data when APPROVAL_RULE_OFFICIAL_SENSITIVE=imb', async () => {
    const { body } = await ask('police-closed');
    expect(body).toMatchObject({ approvalRule: 'imb', awaiting: ['imb'], sensitivity: 'OFFICIAL-SENSITIVE' });
    const owner = await as('owner').post(`/api/governance/access-requests/${body.id}/approve`, { note: 'Owner agrees' });
    expect([owner.status, owner.body.error.code]).toEqual([403, 'not_an_approver']);
    const approved = await as('imb').post(`/api/governance/access-requests/${body.id}/approve`, { note: 'Board agrees' }).expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', decisions: [{ capacity: 'imb' }] });
    expect(await count('police-closed')).toBe(9);
  });
});
