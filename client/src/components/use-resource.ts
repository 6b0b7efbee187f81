import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.js';
import { session } from '../api/session.js';

export interface Resource<T> {
  data: T | null;
  /** The API's sentence when the last load failed. */
  error: string | null;
  loading: boolean;
  /** Loads again (after a change), keeping the current data on screen meanwhile. */
  reload: () => Promise<void>;
}

/** GETs a JSON resource when `path` changes (null: nothing to load), with a reload for after changes. */
export function useResource<T>(path: string | null): Resource<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const current = useRef(path);
  current.current = path;

  const reload = useCallback(async () => {
    if (path === null) return;
    setLoading(true);
    try {
      const result = await session.request<T>('GET', path);
      if (current.current !== path) return;
      setData(result);
      setError(null);
    } catch (err) {
      if (current.current === path) setError(messageOf(err));
    } finally {
      if (current.current === path) setLoading(false);
    }
  }, [path]);

  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading, reload };
}
