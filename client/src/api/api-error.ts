/** An error from the hub's API, in words a user can act on. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The route or service is not there (yet): screens show a "coming soon" state. */
  get unavailable(): boolean {
    return this.status === 404 || this.status === 501;
  }
}

const FALLBACK: Record<number, string> = {
  0: 'The hub cannot be reached. Check your connection and try again.',
  401: 'Sign in to continue.',
  403: 'You do not have permission to do that.',
  404: 'This is not available.',
  413: 'That is too large to send.',
  429: 'Too many requests. Wait a minute and try again.',
};

/** Reads `{error: {code, message}}`; anything else gets a plain sentence, never a stack trace. */
export async function apiErrorFrom(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  const code = typeof error?.code === 'string' ? error.code : `http_${res.status}`;
  const message =
    typeof error?.message === 'string' && error.message
      ? error.message
      : (FALLBACK[res.status] ?? (res.status >= 500 ? 'Something went wrong on our side. Try again later.' : 'The request could not be completed.'));
  return new ApiError(res.status, code, message, error?.details);
}

export function networkError(): ApiError {
  return new ApiError(0, 'network', FALLBACK[0]);
}

/** A sentence for any thrown value. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return 'Something went wrong. Try again, and if it keeps happening tell your administrator.';
}
