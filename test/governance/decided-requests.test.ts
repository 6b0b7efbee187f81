import { Role } from '../../src/auth/role.js';
import { createDataset, times } from '../factories/dataset.factory.js';
import { signedInUser } from '../factories/user.factory.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

const W = 'E07000094';
const DAY = 86_400_000;
const future = (days: number) => new Date(Date.now() + days * DAY).toISOString();

describe('GET /api/governance/access-requests/decided', () => {
  let hub: TestHub;
  const t: Record<string, string> = {};
  let agreementId: string;

  beforeAll(async () => {
    hub = await createTestHub({ SIGNIN_RATE_PER_MINUTE: '1000' });
    const rows = times(5, { month: '2025-03', district_code: W, district_name: 'Winchester', category: 'Anti-social behaviour', category_group: 'Anti-social behaviour', source_org: 'hiow-constabulary', placement: 'lsoa' });
    await createDataset(hub, { slug: 'police-decided', title: 'Police ASB', rows });
    await createDataset(hub, { slug: 'gosport-decided', owner: 'gosport', title: 'Gosport ASB', rows });
    const people = {
      analyst: { roles: [Role.Analyst], organisation: 'winchester' },
      imb: { roles: [Role.Imb], organisation: 'opcc' },
      ownerPolice: { roles: [Role.DataOwner], organisation: 'hiow-constabulary' },
      ownerGosport: { roles: [Role.DataOwner], organisation: 'gosport' },
    };
    for (const [name, options] of Object.entries(people)) t[name] = (await signedInUser(hub, options)).token;
    const agreement = await as('imb')
      .post('/api/governance/agreements')
      .send({ title: 'Decisions test agreement', purpose: 'ASB problem solving', lawfulBasis: 'Crime and Disorder Act 1998 s115', parties: ['hiow-constabulary', 'winchester', 'opcc'], datasets: ['police-decided'], startsAt: future(-1), reviewAt: future(90), endsAt: future(365) })
      .expect(201);
    agreementId = agreement.body.id;
  });
  afterAll(() => hub?.close());

  const as = (who: string) => ({
    get: (url: string) => hub.http().get(url).set('Authorization', `Bearer ${t[who]}`),
    post: (url: string) => hub.http().post(url).set('Authorization', `Bearer ${t[who]}`),
  });
  const ask = () =>
    as('analyst').post('/api/governance/access-requests').send({ dataset: 'police-decided', level: 'aggregate', areas: [W], purpose: 'Hotspot problem solving', agreementId, until: future(30) }).expect(201);

  it('shows an IMB member what was decided, newest first, with the owner named; the old scope=all route stays closed to them', async () => {
    const first = await ask();
    await as('imb').post(`/api/governance/access-requests/${first.body.id}/refuse`).send({ note: 'Purpose too broad' }).expect(200);
    const second = await ask();
    await as('imb').post(`/api/governance/access-requests/${second.body.id}/approve`).send({ note: 'Fits the agreement' }).expect(200);
    const waiting = await ask();

    const res = await as('imb').get('/api/governance/access-requests/decided').expect(200);
    expect(res.body.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([
      [second.body.id, 'approved'],
      [first.body.id, 'refused'],
    ]);
    expect(res.body.some((r: { id: string }) => r.id === waiting.body.id)).toBe(false);
    expect(res.body[0].datasetOwnerName).toBe('Hampshire and Isle of Wight Constabulary');
    expect(res.body[1].decisions[0]).toMatchObject({ outcome: 'refused', note: 'Purpose too broad', capacity: 'imb' });
    expect((await as('imb').get('/api/governance/access-requests?scope=all')).status).toBe(403);
  });

  it('shows a data owner only decisions on their own datasets, and refuses an analyst', async () => {
    const police = await as('ownerPolice').get('/api/governance/access-requests/decided').expect(200);
    expect(police.body.length).toBeGreaterThan(0);
    expect(police.body.every((r: { dataset: string }) => r.dataset === 'police-decided')).toBe(true);
    expect((await as('ownerGosport').get('/api/governance/access-requests/decided').expect(200)).body).toEqual([]);
    expect((await as('analyst').get('/api/governance/access-requests/decided')).status).toBe(403);
  });
});
