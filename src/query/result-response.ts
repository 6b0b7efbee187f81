import type { Response } from 'express';
import type { QueryResult } from './query-result.js';
import { ARROW_STREAM, CSV_TYPE, JSON_TYPE, type ResultFormat, toArrow, toCsv, toJsonBody, withMeta } from './result-encoders.js';

/**
 * Answers up to this many rows keep their encodings while the answer itself is kept (cached
 * answers share their column arrays), so a dashboard question asked again is not re-encoded;
 * larger answers are encoded afresh rather than held twice in memory.
 */
const MEMO_MAX_ROWS = 5_000;
const encodings = new WeakMap<QueryResult['values'], Partial<Record<ResultFormat, Uint8Array | string>>>();

/** Writes an answer in the negotiated encoding; Arrow and CSV carry the meta in a header. */
export function sendResult(res: Response, result: QueryResult, format: ResultFormat): void {
  res.setHeader('Vary', 'Accept');
  res.setHeader('Cache-Control', 'no-store');
  if (format === 'json') {
    res.status(200).type(JSON_TYPE).send(withMeta(result.meta, encoded(result, 'json') as string));
    return;
  }
  res.setHeader('X-Query-Meta', JSON.stringify(result.meta));
  if (format === 'csv') {
    const name = result.meta.dataset === '*' ? 'cross-partner' : result.meta.dataset;
    res.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
    res.status(200).type(`${CSV_TYPE}; charset=utf-8`).send(encoded(result, 'csv'));
    return;
  }
  res.status(200).type(ARROW_STREAM).send(asBuffer(encoded(result, 'arrow') as Uint8Array));
}

/** The answer's body in one encoding, without the meta (which differs between cache hits). */
function encoded(result: QueryResult, format: ResultFormat): Uint8Array | string {
  const memo = result.rowCount <= MEMO_MAX_ROWS ? (encodings.get(result.values) ?? {}) : null;
  const hit = memo?.[format];
  if (hit !== undefined) return hit;
  const body = format === 'arrow' ? toArrow(result) : format === 'csv' ? toCsv(result) : toJsonBody(result);
  if (memo) encodings.set(result.values, { ...memo, [format]: body });
  return body;
}

/** A Buffer over the same bytes (no copy). */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
