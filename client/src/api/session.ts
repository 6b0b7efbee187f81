import { ApiError, apiErrorFrom, networkError } from './api-error.js';
import type { Me, SignInResult, Token } from './types.js';

const STORAGE_KEY = 'csp-hub.session';
/** The organisation whose own sign-in opened this tab's session, for the offer to sign out there too. */
const SSO_KEY = 'csp-hub.sso-organisation';
/** Refresh this long before the token expires. */
const REFRESH_MARGIN_MS = 60_000;

export interface SessionState {
  /** Null when signed out. */
  me: Me | null;
  /** Why the user was sent back to sign in (expired, signed out elsewhere), shown once. */
  notice: string | null;
  /** True until a stored token has been checked at start-up. */
  restoring: boolean;
  /** After signing out of a session opened through an organisation's own sign-in: that organisation, to sign out there too. */
  signedOutOf?: string | null;
}

interface StoredToken {
  accessToken: string;
  expiresAt: number;
}

type Listener = (state: SessionState) => void;

/**
 * The signed-in session: the bearer token kept in memory and in sessionStorage (so a reload keeps
 * the user signed in, but closing the tab does not), refreshed before it expires. Any 401 from
 * the API ends it and sends the user back to sign in with the API's message.
 */
export class Session {
  private token: StoredToken | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private listeners = new Set<Listener>();
  state: SessionState = { me: null, notice: null, restoring: true };

  constructor(
    private readonly fetchFn: typeof fetch = (...args) => fetch(...args),
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null = globalThis.sessionStorage ?? null,
    private readonly now: () => number = Date.now,
  ) {}

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get accessToken(): string | null {
    return this.token?.accessToken ?? null;
  }

  /** At start-up: resume a stored session if its token still works. */
  async restore(): Promise<void> {
    const stored = this.read();
    if (stored && stored.expiresAt > this.now()) {
      this.token = stored;
      try {
        const me = await this.request<Me>('GET', '/api/me');
        this.scheduleRefresh();
        this.set({ me, restoring: false });
        return;
      } catch {
        this.clear();
      }
    }
    this.set({ restoring: false });
  }

  /** Signs in; throws ApiError with the API's message (wrong password, locked, disabled…). */
  async signIn(email: string, password: string): Promise<Me> {
    const result = await this.request<SignInResult>('POST', '/api/auth/login', { email, password }, false);
    this.keep(result);
    const me = await this.request<Me>('GET', '/api/me');
    this.set({ me, notice: null });
    return me;
  }

  /**
   * Finishes a sign-in through the organisation's own provider: the one-time code from the
   * callback (with this browser's cookie) becomes an ordinary hub session.
   */
  async completeSso(handoff: string, organisation: string | null): Promise<Me> {
    const result = await this.request<SignInResult>('POST', '/api/auth/sso/complete', { handoff }, false);
    this.keep(result);
    if (organisation) this.storage?.setItem(SSO_KEY, organisation);
    const me = await this.request<Me>('GET', '/api/me');
    this.set({ me, notice: null, signedOutOf: null });
    return me;
  }

  /** Reloads the user (after a password change, for example). */
  async reload(): Promise<Me> {
    const me = await this.request<Me>('GET', '/api/me');
    this.set({ me });
    return me;
  }

  async signOut(notice: string | null = 'You have been signed out.'): Promise<void> {
    const organisation = this.storage?.getItem(SSO_KEY) ?? null;
    if (this.token) await this.request('POST', '/api/auth/logout').catch(() => undefined);
    this.end(notice);
    if (organisation) this.set({ signedOutOf: organisation });
  }

  /** Ends the session locally, e.g. on a 401; the sign-in page shows the notice. */
  end(notice: string | null): void {
    this.clear();
    this.set({ me: null, notice });
  }

  dismissNotice(): void {
    if (this.state.notice || this.state.signedOutOf) this.set({ notice: null, signedOutOf: null });
  }

  async refresh(): Promise<void> {
    const token = await this.request<Token>('POST', '/api/auth/refresh');
    this.keep(token);
  }

  /**
   * A raw authenticated fetch. A 401 ends the session (the API's sentence becomes the sign-in
   * notice); other errors are thrown as ApiError.
   */
  async fetch(path: string, init: RequestInit = {}, handle401 = true): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.token) headers.set('Authorization', `Bearer ${this.token.accessToken}`);
    let res: Response;
    try {
      res = await this.fetchFn(path, { ...init, headers });
    } catch (err) {
      if ((err as Error)?.name === 'AbortError') throw err;
      throw networkError();
    }
    if (res.ok) return res;
    const error = await apiErrorFrom(res);
    if (res.status === 401 && handle401 && this.token) this.end(error.message);
    throw error;
  }

  /** JSON in, JSON out. */
  async request<T = unknown>(method: string, path: string, body?: unknown, handle401 = true): Promise<T> {
    const init: RequestInit = { method, headers: { Accept: 'application/json' } };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
    }
    const res = await this.fetch(path, init, handle401);
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(res.status, 'bad_response', 'The hub sent an answer this page cannot read. Try again later.');
    }
  }

  private keep(token: Token): void {
    this.token = { accessToken: token.accessToken, expiresAt: this.now() + token.expiresIn * 1000 };
    this.storage?.setItem(STORAGE_KEY, JSON.stringify(this.token));
    this.scheduleRefresh();
  }

  private scheduleRefresh(): void {
    clearTimeout(this.timer);
    if (!this.token) return;
    const lifetime = this.token.expiresAt - this.now();
    const delay = Math.max(1_000, Math.min(lifetime - REFRESH_MARGIN_MS, lifetime * 0.8));
    this.timer = setTimeout(() => {
      this.refresh().catch((err) => {
        if (!(err instanceof ApiError) || err.status !== 401) this.scheduleRetry();
      });
    }, delay);
  }

  private scheduleRetry(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh().catch(() => undefined), 15_000);
  }

  private clear(): void {
    clearTimeout(this.timer);
    this.token = null;
    this.storage?.removeItem(STORAGE_KEY);
    this.storage?.removeItem(SSO_KEY);
  }

  private read(): StoredToken | null {
    try {
      const raw = this.storage?.getItem(STORAGE_KEY);
      const value = raw ? (JSON.parse(raw) as StoredToken) : null;
      return value && typeof value.accessToken === 'string' && typeof value.expiresAt === 'number' ? value : null;
    } catch {
      return null;
    }
  }

  private set(patch: Partial<SessionState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener(this.state);
  }
}

/** The app's one session. */
export const session = new Session();
