import { useEffect, useState } from 'preact/hooks';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { ApiError } from '../api/api-error.js';
import type { Fetcher } from './query.js';

/** A boundary as the charts draw it: `id` is the ONS code; LSOAs also carry their district. */
export type AreaShape = Feature<Geometry, { name?: string; district?: string | null }>;
export type AreaShapes = FeatureCollection<Geometry, { name?: string; district?: string | null }>;

/** The hub's boundaries for maps, or why there are none (then maps fall back to tiles). */
export type Boundaries =
  | { status: 'pending' }
  | { status: 'loaded'; districts: AreaShapes; lsoas: AreaShapes | null; wards?: AreaShapes | null }
  | { status: 'none'; message: string }
  | { status: 'error'; message: string };

/** Which boundaries a chart needs: none, the districts, or districts and LSOAs or wards. */
export type BoundaryNeed = 'none' | 'districts' | 'lsoas' | 'wards';

const cache = new Map<string, Promise<AreaShapes>>();

/**
 * `GET /api/geography/<layer>` as features, fetched once per page (the browser revalidates with
 * the ETag on the next visit). Throws the API's error; `geography_not_loaded` when there are none.
 */
export function fetchBoundaries(fetcher: Fetcher, layer: 'districts' | 'lsoas' | 'wards'): Promise<AreaShapes> {
  let pending = cache.get(layer);
  if (!pending) {
    pending = fetcher(`/api/geography/${layer}`, { headers: { Accept: 'application/json' } })
      .then((res) => res.json() as Promise<Topology>)
      .then((topology) => shapesOf(topology, layer));
    pending.catch(() => cache.delete(layer));
    cache.set(layer, pending);
  }
  return pending;
}

/** Features of one object of a topology (empty when the object is missing). */
export function shapesOf(topology: Topology, object: string): AreaShapes {
  const o = topology.objects[object] as GeometryCollection | undefined;
  return o ? (feature(topology, o) as AreaShapes) : { type: 'FeatureCollection', features: [] };
}

/** Loads the boundaries a chart needs; `none` (with the hub's sentence) when none are loaded. */
export function useBoundaries(fetcher: Fetcher, need: BoundaryNeed): Boundaries {
  // Kept with the need it answers, so a switch of chart never draws with the previous boundaries.
  const [state, setState] = useState<{ need: BoundaryNeed; boundaries: Boundaries }>({ need, boundaries: PENDING });
  useEffect(() => {
    if (need === 'none') return;
    let live = true;
    const settle = (boundaries: Boundaries) => live && setState({ need, boundaries });
    const finer = (layer: 'lsoas' | 'wards') => (need === layer ? fetchBoundaries(fetcher, layer) : Promise.resolve(null));
    Promise.all([fetchBoundaries(fetcher, 'districts'), finer('lsoas'), finer('wards')])
      .then(([districts, lsoas, wards]) => settle({ status: 'loaded', districts, lsoas, wards }))
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.code === 'geography_not_loaded') settle({ status: 'none', message: err.message });
        else settle({ status: 'error', message: err instanceof ApiError ? err.message : 'The map boundaries could not be loaded. Try again later.' });
      });
    return () => {
      live = false;
    };
  }, [need]);
  if (need === 'none') return NOT_NEEDED;
  return state.need === need ? state.boundaries : PENDING;
}

const PENDING: Boundaries = { status: 'pending' };
const NOT_NEEDED: Boundaries = { status: 'none', message: '' };
