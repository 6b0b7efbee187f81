import { tableFromIPC } from 'apache-arrow';
import { QueryCache } from './query-cache.js';
import type { QueryResult } from './query-result.js';
import { csvCell, negotiate, toArrow, toCsv, toJson } from './result-encoders.js';

const result: QueryResult = {
  columns: [
    { name: 'category', type: 'text', label: 'Category' },
    { name: 'count', type: 'integer', label: 'Count' },
    { name: 'suppressed', type: 'boolean', label: 'Withheld' },
  ],
  values: [
    ['=cmd', 'Drugs'],
    [null, 15],
    [true, false],
  ],
  rowCount: 2,
  meta: { dataset: 'x', kind: 'aggregate', level: 'aggregate' as never, suppression: null, offset: 0, limit: 10, hasMore: false, datasets: [], cached: false },
};

describe('result encoders', () => {
  it('encode the same values three ways', () => {
    const arrow = tableFromIPC(toArrow(result));
    expect(arrow.toArray().map((r) => r.toJSON())).toEqual([
      { category: '=cmd', count: null, suppressed: true },
      { category: 'Drugs', count: 15, suppressed: false },
    ]);
    expect(String(arrow.schema.fields[0].type)).toBe('Dictionary<Int32, Utf8>');
    expect(JSON.parse(toJson(result)).rows).toEqual(arrow.toArray().map((r) => r.toJSON()));
    expect(toCsv(result)).toBe("category,count,suppressed\r\n'=cmd,,true\r\nDrugs,15,false\r\n");
  });

  it('escapes formula-like text and quotes CSV specials', () => {
    expect(['=1+1', '+1', '-1', '@x', '\tx', 'a,b', 'say "hi"', 'plain'].map(csvCell)).toEqual(["'=1+1", "'+1", "'-1", "'@x", "'\tx", '"a,b"', '"say ""hi"""', 'plain']);
    expect(csvCell(-3)).toBe('-3');
  });

  it('negotiates by Accept with quality values', () => {
    expect(negotiate(undefined)).toBe('json');
    expect(negotiate('application/vnd.apache.arrow.stream')).toBe('arrow');
    expect(negotiate('text/csv')).toBe('csv');
    expect(negotiate('text/csv;q=0.2, application/json;q=0.9')).toBe('json');
    expect(negotiate('image/png')).toBe('json');
  });
});

describe('QueryCache', () => {
  it('expires entries, evicts the least recently used, and clears', () => {
    let now = 0;
    const cache = new QueryCache<number>(2, 1000, () => now);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    now = 1000;
    expect(cache.get('a')).toBeUndefined();
    cache.set('d', 4);
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('keys equal parts equally', () => {
    expect(QueryCache.key([{ a: 1 }, 2])).toBe(QueryCache.key([{ a: 1 }, 2]));
    expect(QueryCache.key([{ a: 1 }, 2])).not.toBe(QueryCache.key([{ a: 1 }, 3]));
  });
});
