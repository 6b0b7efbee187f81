import type { Request, Response } from 'express';
import type { BoundaryPayload } from './boundaries.service.js';

export const TOPOJSON_TYPE = 'application/json';

/**
 * Sends a boundary answer: 304 when the client's copy is current, gzip when it is accepted.
 * Boundaries are only for signed-in users, so caches are private and must revalidate (cheap with
 * the ETag) rather than keep a copy past a reload of the geography.
 */
export function sendBoundaries(req: Request, res: Response, payload: BoundaryPayload): void {
  res.setHeader('ETag', payload.etag);
  res.setHeader('Cache-Control', 'private, no-cache');
  res.setHeader('Vary', 'Accept-Encoding, Authorization');
  const current = (req.headers['if-none-match'] ?? '').split(',').map((t) => t.trim());
  if (current.includes(payload.etag) || current.includes('*')) {
    res.status(304).end();
    return;
  }
  res.type(TOPOJSON_TYPE);
  if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    res.setHeader('Content-Encoding', 'gzip');
    res.status(200).send(payload.gzip);
    return;
  }
  res.status(200).send(payload.json);
}
