import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import iconv from 'iconv-lite';

/**
 * SHA-256 of a file, read in 4 MB pieces into one reused buffer. A read stream of 1 MB chunks spent
 * three times the CPU of the hash itself (0.53 s against 0.17 s for a 227 MB police.uk month),
 * CPU that a load running beside it in DuckDB needs.
 */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
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
