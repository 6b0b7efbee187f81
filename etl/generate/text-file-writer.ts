import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import iconv from 'iconv-lite';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'windows-1252';

const FLUSH_AT = 256 * 1024;

/**
 * Writes lines to a file through a small buffer, honouring back-pressure so memory stays flat
 * however many rows are written. Encodes as UTF-8 (optionally with a BOM) or Windows-1252.
 */
export class TextFileWriter {
  private readonly stream: WriteStream;
  private parts: string[] = [];
  private pending = 0;
  private lineCount = 0;

  constructor(
    readonly file: string,
    private readonly encoding: TextEncoding = 'utf-8',
    private readonly eol: '\n' | '\r\n' = '\n',
  ) {
    this.stream = createWriteStream(file);
    if (encoding === 'utf-8-bom') this.stream.write('\uFEFF');
  }

  /** Adds a line; returns true when the buffer is full and `flush()` should be awaited. */
  line(text: string): boolean {
    this.parts.push(text, this.eol);
    this.pending += text.length + 1;
    this.lineCount++;
    return this.pending >= FLUSH_AT;
  }

  get lines(): number {
    return this.lineCount;
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.pending = 0;
    const chunk = this.encoding === 'windows-1252' ? iconv.encode(text, 'win1252') : text;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}
