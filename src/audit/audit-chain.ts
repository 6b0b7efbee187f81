import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an audit entry that its hash covers. */
export interface ChainedFields {
  id: string;
  at: Date;
  actorId: string | null;
  actorEmail: string | null;
  organisationId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
  address: string | null;
  prevHash: string;
}

/** JSON with object keys sorted at every depth, so jsonb's own key order cannot change a hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SHA-256 over the previous hash and the entry's canonical form. */
export function entryHash(f: ChainedFields): string {
  const body = canonicalJson({
    id: f.id,
    at: f.at.toISOString(),
    actorId: f.actorId,
    actorEmail: f.actorEmail,
    organisationId: f.organisationId,
    action: f.action,
    targetType: f.targetType,
    targetId: f.targetId,
    details: f.details,
    address: f.address,
    prevHash: f.prevHash,
  });
  return createHash('sha256').update(body).digest('hex');
}

export interface ChainBreak {
  id: string;
  reason: 'hash_mismatch' | 'previous_hash_mismatch';
}

/**
 * Walks entries in id order from a known previous hash; returns the first broken link.
 * `hash_mismatch`: the row was edited. `previous_hash_mismatch`: a row before it was removed or
 * inserted out of order.
 */
export function findBreak(
  entries: Iterable<ChainedFields & { hash: string }>,
  previousHash: string,
): { break: ChainBreak | null; lastHash: string; checked: number } {
  let prev = previousHash;
  let checked = 0;
  for (const e of entries) {
    if (e.prevHash !== prev) return { break: { id: e.id, reason: 'previous_hash_mismatch' }, lastHash: prev, checked };
    if (entryHash(e) !== e.hash) return { break: { id: e.id, reason: 'hash_mismatch' }, lastHash: prev, checked };
    prev = e.hash;
    checked++;
  }
  return { break: null, lastHash: prev, checked };
}
