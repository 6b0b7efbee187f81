import { Role } from '../../src/auth/role.js';
import { GovernanceDemoSeed } from '../../src/governance/governance-demo.seed.js';
import { createUser } from '../factories/user.factory.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

/** The governance part of the demo, seeded on its own (a full DEMO_SEED boot also generates partner data, which is slow). */
describe('governance demo data', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub();
    await createUser(hub, { email: 'imb@demo.csp-hub.test', roles: [Role.Imb], organisation: 'opcc' });
    await createUser(hub, { email: 'owner.police@demo.csp-hub.test', roles: [Role.DataOwner], organisation: 'hiow-constabulary' });
    await createUser(hub, { email: 'analyst.winchester@demo.csp-hub.test', roles: [Role.Analyst], organisation: 'winchester' });
    await hub.app.get(GovernanceDemoSeed).seed();
  });
  afterAll(() => hub?.close());

  it('gives the demo IMB member and police data owner an agreement and a request to decide', async () => {
    for (const email of ['imb@demo.csp-hub.test', 'owner.police@demo.csp-hub.test']) {
      const token = await hub.login(email);
      const pending = await hub.http().get('/api/governance/access-requests/to-decide').set('Authorization', `Bearer ${token}`).expect(200);
      expect(pending.body).toEqual([
        expect.objectContaining({
          dataset: 'police-uk-street',
          requesterEmail: 'analyst.winchester@demo.csp-hub.test',
          // Names for the approver to read, beside the slug the API also gives.
          requesterName: 'Test analyst',
          requesterOrganisation: 'winchester',
          requesterOrganisationName: 'Winchester City Council',
          status: 'pending',
        }),
      ]);
    }
    const analyst = await hub.login('analyst.winchester@demo.csp-hub.test');
    const agreements = await hub.http().get('/api/governance/agreements').set('Authorization', `Bearer ${analyst}`).expect(200);
    expect(agreements.body).toEqual([expect.objectContaining({ inForce: true, status: 'active' })]);
  });
});
