import { nodeVersionWarning } from '../../src/config/node-version.js';

/** What the hub's entry points print first on stderr on this Node.js: the end-of-life warning, or nothing. */
export function nodeWarningLines(): string {
  const warning = nodeVersionWarning();
  return warning ? `${warning}\n` : '';
}

/** A child process's stderr after the end-of-life warning (none on Node 22 and later). */
export function afterNodeWarning(stderr: string): string {
  const lines = nodeWarningLines();
  return lines && stderr.startsWith(lines) ? stderr.slice(lines.length) : stderr;
}
