import { LoadQueue } from '../../../src/ingest/load-queue.service.js';
import type { TestHub } from '../../support/test-hub.js';

/** Uploads a file to a feed through the HTTP API as `email`, waits for the load to finish and returns it. */
export async function uploadThroughApi(hub: TestHub, email: string, feed: string, name: string, content: string): Promise<{ id: string; status: string }> {
  const token = await hub.login(email);
  const res = await hub.http().post(`/api/feeds/${feed}/loads`).set('Authorization', `Bearer ${token}`).attach('file', Buffer.from(content), name);
  if (res.status !== 201 && res.status !== 202) throw new Error(`Upload failed: ${res.status} ${JSON.stringify(res.body)}`);
  await hub.app.get(LoadQueue).whenIdle();
  const load = await hub.http().get(`/api/loads/${res.body.id}`).set('Authorization', `Bearer ${token}`);
  return load.body as { id: string; status: string };
}
