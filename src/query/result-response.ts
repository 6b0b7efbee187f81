import type { Response } from 'express';
import type { QueryResult } from './query-result.js';
import { ARROW_STREAM, CSV_TYPE, JSON_TYPE, type ResultFormat, toArrow, toCsv, toJson } from './result-encoders.js';

/** Writes an answer in the negotiated encoding; Arrow and CSV carry the meta in a header. */
export function sendResult(res: Response, result: QueryResult, format: ResultFormat): void {
  res.setHeader('Vary', 'Accept');
  res.setHeader('Cache-Control', 'no-store');
  if (format === 'json') {
    res.status(200).type(JSON_TYPE).send(toJson(result));
    return;
  }
  res.setHeader('X-Query-Meta', JSON.stringify(result.meta));
  if (format === 'csv') {
    const name = result.meta.dataset === '*' ? 'cross-partner' : result.meta.dataset;
    res.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
    res.status(200).type(`${CSV_TYPE}; charset=utf-8`).send(toCsv(result));
    return;
  }
  res.status(200).type(ARROW_STREAM).send(Buffer.from(toArrow(result)));
}
