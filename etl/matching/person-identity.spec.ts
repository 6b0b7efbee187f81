import fc from 'fast-check';
import { canonicalGivenName, GIVEN_NAME_GROUPS } from './name-variants.js';
import { normaliseDateOfBirth, normalisePersonName, personIdentity } from './person-identity.js';
import { givenNameSkeleton, soundSkeleton } from './phonetic.js';
import { foldText } from './text-fold.js';

const TODAY = new Date('2026-11-23T00:00:00Z');
const id = (fullName: string, dateOfBirth = '1984-03-07') => personIdentity({ fullName, dateOfBirth }, TODAY);

describe('foldText', () => {
  it.each([
    ['Zoë', 'zoe'],
    ['ZOE', 'zoe'],
    ["O'Brien", 'obrien'],
    ['O’Brien', 'obrien'],
    ['  Siobhán   Ó  Briain ', 'siobhan o briain'],
    ['Müller', 'muller'],
    ['Åkesson', 'akesson'],
    ['Straße', 'strasse'],
    ['Søren Ærø', 'soren aero'],
    ['Nuñez', 'nunez'],
    ['ｊｏｈｎ', 'john'],
    ['Smith-Jones', 'smith jones'],
    ['J. R. R.', 'j r r'],
  ])('%s → %s', (input, expected) => expect(foldText(input)).toBe(expected));
});

describe('canonicalGivenName', () => {
  it.each([
    ['bill', 'william'],
    ['bob', 'robert'],
    ['kate', 'katherine'],
    ['catherine', 'katherine'],
    ['zoey', 'zoe'],
    ['liz', 'elizabeth'],
    ['peggy', 'margaret'],
    ['meg', 'margaret'],
    ['alex', 'alex'],
  ])('%s → %s', (input, expected) => expect(canonicalGivenName(input)).toBe(expected));

  it('puts each short form in one group only', () => {
    const seen = new Map<string, string>();
    for (const group of GIVEN_NAME_GROUPS) {
      for (const name of group) {
        expect(seen.get(name) ?? group[0]).toBe(group[0]);
        seen.set(name, group[0]);
      }
    }
  });
});

describe('soundSkeleton', () => {
  it.each([
    ['smith', 'smyth'],
    ['phillips', 'philips'],
    ['john', 'jon'],
    ['stephen', 'steven'],
    ['macdonald', 'mcdonald'],
    ['thompson', 'tompson'],
    ['katherine', 'kathryn'],
    ['green', 'greene'],
  ])('%s sounds like %s', (a, b) => expect(soundSkeleton(a)).toBe(soundSkeleton(b)));

  it.each([
    ['smith', 'jones'],
    ['ian', 'ann'],
    ['brown', 'green'],
    ['harris', 'morris'],
  ])('%s does not sound like %s', (a, b) => expect(soundSkeleton(a)).not.toBe(soundSkeleton(b)));
});

describe('givenNameSkeleton', () => {
  it.each([
    ['john', 'jon'],
    ['philip', 'phillip'],
    ['ann', 'anne'],
    ['zoe', 'zoe'],
  ])('%s sounds like %s', (a, b) => expect(givenNameSkeleton(a)).toBe(givenNameSkeleton(b)));

  it.each([
    ['john', 'jane'],
    ['ian', 'ann'],
    ['mary', 'maria'],
  ])('%s does not sound like %s', (a, b) => expect(givenNameSkeleton(a)).not.toBe(givenNameSkeleton(b)));
});

describe('normalisePersonName', () => {
  it('reads "Family, Given" and "Given Middle Family"', () => {
    expect(normalisePersonName({ fullName: 'SMITH, John Paul' })).toEqual({ given: 'john', family: 'smith' });
    expect(normalisePersonName({ fullName: 'John Paul Smith' })).toEqual({ given: 'john', family: 'smith' });
  });

  it('drops titles and suffixes', () => {
    expect(normalisePersonName({ fullName: 'Mrs Katherine Jones Jnr' })).toEqual({ given: 'katherine', family: 'jones' });
  });

  it('keeps particles with the family name, whether the name is written whole or in parts', () => {
    const whole = normalisePersonName({ fullName: 'Seán Ó Briain' });
    const parts = normalisePersonName({ givenName: 'Sean', familyName: 'O Briain' });
    expect(whole).toEqual({ given: 'sean', family: 'obriain' });
    expect(parts).toEqual(whole);
    expect(normalisePersonName({ fullName: 'Jan van der Berg' })?.family).toBe('vanderberg');
    expect(normalisePersonName({ fullName: "Noël D'Souza" })?.family).toBe('dsouza');
    expect(normalisePersonName({ fullName: 'Noel D Souza' })?.family).toBe('dsouza');
  });

  it('reads a hyphenated family name the same whole or apart', () => {
    expect(normalisePersonName({ fullName: 'Anna Smith-Jones' })).toEqual(normalisePersonName({ givenName: 'Anna', familyName: 'Smith-Jones' }));
    expect(normalisePersonName({ fullName: 'Mary-Jane Smith' })).toEqual(normalisePersonName({ givenName: 'Mary-Jane', familyName: 'Smith' }));
  });

  it('refuses a name with only one part', () => {
    expect(normalisePersonName({ fullName: 'Madonna' })).toBeNull();
    expect(normalisePersonName({ givenName: 'John', familyName: '' })).toBeNull();
    expect(normalisePersonName({ fullName: '   ' })).toBeNull();
  });
});

describe('normaliseDateOfBirth', () => {
  it('accepts ISO dates and Dates', () => {
    expect(normaliseDateOfBirth('1984-03-07', TODAY)).toBe('1984-03-07');
    expect(normaliseDateOfBirth('1984-03-07T00:00:00', TODAY)).toBe('1984-03-07');
    expect(normaliseDateOfBirth(new Date(Date.UTC(1984, 2, 7)), TODAY)).toBe('1984-03-07');
  });

  it('refuses impossible, ambiguous or future dates', () => {
    expect(normaliseDateOfBirth('1984-02-30', TODAY)).toBeNull();
    expect(normaliseDateOfBirth('07/03/1984', TODAY)).toBeNull();
    expect(normaliseDateOfBirth('2030-01-01', TODAY)).toBeNull();
    expect(normaliseDateOfBirth('1850-01-01', TODAY)).toBeNull();
    expect(normaliseDateOfBirth('', TODAY)).toBeNull();
    expect(normaliseDateOfBirth(null, TODAY)).toBeNull();
  });
});

describe('personIdentity', () => {
  it('matches case, accent, apostrophe, whitespace and short-form variants', () => {
    const base = id("Zoë O'Brien");
    for (const variant of ['Zoe OBrien', 'ZOË O’BRIEN', ' zoe  o brien ', "O'Brien, Zoë", 'Miss Zoey O’Brien']) {
      expect(id(variant)).toBe(base);
    }
    expect(id('Bill Smith')).toBe(id('William Smith'));
    expect(id("Peggy O'Brien")).toBe(id('Margaret OBrien'));
    expect(id('Bob Smyth')).toBe(id('Robert Smith'));
    expect(id('Kate Phillips')).toBe(id('Catherine Philips'));
    expect(personIdentity({ givenName: 'José', familyName: 'García', dateOfBirth: '1990-01-01' }, TODAY)).toBe(id('Jose Garcia', '1990-01-01'));
  });

  it('separates namesakes by date of birth and different names with the same date', () => {
    expect(id('John Smith', '1984-03-07')).not.toBe(id('John Smith', '1984-03-08'));
    expect(id('John Smith')).not.toBe(id('Jane Smith'));
    expect(id('John Smith')).not.toBe(id('John Jones'));
  });

  it('gives no identity without a name or a valid date of birth', () => {
    expect(id('Smith', '1984-03-07')).toBeNull();
    expect(personIdentity({ fullName: 'John Smith', dateOfBirth: null }, TODAY)).toBeNull();
    expect(personIdentity({ fullName: 'John Smith', dateOfBirth: 'unknown' }, TODAY)).toBeNull();
  });

  it('is unchanged by any mix of case, accents, apostrophes and spacing (property)', () => {
    const names = ['Zoë', 'Siobhán', 'Renée', 'Björn', 'Chloë', 'Raphaël', 'Ciarán', 'Françoise', 'Inès', 'Mary', 'Tom'];
    const surnames = ["O'Brien", 'Müller', 'Åkesson', 'Nuñez', "D'Souza", 'Lefèvre', 'Béranger', 'Smith', 'Ó Briain'];
    const vary = (s: string, flags: number) => {
      let v = s;
      if (flags & 1) v = v.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      if (flags & 2) v = v.toUpperCase();
      if (flags & 4) v = v.toLowerCase();
      if (flags & 8) v = v.replace(/'/g, '’');
      if (flags & 16) v = v.replace(/'/g, '');
      if (flags & 32) v = ` ${v}  `;
      return v;
    };
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.constantFrom(...surnames), fc.integer({ min: 0, max: 63 }), fc.integer({ min: 0, max: 63 }), (g, f, a, b) => {
        const one = personIdentity({ givenName: vary(g, a), familyName: vary(f, a), dateOfBirth: '1970-06-01' }, TODAY);
        const two = personIdentity({ fullName: `${vary(g, b)} ${vary(f, b)}`, dateOfBirth: '1970-06-01' }, TODAY);
        return one !== null && one === two;
      }),
    );
  });
});
