import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.js';
import { ApiError } from '../api/api-error.js';
import { session } from '../api/session.js';
import type { Me } from '../api/types.js';
import { Loading } from '../components/coming-soon.js';
import { PageError } from '../components/page-error.js';
import { DateInput, type DateParts, EMPTY_DATE, isBlank, isoOf } from '../components/date-input.js';
import { ErrorSummary, errorFor, type FieldError } from '../components/error-summary.js';
import { useResource } from '../components/use-resource.js';
import { Link, type Route } from '../router.js';
import { type AccessRequest, type Agreement, AREAS, areaNames, requestDataset, formatDate, type Level, LEVEL_LABELS } from './access-types.js';
import { OwnedOptions } from '../components/owned-options.js';
import { datasetLabel, type DatasetSummary, ownerName } from './catalogue.js';
import { useTitle } from './use-title.js';

type Catalogued = DatasetSummary & { title: string; access?: { level: string | null; basis?: string } };

/** Where an API error code belongs on the form. */
const FIELD_OF: Record<string, string> = {
  beyond_agreement: 'request-until-day',
  until_in_past: 'request-until-day',
  own_dataset: 'request-dataset',
  request_pending: 'request-dataset',
  agreement_not_in_force: 'request-agreement',
  agreement_not_covering: 'request-agreement',
};

/** The request form: dataset, level, areas, purpose, agreement, end date; a confirmation once sent. */
export function RequestAccessPage({ me, route }: { me: Me; route: Route }) {
  const datasets = useResource<Catalogued[]>('/api/datasets');
  const agreements = useResource<Agreement[]>('/api/governance/agreements');
  const [dataset, setDataset] = useState(route.params.get('dataset') ?? '');
  const [level, setLevel] = useState<Level | ''>('');
  const [areas, setAreas] = useState<string[]>([]);
  const [purpose, setPurpose] = useState('');
  const [agreementId, setAgreementId] = useState('');
  const [until, setUntil] = useState<DateParts>(EMPTY_DATE);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<AccessRequest | null>(null);
  // GOV.UK: a form with errors says so in the page title, which screen readers announce first.
  useTitle(errors.length ? 'Error: Request access' : 'Request access');

  if (sent) return <RequestSent request={sent} />;
  if (datasets.error || agreements.error)
    return <PageError title="Request access to a dataset" message={(datasets.error ?? agreements.error)!} back={{ href: '/access', label: 'Back to your requests' }} />;
  if (!datasets.data || !agreements.data) return <Loading what="Loading the form" />;

  const mine = me.user.organisation.slug;
  const choosable = datasets.data.filter((d) => d.access?.basis !== 'owner' && (typeof d.owner === 'string' ? d.owner : (d.owner as { slug?: string } | undefined)?.slug) !== mine);
  const usable = agreements.data.filter((a) => a.inForce && a.parties.some((p) => p.slug === mine) && (!dataset || a.datasets.some((d) => d.slug === dataset)));

  const submit = async (event: Event) => {
    event.preventDefault();
    const problems: FieldError[] = [];
    if (!dataset) problems.push({ field: 'request-dataset', message: 'Select the dataset you need' });
    if (!level) problems.push({ field: 'request-level-aggregate', message: 'Select the level of access you need' });
    if (!areas.length) problems.push({ field: 'request-area-all', message: 'Select at least one area' });
    if (purpose.trim().length < 10) problems.push({ field: 'request-purpose', message: 'Say in at least 10 characters what you need the data for' });
    if (!agreementId) problems.push({ field: 'request-agreement', message: 'Select the information sharing agreement the access rests on' });
    const untilIso = isoOf(until);
    if (isBlank(until)) problems.push({ field: 'request-until-day', message: 'Enter the date the access should end' });
    else if (!untilIso) problems.push({ field: 'request-until-day', message: 'The end date must be a real date, for example 31 3 2027' });
    else if (new Date(`${untilIso}T23:59:59Z`) <= new Date()) problems.push({ field: 'request-until-day', message: 'The end date must be in the future' });
    setErrors(problems);
    if (problems.length || !untilIso) return;
    setBusy(true);
    try {
      const body = { dataset, level, areas, purpose: purpose.trim(), agreementId, until: new Date(`${untilIso}T23:59:59Z`).toISOString() };
      setSent(await session.request<AccessRequest>('POST', '/api/governance/access-requests', body));
    } catch (err) {
      const code = err instanceof ApiError ? err.code : '';
      setErrors([{ field: FIELD_OF[code], message: messageOf(err) }]);
    } finally {
      setBusy(false);
    }
  };

  const toggleArea = (code: string, on: boolean) => {
    if (code === 'all') setAreas(on ? ['all'] : []);
    else setAreas(on ? [...areas.filter((a) => a !== 'all'), code] : areas.filter((a) => a !== code));
  };
  const err = (field: string) => errorFor(errors, field);

  return (
    <form noValidate onSubmit={submit} class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 class="govuk-heading-l">Request access to a dataset</h1>
        <p class="govuk-body">The data owner, the Information Management Board (IMB) or both decide, depending on how sensitive the data is. You will get a notification, and the decision shows on your requests.</p>

        <Field id="request-dataset" label="Dataset" error={err('request-dataset')}>
          <select
            class={`govuk-select${err('request-dataset') ? ' govuk-select--error' : ''}`}
            id="request-dataset"
            aria-describedby={described('request-dataset', undefined, err('request-dataset'))}
            value={dataset}
            onChange={(e) => {
              setDataset(e.currentTarget.value);
              setAgreementId('');
            }}
          >
            <option value="">Select a dataset</option>
            <OwnedOptions choices={choosable.map((d) => ({ value: d.slug, label: `${datasetLabel(d)}${d.access?.level ? ` (you have ${d.access.level})` : ''}`, owner: ownerName(d) }))} />
          </select>
        </Field>

        <Choices legend="Level of access" id="request-level" error={err('request-level-aggregate')}>
          <div class="govuk-radios" data-module="govuk-radios">
            {(Object.keys(LEVEL_LABELS) as Level[]).map((l) => (
              <div class="govuk-radios__item" key={l}>
                <input class="govuk-radios__input" id={`request-level-${l}`} name="level" type="radio" value={l} checked={level === l} onChange={() => setLevel(l)} />
                <label class="govuk-label govuk-radios__label" for={`request-level-${l}`}>
                  {LEVEL_LABELS[l]}
                </label>
              </div>
            ))}
          </div>
        </Choices>

        <Choices legend="Areas" id="request-areas" hint="Ask only for the areas you need." error={err('request-area-all')}>
          <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
            {[{ code: 'all', name: 'All of Hampshire and the Isle of Wight' }, ...AREAS].map((a) => (
              <div class="govuk-checkboxes__item" key={a.code}>
                <input
                  class="govuk-checkboxes__input"
                  id={`request-area-${a.code}`}
                  type="checkbox"
                  checked={areas.includes(a.code)}
                  disabled={a.code !== 'all' && areas.includes('all')}
                  onChange={(e) => toggleArea(a.code, e.currentTarget.checked)}
                />
                <label class="govuk-label govuk-checkboxes__label" for={`request-area-${a.code}`}>
                  {a.name}
                </label>
              </div>
            ))}
          </div>
        </Choices>

        <Field id="request-purpose" label="What do you need the data for?" hint="Be specific: the approvers check this against the agreement’s purpose." error={err('request-purpose')}>
          <textarea class={`govuk-textarea${err('request-purpose') ? ' govuk-textarea--error' : ''}`} id="request-purpose" aria-describedby={described('request-purpose', 'hint', err('request-purpose'))} rows={4} value={purpose} onInput={(e) => setPurpose(e.currentTarget.value)} />
        </Field>

        <Field
          id="request-agreement"
          label="Information sharing agreement"
          hint={dataset && usable.length === 0 ? 'No agreement in force covers this dataset and your organisation. Ask the IMB about one.' : 'Only agreements in force that cover the dataset and your organisation are listed.'}
          error={err('request-agreement')}
        >
          <select class={`govuk-select${err('request-agreement') ? ' govuk-select--error' : ''}`} id="request-agreement" aria-describedby={described('request-agreement', 'hint', err('request-agreement'))} value={agreementId} onChange={(e) => setAgreementId(e.currentTarget.value)}>
            <option value="">Select an agreement</option>
            {usable.map((a) => (
              <option key={a.id} value={a.id}>
                {a.title} (ends {formatDate(a.endsAt)})
              </option>
            ))}
          </select>
        </Field>

        <DateInput id="request-until" legend="Access until" hint="Not after the agreement ends. For example, 31 3 2027" value={until} onChange={setUntil} error={err('request-until-day')} />

        <div class="govuk-button-group">
          <button type="submit" class="govuk-button" data-module="govuk-button" disabled={busy}>
            Send request
          </button>
          <Link class="govuk-link" href="/access">
            Cancel
          </Link>
        </div>
      </div>
    </form>
  );
}

function RequestSent({ request }: { request: AccessRequest }) {
  return (
    <>
      <div class="govuk-panel govuk-panel--confirmation">
        <h1 class="govuk-panel__title">Request sent</h1>
        <div class="govuk-panel__body">
          {request.level} access to {requestDataset(request)}
        </div>
      </div>
      <h2 class="govuk-heading-m">What happens next</h2>
      <p class="govuk-body">
        {request.approvalRule === 'both'
          ? 'Both the data owner and the IMB must approve it.'
          : request.approvalRule === 'either'
            ? 'The data owner or the IMB will decide.'
            : request.approvalRule === 'imb'
              ? 'The IMB will decide.'
              : 'The data owner will decide.'}{' '}
        You will get a notification when they do. Access for {areaNames(request.areas)} would last until {formatDate(request.until)}.
      </p>
      <p class="govuk-body">
        <Link href="/access">See your requests</Link>
      </p>
    </>
  );
}

/** A labelled control; the control itself sets `aria-describedby={described(id, hint, error)}`. */
function Field({ id, label, hint, error, children }: { id: string; label: string; hint?: string; error?: string; children: preact.ComponentChildren }) {
  return (
    <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label class="govuk-label govuk-label--s" for={id}>
        {label}
      </label>
      {hint && (
        <div class="govuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <p class="govuk-error-message" id={`${id}-error`}>
          <span class="govuk-visually-hidden">Error:</span> {error}
        </p>
      )}
      {children}
    </div>
  );
}

const described = (id: string, hint?: string, error?: string) => [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

function Choices({ id, legend, hint, error, children }: { id: string; legend: string; hint?: string; error?: string; children: preact.ComponentChildren }) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <fieldset class="govuk-fieldset" aria-describedby={describedBy}>
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        {hint && (
          <div class="govuk-hint" id={`${id}-hint`}>
            {hint}
          </div>
        )}
        {error && (
          <p class="govuk-error-message" id={`${id}-error`}>
            <span class="govuk-visually-hidden">Error:</span> {error}
          </p>
        )}
        {children}
      </fieldset>
    </div>
  );
}
