import { open, stat } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Encoding } from '../mapping.js';
import iconv from 'iconv-lite';

/** A problem with the file itself: said to the operator as it is, and nothing is loaded. */
export class BadFileError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface FileInspection {
  size: number;
  /** The first record, as text. */
  header: string[];
  hasBom: boolean;
  zip: boolean;
}

const SAMPLE_BYTES = 256 * 1024;

/**
 * Looks at the start of a delimited file: refuses empty, binary and over-size files and reads the
 * header with the feed's delimiter, quote and encoding. Nothing here guesses a format silently.
 */
export async function inspectDelimited(
  path: string,
  options: { delimiter: string; quote: string; encoding: Encoding; maxBytes: number },
): Promise<FileInspection> {
  const { size, sample } = await readSample(path, options.maxBytes);
  if (isZip(sample)) {
    throw new BadFileError('file_binary', 'This is a spreadsheet or zip file, not a delimited text file; use a feed with the xlsx adapter, or save it as CSV.');
  }
  if (looksBinary(sample)) throw new BadFileError('file_binary', 'This is not a text file: it contains binary data.');
  const hasBom = sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf;
  let text: string;
  if (options.encoding === 'windows-1252' && hasBom) {
    throw new BadFileError('file_encoding', 'The file starts with a UTF-8 byte-order mark, so it is UTF-8, not Windows-1252: set the feed encoding to utf-8-bom.');
  }
  if (options.encoding === 'windows-1252') text = iconv.decode(sample, 'win1252');
  else {
    const cut = sample.length === size ? sample : trimPartialUtf8(sample);
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(cut);
    } catch {
      throw new BadFileError('file_encoding', 'The file is not valid UTF-8. If it was saved by Excel on Windows, set the feed encoding to windows-1252.');
    }
  }
  text = text.replace(/^\uFEFF/, '').replace(/^(\s*\r?\n)+/, '');
  if (text.trim() === '') throw new BadFileError('file_empty', 'The file has no content: it is empty or blank.');
  const header = firstRecord(text, options.delimiter, options.quote);
  if (header.length === 0 || header.every((h) => h.trim() === '')) throw new BadFileError('file_no_header', 'The first line of the file is not a header row.');
  return { size, header, hasBom, zip: false };
}

/** Size checks shared by all file kinds. */
export async function checkSize(path: string, maxBytes: number): Promise<number> {
  const { size } = await stat(path);
  if (size === 0) throw new BadFileError('file_empty', 'The file is empty (0 bytes).');
  if (size > maxBytes) {
    throw new BadFileError('file_too_large', `The file is ${mb(size)}, over the ${mb(maxBytes)} limit for one load. Split it, e.g. by month.`);
  }
  return size;
}

async function readSample(path: string, maxBytes: number): Promise<{ size: number; sample: Buffer }> {
  const size = await checkSize(path, maxBytes);
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(size, SAMPLE_BYTES));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return { size, sample: buffer.subarray(0, bytesRead) };
  } finally {
    await handle.close();
  }
}

export function isZip(b: Buffer): boolean {
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}

/** NUL bytes, or many control characters, mean binary. */
export function looksBinary(b: Buffer): boolean {
  let control = 0;
  const n = Math.min(b.length, 8192);
  for (let i = 0; i < n; i++) {
    const c = b[i];
    if (c === 0) return true;
    if (c < 9 || (c > 13 && c < 32)) control++;
  }
  return n > 0 && control / n > 0.05;
}

function trimPartialUtf8(b: Buffer): Buffer {
  let end = b.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const c = b[end - i];
    if ((c & 0xc0) === 0xc0) return b.subarray(0, end - i);
    if ((c & 0x80) === 0) break;
  }
  return b;
}

function firstRecord(text: string, delimiter: string, quote: string): string[] {
  const end = findRecordEnd(text, quote);
  const line = text.slice(0, end);
  try {
    const rows = parse(line, { delimiter, quote, relax_column_count: true, bom: true }) as string[][];
    return rows[0] ?? [];
  } catch (err) {
    throw new BadFileError('file_header', `The header row cannot be read: ${(err as Error).message}`);
  }
}

/** End of the first record, honouring quoted newlines. */
function findRecordEnd(text: string, quote: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === quote) quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) return i;
  }
  return text.length;
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/**
 * Trailing footer lines (e.g. "Exported 01/02/2024: 120 records"): non-blank lines at the very end
 * of a UTF-8 file holding no delimiter, when the header has several columns. At most three.
 */
export async function trailingFooterLines(path: string, delimiter: string, quote: string, width: number): Promise<string[]> {
  if (width < 2) return [];
  const { size } = await stat(path);
  const handle = await open(path, 'r');
  try {
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const lines = buffer.toString('utf8').split(/\r?\n/);
    while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
    const footers: string[] = [];
    for (let i = lines.length - 1; i > 0 && footers.length < 3; i--) {
      const line = lines[i];
      if (line.trim() === '') continue;
      if (line.includes(delimiter) || line.includes(quote)) break;
      footers.push(line.trim());
    }
    return footers;
  } finally {
    await handle.close();
  }
}
