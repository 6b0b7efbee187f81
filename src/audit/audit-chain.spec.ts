import { canonicalJson, entryHash, findBreak, GENESIS_HASH, type ChainedFields } from './audit-chain.js';

function chain(n: number): (ChainedFields & { hash: string })[] {
  const out: (ChainedFields & { hash: string })[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const fields: ChainedFields = {
      id: String(i),
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
      actorId: null,
      actorEmail: `user${i}@example.test`,
      organisationId: null,
      action: 'auth.sign_in',
      targetType: null,
      targetId: null,
      details: { n: i, nested: { b: 2, a: 1 } },
      address: '127.0.0.1',
      prevHash: prev,
    };
    const hash = entryHash(fields);
    out.push({ ...fields, hash });
    prev = hash;
  }
  return out;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth so storage key order cannot change a hash', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
  });
});

describe('findBreak', () => {
  it('accepts an intact chain', () => {
    const result = findBreak(chain(5), GENESIS_HASH);
    expect(result.break).toBeNull();
    expect(result.checked).toBe(5);
  });

  it('names the first edited entry', () => {
    const entries = chain(5);
    entries[2].details = { n: 999 };
    expect(findBreak(entries, GENESIS_HASH).break).toEqual({ id: '3', reason: 'hash_mismatch' });
  });

  it('notices a removed entry at the entry after it', () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(findBreak(entries, GENESIS_HASH).break).toEqual({ id: '3', reason: 'previous_hash_mismatch' });
  });

  it('notices an entry whose hash was recomputed after editing, at the next link', () => {
    const entries = chain(4);
    entries[1].action = 'auth.sign_out';
    entries[1].hash = entryHash(entries[1]);
    expect(findBreak(entries, GENESIS_HASH).break).toEqual({ id: '3', reason: 'previous_hash_mismatch' });
  });
});
