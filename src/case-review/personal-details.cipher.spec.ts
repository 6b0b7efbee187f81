import { randomBytes } from 'node:crypto';
import { PersonalDetailsCipher } from './personal-details.cipher.js';

describe('personal details cipher', () => {
  const cipher = new PersonalDetailsCipher(randomBytes(32));
  const details = { name: 'Zoë Müller', dateOfBirth: '1991-11-30', phone: '07700 900123' };

  it('round-trips and never holds the plain text', () => {
    const sealed = cipher.seal('case-1', details);
    expect(sealed).not.toContain('Müller');
    expect(sealed).not.toContain(Buffer.from('Müller').toString('base64url'));
    expect(cipher.open('case-1', sealed)).toEqual(details);
    expect(cipher.seal('case-1', details)).not.toBe(sealed); // a fresh nonce each time
  });

  it('refuses a value moved to another case, tampered with, or opened with another key', () => {
    const sealed = cipher.seal('case-1', details);
    expect(() => cipher.open('case-2', sealed)).toThrow();
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3], 'base64url');
    body[0] ^= 1;
    expect(() => cipher.open('case-1', [parts[0], parts[1], parts[2], body.toString('base64url')].join('.'))).toThrow();
    expect(() => new PersonalDetailsCipher(randomBytes(32)).open('case-1', sealed)).toThrow();
    expect(() => cipher.open('case-1', 'rubbish')).toThrow('Not a sealed value');
  });
});
