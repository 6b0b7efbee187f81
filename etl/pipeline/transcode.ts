import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import iconv from 'iconv-lite';

/** SHA-256 of a file, streamed; `onBytes` reports progress. */
export async function sha256File(path: string, onBytes?: (n: number) => void): Promise<string> {
  const hash = createHash('sha256');
  let seen = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    seen += (chunk as Buffer).length;
    onBytes?.(seen);
  }
  return hash.digest('hex');
}

/** Rewrites a Windows-1252 file as UTF-8 (without BOM), streamed so memory stays flat. */
export async function windows1252ToUtf8(from: string, to: string): Promise<void> {
  await pipeline(createReadStream(from), iconv.decodeStream('win1252'), iconv.encodeStream('utf8'), createWriteStream(to));
}

/** Copies a UTF-8 file without its byte-order mark. */
export async function stripBom(from: string, to: string): Promise<void> {
  let first = true;
  const strip = new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (first) {
        first = false;
        if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
      }
      done(null, chunk);
    },
  });
  await pipeline(createReadStream(from), strip, createWriteStream(to));
}
