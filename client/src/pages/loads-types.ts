import { useEffect } from 'preact/hooks';
import type { OwnedChoice } from '../components/owned-options.js';
import { ownedLabel } from '../format.js';

/** Shapes of the ingest API the Loads screens read (see src/ingest/ingest.dto.ts). */
export type LoadStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'rolled_back' | 'duplicate' | 'awaiting_confirmation' | 'discarded';

/** What a load covered, or its preview would: see src/ingest/load-coverage.sql.ts. */
export interface LoadCoverage {
  months: { month: string | null; rows: number; replaced: number }[];
  areas: { code: string | null; name: string | null; rows: number }[];
  fileMonth: string | null;
  monthMismatch: boolean;
  rejectReasons?: string[];
}

export interface LoadPage {
  loads: Load[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Feed {
  id: string;
  slug: string;
  title: string;
  adapter: string;
  policy: 'append' | 'replace-month' | 'upsert-by-key';
  dataset: { id: string; slug: string; title: string; ownerName: string };
  inboxDir: string | null;
  schedule: string | null;
  builtin: boolean;
  /** Every load of this feed waits for confirmation before publishing. */
  previewBeforePublish: boolean;
  updatedAt: string;
}

export interface Load {
  id: string;
  feed: string;
  dataset: string;
  file: string;
  status: LoadStatus;
  sha256: string | null;
  sizeBytes: number;
  source: string;
  operator: string | null;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  rowsReplaced: number;
  /** Rows left out because their record was erased (subject access erasure). */
  rowsErased: number;
  progress: { phase: string; percent: number };
  errorCode: string | null;
  error: string | null;
  duplicateOf: string | null;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  rolledBackAt: string | null;
  preview: boolean;
  coverage: LoadCoverage | null;
}

/** Loads still moving: their screens poll until they settle. */
export const isActive = (l: Pick<Load, 'status'>) => l.status === 'queued' || l.status === 'running';

/** What a new file does to the rows already loaded, as a sentence for the upload form. */
export const POLICY_SENTENCES: Record<Feed['policy'], string> = {
  append: 'Its rows are added to those already loaded.',
  'replace-month': 'Its rows replace those already loaded for the same months.',
  'upsert-by-key': 'Its rows replace those already loaded with the same key, and the rest are added.',
};

export const POLICY_LABELS: Record<Feed['policy'], string> = {
  append: 'Add rows',
  'replace-month': 'Replace the months in the file',
  'upsert-by-key': 'Replace rows with the same key',
};

/** What kind of file each adapter reads, in words. */
export const ADAPTER_LABELS: Record<string, string> = {
  'police-uk-street': 'police.uk street-level CSV',
  'police-uk-outcomes': 'police.uk outcomes CSV',
  'police-uk-stop-search': 'police.uk stop and search CSV',
  delimited: 'CSV or text, mapped columns',
  xlsx: 'Excel workbook, mapped columns',
};

export const adapterLabel = (adapter: string) => ADAPTER_LABELS[adapter] ?? adapter;

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export { formatCount } from '../format.js';

/** "ASB case export — Isle of Wight Council": a feed by its title and its dataset's owner. */
export const feedLabel = (f: Pick<Feed, 'title' | 'dataset'>) => ownedLabel({ title: f.title, ownerName: f.dataset.ownerName });

/** "ASB case records — Isle of Wight Council": the dataset a feed fills. */
export const feedDatasetLabel = (f: Pick<Feed, 'dataset'>) => ownedLabel(f.dataset);

/** A load's feed by its label, from the feeds list (the slug only while that list loads). */
export const feedName = (feeds: readonly Feed[] | null | undefined, slug: string) => {
  const feed = feeds?.find((f) => f.slug === slug);
  return feed ? feedLabel(feed) : slug;
};

/** Feeds as choices for a select, grouped by owner when the list is long. */
export const feedChoices = (feeds: readonly Feed[]): OwnedChoice[] => feeds.map((f) => ({ value: f.slug, label: feedLabel(f), owner: f.dataset.ownerName }));

/** How often lists and details refresh while a load is queued or running. */
export const POLL_MS = 2_000;

/** How often the loads list looks for new loads (from the inbox, the command line or another operator) when none is running. */
export const IDLE_POLL_MS = 5_000;

/** Re-runs `reload` every `everyMs` milliseconds; null stops it. */
export function usePolling(everyMs: number | null, reload: () => Promise<void>): void {
  useEffect(() => {
    if (everyMs === null) return;
    const timer = setInterval(() => void reload(), everyMs);
    return () => clearInterval(timer);
  }, [everyMs, reload]);
}
