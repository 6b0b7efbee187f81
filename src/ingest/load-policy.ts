/** How a load's rows join the rows already published. */
export enum LoadPolicy {
  /** Add the rows. */
  Append = 'append',
  /** Replace every row of each month the file covers (police.uk republishes whole months). */
  ReplaceMonth = 'replace-month',
  /** Replace rows whose key matches a row in the file; add the rest. */
  UpsertByKey = 'upsert-by-key',
}

export enum LoadStatus {
  Queued = 'queued',
  Running = 'running',
  Succeeded = 'succeeded',
  Failed = 'failed',
  RolledBack = 'rolled_back',
  Duplicate = 'duplicate',
  /** Checked and previewed; waits for an operator to publish or discard it. */
  AwaitingConfirmation = 'awaiting_confirmation',
  /** Previewed and not published: the operator discarded it. */
  Discarded = 'discarded',
}

/** Where a load's file came from. */
export type LoadSource = 'upload' | 'cli' | 'inbox' | 'demo';

/** Adapters a feed can use: the three police.uk formats, generic delimited and XLSX with a mapping. */
export const ADAPTERS = ['police-uk-street', 'police-uk-outcomes', 'police-uk-stop-search', 'delimited', 'xlsx'] as const;
export type AdapterName = (typeof ADAPTERS)[number];
