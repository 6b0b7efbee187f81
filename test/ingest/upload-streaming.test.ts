import { once } from 'node:events';
import { readdir, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { LoadQueue } from '../../src/ingest/load-queue.service.js';
import { LoadStatus } from '../../src/ingest/load-policy.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';
import { countRows, operator, STREET_HEADER, streetRow } from './ingest-helpers.js';

const MB = 1024 * 1024;
const LIMIT_MB = 48;
const BOUNDARY = 'csp-hub-test-boundary-7f3a9c';

/** police.uk street rows for one month, generated in blocks so the file never exists whole in memory. */
function* streetBlocks(rows: number, block = 2000): Generator<string> {
  for (let start = 0; start < rows; start += block) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(rows, start + block); i++) {
      lines.push(streetRow({ id: `c${i.toString(16).padStart(12, '0')}${'0'.repeat(52)}`, month: '2031-03', type: 'Burglary' }));
    }
    yield `${lines.join('\n')}\n`;
  }
}

const rowBytes = Buffer.byteLength(`${streetRow({ id: `c${'0'.repeat(64)}`, month: '2031-03', type: 'Burglary' })}\n`);
const headerBytes = Buffer.byteLength(`${STREET_HEADER}\n`);
const rowsFor = (megabytes: number) => Math.ceil((megabytes * MB - headerBytes) / rowBytes);

interface Reply {
  status: number;
  body: { id?: string; status?: string; error?: { code: string; message: string } };
}

/**
 * POSTs a multipart upload whose file part is produced lazily by `parts`, with chunked transfer
 * encoding (no Content-Length): the client, too, never holds the file. `midway.run` is awaited once,
 * with the request still open, after `midway.afterBytes` bytes of the file have been sent.
 */
async function streamUpload(
  url: string,
  token: string,
  fileName: string,
  parts: Iterable<string>,
  midway?: { afterBytes: number; run: () => Promise<void> },
): Promise<Reply> {
  const req = http.request(url, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`, 'Transfer-Encoding': 'chunked' },
  });
  const answered = once(req, 'response').then(async (args) => {
    const res = args[0] as http.IncomingMessage;
    let text = '';
    for await (const chunk of res) text += chunk;
    return { status: res.statusCode ?? 0, body: JSON.parse(text) } as Reply;
  });
  async function* body() {
    yield `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`;
    let sent = 0;
    let paused = false;
    for (const part of parts) {
      if (midway && !paused && sent >= midway.afterBytes) {
        paused = true;
        await midway.run();
      }
      sent += Buffer.byteLength(part);
      yield part;
    }
    yield `\r\n--${BOUNDARY}--\r\n`;
  }
  // A server that refuses part-way may close the connection while the body is still being sent.
  const sent = pipeline(Readable.from(body()), req).catch((err: NodeJS.ErrnoException) => {
    if (!['ECONNRESET', 'EPIPE', 'ERR_STREAM_WRITE_AFTER_END', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_PREMATURE_CLOSE'].includes(err.code ?? '')) throw err;
  });
  const [reply] = await Promise.all([answered, sent]);
  return reply;
}

/** The file: header, then rows made block by block as the upload asks for them. */
function* streetFile(rows: number): Generator<string> {
  yield `${STREET_HEADER}\n`;
  yield* streetBlocks(rows);
}

/** Files in the upload folder (none when it does not exist yet). */
async function uploads(dir: string): Promise<{ name: string; size: number }[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return Promise.all(names.map(async (name) => ({ name, size: (await stat(path.join(dir, name))).size })));
}

describe('uploads are streamed to disk, not buffered', () => {
  let hub: TestHub;
  let token: string;
  let url: string;

  beforeAll(async () => {
    hub = await createTestHub({ INGEST_MAX_FILE_MB: String(LIMIT_MB) });
    token = (await operator(hub)).token;
    const server = hub.app.getHttpServer() as http.Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/feeds/police-uk-street/loads`;
  });
  afterAll(() => hub?.close());

  it(`loads a 40 MB file (forty times the JSON body limit) written to the upload folder while it arrives`, async () => {
    const rows = rowsFor(40);
    const size = headerBytes + rows * rowBytes;
    expect(size).toBeGreaterThan(39 * MB);
    expect(size).toBeLessThan(LIMIT_MB * MB);
    let seenMidway = 0;
    const reply = await streamUpload(url, token, '2031-03-hampshire-street.csv', streetFile(rows), {
      afterBytes: 20 * MB,
      // 20 MB sent and the request still open: most of it must already be in a file in the upload folder.
      run: async () => {
        for (let tries = 0; tries < 600 && seenMidway < 10 * MB; tries++) {
          seenMidway = Math.max(0, ...(await uploads(hub.config.ingest.uploadDir)).map((f) => f.size));
          if (seenMidway < 10 * MB) await sleep(50);
        }
      },
    });
    expect(seenMidway).toBeGreaterThanOrEqual(10 * MB);
    expect(reply.status).toBe(202);
    expect(reply.body.status).toBe(LoadStatus.Queued);

    await hub.app.get(LoadQueue).whenIdle();
    const load = (await hub.http().get(`/api/loads/${reply.body.id}`).set('Authorization', `Bearer ${token}`)).body;
    expect(load.status).toBe(LoadStatus.Succeeded);
    expect(load.sizeBytes).toBe(size);
    expect([load.rowsRead, load.rowsLoaded, load.rowsRejected]).toEqual([rows, rows, 0]);
    expect(await countRows(hub, 'police-uk-street', '_load_id = $1', [load.id])).toBe(rows);
    expect(await uploads(hub.config.ingest.uploadDir)).toEqual([]);
  });

  it(`refuses a file over the ${LIMIT_MB} MB limit with 413, keeps no part of it and queues no load`, async () => {
    const loadsBefore = (await hub.http().get('/api/loads?feed=police-uk-street').set('Authorization', `Bearer ${token}`)).body.length;
    const reply = await streamUpload(url, token, '2031-04-hampshire-street.csv', streetFile(rowsFor(LIMIT_MB + 4)));
    expect(reply.status).toBe(413);
    expect(reply.body.error).toMatchObject({
      code: 'file_too_large',
      message: `The file is over the ${LIMIT_MB} MB limit for one load. Split it, e.g. by month.`,
    });
    expect(await uploads(hub.config.ingest.uploadDir)).toEqual([]);
    const loadsAfter = (await hub.http().get('/api/loads?feed=police-uk-street').set('Authorization', `Bearer ${token}`)).body.length;
    expect(loadsAfter).toBe(loadsBefore);
  });
});
