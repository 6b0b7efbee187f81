import { dwellingOf, normalisePostcode, placeIdentity } from './place-identity.js';

describe('normalisePostcode', () => {
  it.each([
    ['so23 9lj', 'SO23 9LJ'],
    ['SO239LJ', 'SO23 9LJ'],
    [' po1  2ab ', 'PO1 2AB'],
    ['EC1A 1BB', 'EC1A 1BB'],
    ['W1A 0AX', 'W1A 0AX'],
  ])('%s → %s', (input, expected) => expect(normalisePostcode(input)).toBe(expected));

  it.each(['', 'SO23', 'not a postcode', '12345', null])('refuses %p', (input) => expect(normalisePostcode(input)).toBeNull());
});

describe('dwellingOf', () => {
  it.each([
    ['14 High Street', '14'],
    ['14, HIGH ST', '14'],
    ['14a High Street', '14a'],
    ['14 A High Street', '14a'],
    ['Flat 2, 14 High Street', '2/14'],
    ['Flat 2 14 High Street', '2/14'],
    ['Apartment 3B, Jewry Court, 9 Jewry Street', '3b/9'],
  ])('%s → %s', (address, expected) => expect(dwellingOf(address)).toBe(expected));

  it('uses a separate house number column when given', () => {
    expect(dwellingOf('High Street', '14')).toBe('14');
  });

  it('names a house without a number by its name', () => {
    expect(dwellingOf('Rose Cottage, Mill Lane')).toBe(dwellingOf('ROSE COTTAGE, MILL LANE'));
    expect(dwellingOf('Rose Cottage, Mill Lane')).toMatch(/^name:/);
  });

  it('ignores a postcode written inside the address', () => {
    expect(dwellingOf('14 High Street, Winchester SO23 9LJ')).toBe('14');
  });
});

describe('placeIdentity', () => {
  const base = placeIdentity({ address: '14 High Street, Winchester', postcode: 'SO23 9LJ' });

  it('matches the ways partners write one address', () => {
    expect(placeIdentity({ address: '14 High St', postcode: 'SO239LJ' })).toBe(base);
    expect(placeIdentity({ address: '14 HIGH STREET', postcode: 'so23 9lj' })).toBe(base);
    expect(placeIdentity({ address: '14, High Street', postcode: 'SO23 9LJ' })).toBe(base);
    expect(placeIdentity({ address: '14 High Street, Winchester, SO23 9LJ' })).toBe(base);
  });

  it('tells neighbours and flats apart', () => {
    expect(placeIdentity({ address: '16 High Street', postcode: 'SO23 9LJ' })).not.toBe(base);
    expect(placeIdentity({ address: 'Flat 1, 14 High Street', postcode: 'SO23 9LJ' })).not.toBe(base);
    expect(placeIdentity({ address: 'Flat 1, 14 High Street', postcode: 'SO23 9LJ' })).not.toBe(
      placeIdentity({ address: 'Flat 2, 14 High Street', postcode: 'SO23 9LJ' }),
    );
    expect(placeIdentity({ address: '14 High Street', postcode: 'SO23 9LL' })).not.toBe(base);
  });

  it('falls back to the street without a postcode', () => {
    expect(placeIdentity({ address: '12 High Street' })).toBe(placeIdentity({ address: '12, HIGH ST' }));
    expect(placeIdentity({ address: '12 High Street' })).not.toBe(placeIdentity({ address: '12 Low Street' }));
  });

  it('gives no identity without a dwelling', () => {
    expect(placeIdentity({ postcode: 'SO23 9LJ' })).toBeNull();
    expect(placeIdentity({ address: '' })).toBeNull();
  });
});
