import { useEffect, useState } from 'preact/hooks';
import { ApiError, messageOf } from '../api/api-error.js';
import { session } from '../api/session.js';

export type ApiState<T> = { status: 'pending' } | { status: 'result'; data: T } | { status: 'unavailable' } | { status: 'error'; message: string };

/** GETs a JSON resource; a 404/501 means the feature is not in this version of the hub yet. */
export function useApi<T>(path: string): ApiState<T> {
  const [state, setState] = useState<ApiState<T>>({ status: 'pending' });
  useEffect(() => {
    let live = true;
    setState({ status: 'pending' });
    session
      .request<T>('GET', path)
      .then((data) => live && setState({ status: 'result', data }))
      .catch((err) => live && setState(err instanceof ApiError && err.unavailable ? { status: 'unavailable' } : { status: 'error', message: messageOf(err) }));
    return () => {
      live = false;
    };
  }, [path]);
  return state;
}
