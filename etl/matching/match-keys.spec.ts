import { DuckDBInstance } from '@duckdb/node-api';
import { addMatchKeys, dropColumns } from './match-keys-duckdb.js';
import { createMatchKeyer, PLACE_KEY_PATTERN, SUBJECT_KEY_PATTERN } from './match-keys.js';
import { identifierColumnsSchema } from './identifier-columns.js';

const SECRET = 'unit-test-matching-key-0123456789abcdef';
const TODAY = new Date('2026-11-23T00:00:00Z');

describe('createMatchKeyer', () => {
  const keyer = createMatchKeyer(SECRET, TODAY);

  it('makes prefixed keys that hide the identity', () => {
    const key = keyer.subjectKey({ fullName: 'John Smith', dateOfBirth: '1984-03-07' })!;
    expect(key).toMatch(SUBJECT_KEY_PATTERN);
    expect(key).not.toMatch(/smith|1984/i);
    expect(keyer.placeKey({ address: '14 High St', postcode: 'SO23 9LJ' })).toMatch(PLACE_KEY_PATTERN);
  });

  it('depends on the secret', () => {
    const other = createMatchKeyer(`${SECRET}-other`, TODAY);
    const person = { fullName: 'John Smith', dateOfBirth: '1984-03-07' };
    expect(other.subjectKey(person)).not.toBe(keyer.subjectKey(person));
  });

  it('refuses a short secret', () => {
    expect(() => createMatchKeyer('short')).toThrow(/at least 32/);
  });

  it('returns null rather than a shared key for rows that identify nobody', () => {
    expect(keyer.subjectKey({ fullName: '', dateOfBirth: '1984-03-07' })).toBeNull();
    expect(keyer.placeKey({ postcode: 'SO23 9LJ' })).toBeNull();
  });
});

describe('identifierColumnsSchema', () => {
  it('needs a usable person or place', () => {
    expect(identifierColumnsSchema.safeParse({}).success).toBe(false);
    expect(identifierColumnsSchema.safeParse({ person: { givenName: 'first_name', dateOfBirth: 'dob' } }).success).toBe(false);
    const ok = identifierColumnsSchema.parse({ person: { fullName: 'victim_name', dateOfBirth: 'victim_dob' } });
    expect(ok.keepRaw).toBe(true);
  });
});

describe('addMatchKeys', () => {
  it('keys a table set-based and can drop the raw columns', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    try {
      await c.run(`CREATE TABLE staging (victim_name VARCHAR, victim_dob DATE, address VARCHAR, postcode VARCHAR)`);
      await c.run(`INSERT INTO staging VALUES
        ('Zoë O''Brien', DATE '1984-03-07', '14 High Street', 'SO23 9LJ'),
        ('ZOE OBRIEN', DATE '1984-03-07', '14 HIGH ST', 'so239lj'),
        ('Zoe O’Brien', DATE '1984-03-08', '16 High Street', 'SO23 9LJ'),
        (NULL, NULL, NULL, NULL),
        ('Bill Smith', DATE '1970-01-01', 'Flat 1, 2 Low Road', 'PO1 2AB')`);
      const keyer = createMatchKeyer(SECRET, TODAY);
      const ids = identifierColumnsSchema.parse({
        person: { fullName: 'victim_name', dateOfBirth: 'victim_dob' },
        place: { address: 'address', postcode: 'postcode' },
        keepRaw: false,
      });
      const stats = await addMatchKeys(c, 'staging', ids, keyer);
      expect(stats).toEqual({ subjectRows: 4, placeRows: 4, subjects: 3, places: 3 });
      await dropColumns(c, 'staging', ['victim_name', 'victim_dob', 'address', 'postcode']);
      const rows = (await c.runAndReadAll('SELECT * FROM staging')).getRowObjectsJS();
      expect(Object.keys(rows[0]).sort()).toEqual(['place_key', 'subject_key']);
      expect(rows[0].subject_key).toBe(rows[1].subject_key);
      expect(rows[0].subject_key).toBe(keyer.subjectKey({ fullName: 'Zoe OBrien', dateOfBirth: '1984-03-07' }));
      expect(rows[2].subject_key).not.toBe(rows[0].subject_key);
      expect(rows[3]).toEqual({ subject_key: null, place_key: null });
      expect(rows[0].place_key).toBe(rows[1].place_key);
      expect(rows[2].place_key).not.toBe(rows[0].place_key);
    } finally {
      c.closeSync();
      db.closeSync();
    }
  });
});
