import { useEffect, useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.js';
import { session } from '../api/session.js';
import { query } from '../data/query.js';
import { rowsOf } from '../data/rows.js';
import { categoriesSpec, categoryField, CROSS_PARTNER } from '../data/view.js';

/** A declared field of a dataset, as `GET /api/datasets/:slug` lists it. */
export interface DatasetField {
  name: string;
  label: string;
}

/** The labels of a dataset's declared fields (none for the cross-partner view, or while loading). */
export function useDatasetFields(dataset: string): DatasetField[] {
  const [fields, setFields] = useState<DatasetField[]>([]);
  useEffect(() => {
    setFields([]);
    if (!dataset || dataset === CROSS_PARTNER) return;
    let live = true;
    session
      .request<{ fields?: DatasetField[] }>('GET', `/api/datasets/${encodeURIComponent(dataset)}`)
      // Labels only: without them the choices fall back to the field names.
      .then((d) => live && setFields(d.fields ?? []))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [dataset]);
  return fields;
}

export type CategoryValues = { status: 'pending' } | { status: 'result'; values: string[] } | { status: 'error'; message: string };

/**
 * The categories (category groups across partners) the user can see in a dataset: a grouped
 * question by that field over everything they may use, so the list does not move with the filters.
 */
export function useCategoryValues(dataset: string): CategoryValues {
  const [state, setState] = useState<CategoryValues>({ status: 'pending' });
  useEffect(() => {
    setState({ status: 'pending' });
    if (!dataset) return;
    const abort = new AbortController();
    const field = categoryField(dataset);
    query((path, init) => session.fetch(path, init), categoriesSpec(dataset), abort.signal)
      .then((table) => {
        const values = rowsOf(table).map((r) => r[field]).filter((v): v is string => typeof v === 'string' && v !== '');
        setState({ status: 'result', values: [...new Set(values)].sort((a, b) => a.localeCompare(b)) });
      })
      .catch((err) => !abort.signal.aborted && setState({ status: 'error', message: messageOf(err) }));
    return () => abort.abort();
  }, [dataset]);
  return state;
}
