import { createHash, randomBytes } from 'node:crypto';

/** Every secret starts with this, so a leaked one is recognisable (secret scanners, logs, people). */
export const TOKEN_PREFIX = 'csph_';
/** 32 random bytes, base64url: 256 bits, far beyond guessing, so one SHA-256 is enough to store it. */
const SECRET_BYTES = 32;
const SECRET_PATTERN = /^csph_[A-Za-z0-9_-]{43}$/;
/** How much of the secret is kept in clear to tell tokens apart in lists: the prefix and six characters. */
const SHOWN_CHARACTERS = TOKEN_PREFIX.length + 6;

/** A new secret, its hash (what is stored) and the short form shown in lists. */
export function newSecret(): { secret: string; hash: string; shown: string } {
  const secret = TOKEN_PREFIX + randomBytes(SECRET_BYTES).toString('base64url');
  return { secret, hash: hashSecret(secret), shown: secret.slice(0, SHOWN_CHARACTERS) };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** True when the value has the exact shape of a secret this hub issues. */
export function wellFormedSecret(value: string): boolean {
  return SECRET_PATTERN.test(value);
}
