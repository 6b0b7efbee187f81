import type { AuthUser } from '../auth/auth-user.js';
import { forbidden } from '../common/domain-error.js';

/**
 * Checks services make on resources a route cannot check from its path: an API token reaches only
 * its own feed or dataset. Callers signed in with a session pass untouched.
 */
export function requireFeedScope(caller: AuthUser | null | undefined, feed: { id: string; slug: string }): void {
  const token = caller?.apiToken;
  if (!token) return;
  if (token.kind !== 'feed_upload' || token.feedId !== feed.id) {
    throw forbidden('token_wrong_feed', token.kind === 'feed_upload' ? `This API token is for the feed "${token.feedSlug}" only, not "${feed.slug}".` : 'This API token is for queries, not feeds.');
  }
}

export function requireDatasetScope(caller: AuthUser | null | undefined, dataset: { id: string; slug: string }): void {
  const token = caller?.apiToken;
  if (!token) return;
  if (token.kind !== 'dataset_query' || token.datasetId !== dataset.id) {
    throw forbidden('token_wrong_dataset', token.kind === 'dataset_query' ? `This API token is for the dataset "${token.datasetSlug}" only, not "${dataset.slug}".` : 'This API token is for uploads to one feed, not queries.');
  }
}

/** The cross-partner view reads many datasets; a token reads one. */
export function refuseTokenForManyDatasets(caller: AuthUser): void {
  if (caller.apiToken) throw forbidden('token_wrong_dataset', 'An API token asks about its one dataset only; name it as "dataset" instead of "*".');
}
