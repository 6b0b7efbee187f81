import { useState } from 'preact/hooks';
import { DateInput, type DateParts, EMPTY_DATE, isBlank, isoOf, partsOf } from '../components/date-input.js';
import { ErrorSummary, type FieldError } from '../components/error-summary.js';
import { OwnedOptions } from '../components/owned-options.js';
import { Link, navigate, type Route } from '../router.js';
import { type Feed, feedChoices } from './loads-types.js';

const STATUSES: { value: string; label: string }[] = [
  { value: '', label: 'Any status' },
  { value: 'succeeded', label: 'Succeeded' },
  { value: 'awaiting_confirmation', label: 'Waiting for confirmation' },
  { value: 'failed', label: 'Failed' },
  { value: 'duplicate', label: 'Duplicate' },
  { value: 'rolled_back', label: 'Rolled back' },
  { value: 'discarded', label: 'Discarded' },
  { value: 'running', label: 'Running' },
  { value: 'queued', label: 'Queued' },
];

/** Feed, status and the days loads were sent, written to the URL (`/loads?feed=…&status=…&from=…&to=…`) so a view of the history can be bookmarked. */
export function HistoryFilters({ route, feeds }: { route: Route; feeds: Feed[] }) {
  const p = route.params;
  const [feed, setFeed] = useState(p.get('feed') ?? '');
  const [status, setStatus] = useState(p.get('status') ?? '');
  const [from, setFrom] = useState<DateParts>(p.get('from') ? partsOf(p.get('from')!) : EMPTY_DATE);
  const [to, setTo] = useState<DateParts>(p.get('to') ? partsOf(p.get('to')!) : EMPTY_DATE);
  const [errors, setErrors] = useState<FieldError[]>([]);

  const apply = (event: Event) => {
    event.preventDefault();
    const problems: FieldError[] = [];
    const fromIso = isBlank(from) ? '' : isoOf(from);
    const toIso = isBlank(to) ? '' : isoOf(to);
    if (fromIso === null) problems.push({ field: 'loads-from-day', message: 'Enter a real “from” date, for example 1 11 2026' });
    if (toIso === null) problems.push({ field: 'loads-to-day', message: 'Enter a real “to” date, for example 30 11 2026' });
    if (fromIso && toIso && fromIso > toIso) problems.push({ field: 'loads-to-day', message: 'The “to” date must be the same as or after the “from” date' });
    setErrors(problems);
    if (problems.length) return;
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ feed, status, from: fromIso ?? '', to: toIso ?? '' })) if (v) q.set(k, v);
    const search = q.toString();
    navigate(`/loads${search ? `?${search}` : ''}`);
  };
  const err = (field: string) => errors.find((e) => e.field === field)?.message;

  return (
    <form noValidate onSubmit={apply} aria-label="Filter the load history" class="govuk-!-margin-bottom-4">
      <ErrorSummary errors={errors} />
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-one-half">
          <div class="govuk-form-group">
            <label class="govuk-label govuk-label--s" for="loads-feed">
              Feed
            </label>
            <select class="govuk-select" id="loads-feed" value={feed} onChange={(e) => setFeed(e.currentTarget.value)}>
              <option value="">Any feed</option>
              <OwnedOptions choices={feedChoices(feeds)} />
            </select>
          </div>
          <div class="govuk-form-group">
            <label class="govuk-label govuk-label--s" for="loads-status">
              Status
            </label>
            <select class="govuk-select" id="loads-status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
              {STATUSES.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div class="govuk-grid-column-one-half">
          <DateInput id="loads-from" legend="Sent from" hint="On or after this day" value={from} onChange={setFrom} error={err('loads-from-day')} />
          <DateInput id="loads-to" legend="Sent to" hint="On or before this day" value={to} onChange={setTo} error={err('loads-to-day')} />
        </div>
      </div>
      <div class="govuk-button-group">
        <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
          Apply filters
        </button>
        <Link class="govuk-link" href="/loads">
          Clear filters
        </Link>
      </div>
    </form>
  );
}
