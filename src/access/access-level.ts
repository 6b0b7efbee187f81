/** How much of a dataset a caller may see, lowest first. */
export enum AccessLevel {
  /** Grouped counts only, small cells suppressed and counts rounded. */
  Aggregate = 'aggregate',
  /** Rows, paged and capped, without personal-data columns. */
  Record = 'record',
  /** Rows including personal-data columns. */
  Identifiable = 'identifiable',
}

export const ACCESS_LEVELS: readonly AccessLevel[] = [AccessLevel.Aggregate, AccessLevel.Record, AccessLevel.Identifiable];

/** Position of a level in the order aggregate < record < identifiable. */
export function levelRank(level: AccessLevel): number {
  return ACCESS_LEVELS.indexOf(level);
}

/** True when `level` is at least `minimum`. */
export function atLeast(level: AccessLevel | null, minimum: AccessLevel): boolean {
  return level !== null && levelRank(level) >= levelRank(minimum);
}
