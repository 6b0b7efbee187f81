import { useEffect, useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.js';
import { session } from '../api/session.js';
import { Banner, LoadError, Loading } from '../components/coming-soon.js';
import { PageError } from '../components/page-error.js';
import { DownloadButton } from '../components/download-button.js';
import { DateInput, type DateParts, EMPTY_DATE, isBlank, isoOf } from '../components/date-input.js';
import { ErrorSummary, type FieldError } from '../components/error-summary.js';
import { StatusTag } from '../components/status-tag.js';
import { useResource } from '../components/use-resource.js';
import { type Names, useNames } from './access-names.js';
import { type AccessReview, areaNames, formatDate, type Level, LEVEL_NAMES, type ReviewRow } from './access-types.js';
import { useTitle } from './use-title.js';
import { plural } from '../format.js';
import { Link, type Route, setParams } from '../router.js';
import { REVOKE_EFFECT } from './access-grants.js';

const SORTS: { value: string; label: string }[] = [
  { value: '', label: 'As reviewed (newest grant first)' },
  { value: 'expires', label: 'Expiry, soonest first' },
  { value: '-expires', label: 'Expiry, latest first' },
  { value: 'grantee', label: 'Grantee, A to Z' },
  { value: 'dataset', label: 'Dataset, A to Z' },
  { value: '-level', label: 'Level, identifiable first' },
  { value: 'lastUsed', label: 'Last used, longest ago first' },
];
const FILTER_KEYS = ['q', 'dataset', 'level', 'flag', 'expiresBefore', 'sort'] as const;

/**
 * The periodic access review: every live grant with its highlights, searched, filtered and sorted
 * by the API (the filters live in the URL, so a review can be bookmarked), CSV export of what is
 * shown, bulk recertification and bulk revocation.
 */
export function AccessReviewPage({ route }: { route: Route }) {
  useTitle('Access review');
  const names = useNames();
  const query = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = route.params.get(k);
    if (v) query.set(k, v);
  }
  const qs = query.toString();
  const review = useResource<AccessReview>(`/api/governance/access-review${qs ? `?${qs}` : ''}`);
  const [selected, setSelected] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);
  // A grant the filters now hide is never changed unseen.
  useEffect(() => setSelected([]), [qs]);

  if (review.error && !review.data) return <PageError title="Access review" message={review.error} />;
  if (!review.data) return <Loading what="Preparing the access review" />;
  const r = review.data;
  const toggle = (id: string, on: boolean) => setSelected(on ? [...selected, id] : selected.filter((s) => s !== id));
  const allLive = r.grants.filter((g) => g.status === 'live').map((g) => g.grantId);

  return (
    <>
      <h1 class="govuk-heading-l">Access review</h1>
      {done && (
        <Banner success title="Access review recorded">
          <p class="govuk-notification-banner__heading" data-testid="recertified-banner">
            {done}
          </p>
        </Banner>
      )}
      <p class="govuk-body">
        Generated {formatDate(r.generatedAt)}. Grants are flagged when unused for {r.thresholds.unusedDays} days, ending within {r.thresholds.expiringDays} days, or held by
        someone who has not signed in for {r.thresholds.inactiveDays} days.
      </p>
      <dl class="govuk-summary-list govuk-!-width-two-thirds" data-testid="review-summary">
        <Count label="Live grants" value={r.summary.live} />
        <Count label="Unused" value={r.summary.unused} />
        <Count label="Expiring soon" value={r.summary.expiringSoon} />
        <Count label="Grantee inactive" value={r.summary.granteeInactive} />
        <Count label="Inactive accounts" value={r.summary.inactiveAccounts} />
      </dl>
      <DownloadButton path={`/api/governance/access-review/export${qs ? `?${qs}` : ''}`} fileName="access-review.csv">
        {qs ? 'Export these grants as CSV' : 'Export the review as CSV'}
      </DownloadButton>
      <ReviewFilters route={route} names={names} datasets={[...new Set(r.grants.map((g) => g.dataset))]} />
      {review.error && <LoadError message={review.error} />}

      <div class="app-table-scroll" tabIndex={0} role="region" aria-label="Grants under review">
        <table class="govuk-table" data-testid="review-grants">
          <caption class="govuk-table__caption govuk-table__caption--m" data-testid="review-caption">
            {qs ? `${plural(r.matched, 'grant')} ${r.matched === 1 ? 'matches' : 'match'}` : plural(r.grants.length, 'grant')}
          </caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">
                <span class="govuk-visually-hidden">Select</span>
              </th>
              <th scope="col" class="govuk-table__header">Grantee</th>
              <th scope="col" class="govuk-table__header">Dataset, level, areas</th>
              <th scope="col" class="govuk-table__header">Approved by</th>
              <th scope="col" class="govuk-table__header">Expires</th>
              <th scope="col" class="govuk-table__header">Last used</th>
              <th scope="col" class="govuk-table__header">Flags</th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {r.grants.map((g) => (
              <ReviewLine key={g.grantId} g={g} names={names} checked={selected.includes(g.grantId)} onToggle={(on) => toggle(g.grantId, on)} />
            ))}
          </tbody>
        </table>
      </div>
      {allLive.length > 0 && (
        <p class="govuk-body">
          <button type="button" class="govuk-button govuk-button--secondary" onClick={() => setSelected(selected.length === allLive.length ? [] : allLive)}>
            {selected.length === allLive.length ? 'Clear the selection' : 'Select every live grant'}
          </button>
        </p>
      )}
      <Recertify
        selected={selected}
        onDone={async (message) => {
          setDone(message);
          setSelected([]);
          await review.reload();
        }}
      />

      <h2 class="govuk-heading-m">Inactive accounts</h2>
      {r.inactiveAccounts.length === 0 ? (
        <p class="govuk-body">Every enabled account has signed in recently.</p>
      ) : (
        <table class="govuk-table" data-testid="inactive-accounts">
          <caption class="govuk-visually-hidden">Enabled accounts with no recent sign-in</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Account</th>
              <th scope="col" class="govuk-table__header">Organisation</th>
              <th scope="col" class="govuk-table__header">Last signed in</th>
              <th scope="col" class="govuk-table__header govuk-table__header--numeric">Live grants</th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {r.inactiveAccounts.map((a) => (
              <tr class="govuk-table__row" key={a.userId}>
                <td class="govuk-table__cell">{a.email}</td>
                <td class="govuk-table__cell">{a.organisation}</td>
                <td class="govuk-table__cell">{a.lastSignInAt ? formatDate(a.lastSignInAt) : 'Never'}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{a.liveGrants}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function Count({ label, value }: { label: string; value: number }) {
  return (
    <div class="govuk-summary-list__row">
      <dt class="govuk-summary-list__key">{label}</dt>
      <dd class="govuk-summary-list__value">{value}</dd>
    </div>
  );
}

function ReviewLine({ g, checked, onToggle, names }: { g: ReviewRow; checked: boolean; onToggle: (on: boolean) => void; names: Names }) {
  const id = `review-${g.grantId}`;
  const who = g.granteeUser ?? names.organisation(g.granteeOrganisation) ?? 'unknown';
  return (
    <tr class="govuk-table__row">
      <td class="govuk-table__cell">
        {g.status === 'live' && (
          <div class="govuk-checkboxes govuk-checkboxes--small">
            <div class="govuk-checkboxes__item">
              <input class="govuk-checkboxes__input" id={id} type="checkbox" checked={checked} onChange={(e) => onToggle(e.currentTarget.checked)} />
              <label class="govuk-label govuk-checkboxes__label" for={id}>
                <span class="govuk-visually-hidden">
                  Select {who}, {names.dataset(g.dataset)}
                </span>
              </label>
            </div>
          </div>
        )}
      </td>
      <td class="govuk-table__cell">
        {who}
        {g.granteeUser && g.granteeOrganisation && <span class="govuk-body-s"> ({names.organisation(g.granteeOrganisation)})</span>}
      </td>
      <td class="govuk-table__cell">
        {names.dataset(g.dataset)}, {LEVEL_NAMES[g.level].toLowerCase()}
        <br />
        <span class="govuk-body-s">{areaNames(g.areas)}</span>
      </td>
      <td class="govuk-table__cell govuk-body-s">{g.approvers.join(', ') || '—'}</td>
      <td class="govuk-table__cell">{formatDate(g.expiresAt)}</td>
      <td class="govuk-table__cell">{g.lastUsedAt ? formatDate(g.lastUsedAt) : 'Never'}</td>
      <td class="govuk-table__cell">
        {g.status !== 'live' && <StatusTag status={g.status} />}
        {g.unused && <strong class="govuk-tag govuk-tag--grey">Unused</strong>}
        {g.expiringSoon && <strong class="govuk-tag govuk-tag--orange">Expiring soon</strong>}
        {g.granteeInactive && <strong class="govuk-tag govuk-tag--red">Grantee inactive</strong>}
      </td>
    </tr>
  );
}

function Recertify({ selected, onDone }: { selected: string[]; onDone: (message: string) => Promise<void> }) {
  const [action, setAction] = useState<'extend' | 'end'>('extend');
  const [until, setUntil] = useState<DateParts>(EMPTY_DATE);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const problems: FieldError[] = [];
    if (!selected.length) problems.push({ message: 'Select at least one grant in the table' });
    const untilIso = isoOf(until);
    if (action === 'extend' && isBlank(until)) problems.push({ field: 'recertify-until-day', message: 'Enter the date the access should now end' });
    else if (action === 'extend' && !untilIso) problems.push({ field: 'recertify-until-day', message: 'The new end date must be a real date, for example 31 3 2027' });
    if (reason.trim().length < 3) problems.push({ field: 'recertify-reason', message: 'Say why, for example “quarterly access review”' });
    setErrors(problems);
    if (problems.length) return;
    setBusy(true);
    try {
      if (action === 'end') {
        const result = await session.request<{ revoked: number }>('POST', '/api/governance/grants/revoke', { grantIds: selected, reason: reason.trim() });
        await onDone(`${plural(result.revoked, 'grant')} revoked. ${REVOKE_EFFECT}`);
      } else {
        const items = selected.map((grantId) => ({ grantId, action, until: new Date(`${untilIso}T23:59:59Z`).toISOString() }));
        const result = await session.request<{ extended: number }>('POST', '/api/governance/access-review/recertify', { items, reason: reason.trim() });
        await onDone(`${plural(result.extended, 'grant')} extended to ${formatDate(`${untilIso}T12:00:00Z`)}.`);
      }
      setReason('');
    } catch (err) {
      setErrors([{ message: messageOf(err) }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form noValidate onSubmit={submit} aria-labelledby="recertify-heading">
      <h2 class="govuk-heading-m" id="recertify-heading">
        Recertify the selected grants ({selected.length})
      </h2>
      <ErrorSummary errors={errors} />
      <div class="govuk-form-group">
        <fieldset class="govuk-fieldset">
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Decision</legend>
          <div class="govuk-radios govuk-radios--small" data-module="govuk-radios">
            <div class="govuk-radios__item">
              <input class="govuk-radios__input" id="recertify-extend" type="radio" name="recertify-action" checked={action === 'extend'} onChange={() => setAction('extend')} />
              <label class="govuk-label govuk-radios__label" for="recertify-extend">
                Keep, until a new date
              </label>
            </div>
            <div class="govuk-radios__item">
              <input class="govuk-radios__input" id="recertify-end" type="radio" name="recertify-action" checked={action === 'end'} onChange={() => setAction('end')} />
              <label class="govuk-label govuk-radios__label" for="recertify-end">
                Revoke now
              </label>
              <div class="govuk-hint govuk-radios__hint">{REVOKE_EFFECT}</div>
            </div>
          </div>
        </fieldset>
      </div>
      {action === 'extend' && (
        <DateInput id="recertify-until" legend="New end date" hint="Not after the agreement ends. For example, 31 3 2027" value={until} onChange={setUntil} error={errors.find((e) => e.field === 'recertify-until-day')?.message} />
      )}
      <div class={`govuk-form-group${errors.some((e) => e.field === 'recertify-reason') ? ' govuk-form-group--error' : ''}`}>
        <label class="govuk-label govuk-label--s" for="recertify-reason">
          Reason
        </label>
        <div class="govuk-hint" id="recertify-reason-hint">
          Recorded in the audit log with every change. All selected grants change, or none do.
        </div>
        <input class="govuk-input govuk-!-width-two-thirds" id="recertify-reason" type="text" value={reason} aria-describedby="recertify-reason-hint" onInput={(e) => setReason(e.currentTarget.value)} />
      </div>
      <button type="submit" class={`govuk-button${action === 'end' ? ' govuk-button--warning' : ''}`} data-module="govuk-button" disabled={busy}>
        {action === 'end' ? 'Revoke the selected grants' : 'Extend the selected grants'}
      </button>
    </form>
  );
}

/** Search, filters and sort, written to the URL (the API does the filtering). */
function ReviewFilters({ route, names, datasets }: { route: Route; names: Names; datasets: string[] }) {
  const p = route.params;
  const [q, setQ] = useState(p.get('q') ?? '');
  const set = (key: string, value: string) => setParams({ [key]: value || null });
  const any = FILTER_KEYS.some((k) => p.get(k));
  const dataset = p.get('dataset') ?? '';
  const choices = dataset && !datasets.includes(dataset) ? [...datasets, dataset] : datasets;
  return (
    <form
      class="govuk-!-margin-bottom-4"
      role="search"
      aria-label="Search and filter the grants"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        set('q', q.trim());
      }}
    >
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-one-half">
          <div class="govuk-form-group">
            <label class="govuk-label govuk-label--s" for="review-q">
              Search
            </label>
            <div class="govuk-hint" id="review-q-hint">
              Grantee, organisation, dataset, purpose or agreement
            </div>
            <input class="govuk-input" id="review-q" type="search" value={q} aria-describedby="review-q-hint" onInput={(e) => setQ(e.currentTarget.value)} />
          </div>
          <button type="submit" class="govuk-button govuk-button--secondary">
            Search
          </button>
        </div>
        <div class="govuk-grid-column-one-half">
          <Select id="review-dataset" label="Dataset" value={dataset} onChange={(v) => set('dataset', v)} options={[{ value: '', label: 'Any dataset' }, ...choices.map((d) => ({ value: d, label: names.dataset(d) }))]} />
          <Select
            id="review-level"
            label="Level"
            value={p.get('level') ?? ''}
            onChange={(v) => set('level', v)}
            options={[{ value: '', label: 'Any level' }, ...(['aggregate', 'record', 'identifiable'] as Level[]).map((l) => ({ value: l, label: LEVEL_NAMES[l] }))]}
          />
          <Select
            id="review-flag"
            label="Flag"
            value={p.get('flag') ?? ''}
            onChange={(v) => set('flag', v)}
            options={[
              { value: '', label: 'Any' },
              { value: 'unused', label: 'Unused' },
              { value: 'expiringSoon', label: 'Expiring soon' },
              { value: 'granteeInactive', label: 'Grantee inactive' },
            ]}
          />
          <Select id="review-sort" label="Sort by" value={p.get('sort') ?? ''} onChange={(v) => set('sort', v)} options={SORTS} />
        </div>
      </div>
      {any && (
        <p class="govuk-body">
          <Link class="govuk-link" href="/access/review">
            Clear the search and filters
          </Link>
        </p>
      )}
    </form>
  );
}

function Select({ id, label, value, onChange, options }: { id: string; label: string; value: string; onChange: (v: string) => void; options: { value: string; label: string }[] }) {
  return (
    <div class="govuk-form-group govuk-!-margin-bottom-3">
      <label class="govuk-label govuk-label--s" for={id}>
        {label}
      </label>
      <select class="govuk-select" id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
