import { useEffect, useState } from 'preact/hooks';
import type { Fetcher } from './query.js';

/** 2011 LSOA code → IMD 2019 decile (1 = most deprived), from `GET /api/reference/lsoas`. */
export type Deciles = ReadonlyMap<string, number>;

let cached: Promise<Deciles> | null = null;

/** The deprivation deciles, fetched once per page (public reference data, Open Government Licence). */
export function fetchDeciles(fetcher: Fetcher): Promise<Deciles> {
  if (!cached) {
    cached = fetcher('/api/reference/lsoas', { headers: { Accept: 'application/json' } })
      .then((res) => res.json() as Promise<{ lsoas: { code: string; imdDecile: number }[] }>)
      .then((body) => new Map(body.lsoas.map((l) => [l.code, l.imdDecile])));
    cached.catch(() => (cached = null));
  }
  return cached;
}

/**
 * The deciles when `needed` (an LSOA map's deprivation layer): undefined while loading or not
 * needed, and an empty map when they cannot be had (the map then shades the measure alone).
 */
export function useDeciles(fetcher: Fetcher, needed: boolean): Deciles | undefined {
  const [deciles, setDeciles] = useState<Deciles | undefined>(undefined);
  useEffect(() => {
    if (!needed) return;
    let live = true;
    fetchDeciles(fetcher)
      .then((d) => live && setDeciles(d))
      .catch(() => live && setDeciles(new Map()));
    return () => {
      live = false;
    };
  }, [needed]);
  return needed ? deciles : undefined;
}
