import { createHash } from 'node:crypto';
import { carriesApiToken } from '../auth/api-token-gate.js';
import { hashSecret, newSecret, wellFormedSecret } from './api-token-secret.js';

describe('API token secrets', () => {
  it('are csph_ and 43 base64url characters, different every time, kept as their SHA-256', () => {
    const a = newSecret();
    const b = newSecret();
    expect(a.secret).toMatch(/^csph_[A-Za-z0-9_-]{43}$/);
    expect(a.secret).not.toBe(b.secret);
    expect(a.hash).toBe(createHash('sha256').update(a.secret).digest('hex'));
    expect(hashSecret(a.secret)).toBe(a.hash);
    expect(a.shown).toBe(a.secret.slice(0, 11));
    expect(wellFormedSecret(a.secret)).toBe(true);
    // The guard's test for the token path agrees, and a session's JWT never takes it.
    expect(carriesApiToken(`Bearer ${a.secret}`)).toBe(true);
    expect(carriesApiToken('Bearer eyJhbGciOiJIUzI1NiJ9.e30.x')).toBe(false);
  });

  it('refuses anything else as malformed', () => {
    for (const bad of ['', 'csph_', `csph_${'a'.repeat(42)}`, `csph_${'a'.repeat(44)}`, `csph_${'a'.repeat(42)}=`, `CSPH_${'a'.repeat(43)}`, 'eyJhbGciOiJIUzI1NiJ9.e30.x']) {
      expect(wellFormedSecret(bad)).toBe(false);
    }
  });
});
