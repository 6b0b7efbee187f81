import { createTestHub, type TestHub } from './support/test-hub.js';

describe('GET /api/health', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub();
  });
  afterAll(() => hub.close());

  it('is public and reports both stores up', async () => {
    const res = await hub.http().get('/api/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', postgres: { status: 'up' }, duckdb: { status: 'up' } });
    // Test hubs get a database of their own on a server; the embedded default: test/database/embedded-postgres.test.ts.
    expect(res.body.postgres.embedded).toBe(false);
  });

  it('sends security headers', async () => {
    const res = await hub.http().get('/api/health');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('refuses oversized bodies with a clear 413', async () => {
    const res = await hub.http().post('/api/auth/login').send({ email: 'a@b.test', password: 'x'.repeat(2 * 1024 * 1024) }).expect(413);
    expect(res.body.error).toEqual({ code: 'payload_too_large', message: 'The request is too large.' });
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const res = await hub.http().get('/api/no-such-thing').expect(404);
    expect(res.body.error.code).toBeDefined();
  });

  it('serves the OpenAPI document', async () => {
    const res = await hub.http().get('/api/docs/openapi.json').expect(200);
    expect(res.body.paths['/api/auth/login']).toBeDefined();
  });
});
