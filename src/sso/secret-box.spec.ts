import { SecretBox } from './secret-box.js';

describe('SecretBox', () => {
  const box = new SecretBox('a-key-that-is-at-least-thirty-two-characters');

  it('opens what it sealed, and never stores the plain text', () => {
    const sealed = box.seal('client-secret-value', 'client_secret');
    expect(sealed).not.toContain('client-secret-value');
    expect(box.open(sealed, 'client_secret')).toBe('client-secret-value');
  });

  it('seals the same value differently each time', () => {
    expect(box.seal('x', 'p')).not.toBe(box.seal('x', 'p'));
  });

  it('refuses a value sealed for another purpose, under another key, or altered', () => {
    const sealed = box.seal('secret', 'client_secret');
    expect(() => box.open(sealed, 'private_key')).toThrow();
    expect(() => new SecretBox('another-key-that-is-at-least-thirty-two-chars').open(sealed, 'client_secret')).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => box.open(parts.join('.'), 'client_secret')).toThrow();
    expect(() => box.open('garbage', 'client_secret')).toThrow();
  });
});
