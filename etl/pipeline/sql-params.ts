import type { DuckDBValue } from '@duckdb/node-api';

/** Collects bound values for one statement and hands out their `$n` placeholders. */
export class SqlParams {
  readonly values: DuckDBValue[] = [];

  /** The placeholder for a value bound to the statement. */
  bind(value: DuckDBValue): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Quotes an identifier that came from a declared schema (never from a file or a request). */
export function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Refusing to quote identifier ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/** A string literal for values DuckDB will not take as parameters (file paths, strptime formats). */
export function literal(value: string): string {
  if (value.includes('\0')) throw new Error('NUL in SQL literal');
  return `'${value.replace(/'/g, "''")}'`;
}
