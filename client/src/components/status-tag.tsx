const COLOURS: Record<string, string> = {
  pending: 'yellow',
  queued: 'grey',
  running: 'blue',
  approved: 'green',
  succeeded: 'green',
  live: 'green',
  active: 'green',
  refused: 'red',
  failed: 'red',
  revoked: 'red',
  rolled_back: 'orange',
  suspended: 'orange',
  duplicate: 'purple',
  scheduled: 'blue',
};

/** A GOV.UK tag for a status word (`rolled_back` reads "rolled back"); unknown states are grey. */
export function StatusTag({ status, label }: { status: string; label?: string }) {
  const colour = COLOURS[status] ?? 'grey';
  return <strong class={`govuk-tag govuk-tag--${colour}`}>{label ?? status.replace(/_/g, ' ')}</strong>;
}
