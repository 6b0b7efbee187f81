/**
 * A browser without a screen, for HTTP tests of redirect flows: follows redirects by hand and keeps
 * cookies per host and path, as a browser would (a cookie is not bound to a port).
 */
export class RedirectClient {
  private readonly jar = new Map<string, { name: string; value: string; path: string; host: string }>();

  /** Requests `url` and follows redirects (at most `max`); returns the last response and every URL visited. */
  async follow(url: string, init: { method?: string; form?: Record<string, string>; max?: number; stopAt?: (url: URL) => boolean } = {}): Promise<{ res: Response; url: URL; visited: URL[]; body: string }> {
    let current = new URL(url);
    let method = init.method ?? 'GET';
    let body: string | undefined = init.form ? new URLSearchParams(init.form).toString() : undefined;
    const visited: URL[] = [];
    for (let i = 0; i <= (init.max ?? 15); i++) {
      visited.push(current);
      const res = await this.request(current, method, body);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location || init.stopAt?.(current)) return { res, url: current, visited, body: await res.text() };
      await res.arrayBuffer();
      current = new URL(location, current);
      if (init.stopAt?.(current)) return { res, url: current, visited: [...visited, current], body: '' };
      method = 'GET';
      body = undefined;
    }
    throw new Error(`More than ${init.max ?? 15} redirects from ${url}`);
  }

  async request(url: URL, method = 'GET', body?: string, headers: Record<string, string> = {}): Promise<Response> {
    const cookie = this.cookiesFor(url);
    const res = await fetch(url, {
      method,
      body,
      redirect: 'manual',
      headers: { ...(body !== undefined && !headers['Content-Type'] && { 'Content-Type': 'application/x-www-form-urlencoded' }), ...(cookie && { Cookie: cookie }), ...headers },
    });
    for (const line of res.headers.getSetCookie()) this.keep(url, line);
    return res;
  }

  /** JSON to the hub, with the cookies this client holds. */
  async json(url: string, method: string, payload: unknown): Promise<{ status: number; body: any }> {
    const res = await this.request(new URL(url), method, JSON.stringify(payload), { 'Content-Type': 'application/json' });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  cookie(name: string): string | undefined {
    return [...this.jar.values()].find((c) => c.name === name)?.value;
  }

  private cookiesFor(url: URL): string {
    return [...this.jar.values()]
      .filter((c) => c.host === url.hostname && (url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`)))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  private keep(url: URL, line: string): void {
    const [pair, ...attributes] = line.split(';').map((s) => s.trim());
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const attr = (key: string) => attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
    const path = attr('path') ?? '/';
    const key = `${url.hostname} ${path} ${name}`;
    const expires = attr('expires');
    const gone = attr('max-age') === '0' || (expires !== undefined && new Date(expires).getTime() <= Date.now()) || value === '';
    if (gone) this.jar.delete(key);
    else this.jar.set(key, { name, value, path, host: url.hostname });
  }
}
