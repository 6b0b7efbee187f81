/** What the example needs of a token just made. */
export interface NewToken {
  secret: string;
  token: { kind: 'feed_upload' | 'dataset_query'; feed: string | null; dataset: string | null };
}

/**
 * The example a partner's IT team can paste into their nightly job (or BI tool's set-up): the
 * secret in a variable, so the command itself can be kept in scripts and logs without it.
 */
export function curlExample(created: NewToken, origin: string): string {
  const head = [`export CSP_HUB_TOKEN='${created.secret}'`, `curl --fail-with-body \\`, `  -H "Authorization: Bearer $CSP_HUB_TOKEN" \\`];
  if (created.token.kind === 'feed_upload') return [...head, `  -F "file=@export.csv" \\`, `  ${origin}/api/feeds/${created.token.feed}/loads`].join('\n');
  const spec = JSON.stringify({ dataset: created.token.dataset, measures: ['count'], groupBy: ['month'] });
  return [...head, `  -H "Content-Type: application/json" -H "Accept: text/csv" \\`, `  -d '${spec}' \\`, `  ${origin}/api/query`].join('\n');
}
