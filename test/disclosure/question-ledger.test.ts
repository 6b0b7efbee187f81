/**
 * The question budget's ledger on real PostgreSQL (src/disclosure/question-ledger.repository.ts):
 * one call takes the organisation's lock, counts and records, so accounts asking at once can never
 * take more places than the budget has.
 */
import { randomBytes } from 'node:crypto';
import { QuestionLedgerRepository } from '../../src/disclosure/question-ledger.repository.js';
import { createDataset } from '../factories/dataset.factory.js';
import { createUser } from '../factories/user.factory.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

describe('question ledger', () => {
  let hub: TestHub;
  let ledger: QuestionLedgerRepository;
  let entry: (fingerprint: string, userId: string) => Parameters<QuestionLedgerRepository['spend']>[0];
  const users: string[] = [];

  beforeAll(async () => {
    hub = await createTestHub();
    ledger = hub.app.get(QuestionLedgerRepository);
    const dataset = await createDataset(hub, { rows: [] });
    for (let i = 0; i < 3; i++) users.push((await createUser(hub, { organisation: 'winchester' })).id);
    const organisationId = (await createUser(hub, { organisation: 'winchester' })).organisationId;
    const day = '2026-12-07';
    entry = (fingerprint, userId) => ({ organisationId, datasetId: dataset.id, day, fingerprint: fingerprint.padEnd(64, '0'), shape: 'a'.repeat(64), userId });
  });
  afterAll(() => hub?.close());

  it('lets three accounts asking 30 new questions at once take exactly the 7 places there are', async () => {
    const asked = Array.from({ length: 30 }, (_, i) => ledger.spend(entry(randomBytes(8).toString('hex'), users[i % 3]), 7));
    const outcomes = await Promise.all(asked);
    expect(outcomes.filter((o) => o.outcome === 'new')).toHaveLength(7);
    expect(outcomes.filter((o) => o.outcome === 'refused')).toHaveLength(23);
    expect(outcomes.filter((o) => o.outcome === 'new').map((o) => o.used).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('answers a question asked before as a repeat, from any account, even with the budget spent', async () => {
    const first = await ledger.spend(entry('feed', users[0]), 100);
    expect(first).toEqual({ outcome: 'new', used: 8 });
    expect(await ledger.spend(entry('feed', users[1]), 100)).toEqual({ outcome: 'repeat', used: 8 });
    expect(await ledger.spend(entry('feed', users[2]), 8)).toEqual({ outcome: 'repeat', used: 8 });
    expect(await ledger.spend(entry('beef', users[2]), 8)).toEqual({ outcome: 'refused', used: 8 });
  });
});
