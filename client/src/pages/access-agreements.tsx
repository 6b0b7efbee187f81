import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.js';
import { session } from '../api/session.js';
import type { Me, Organisation } from '../api/types.js';
import { Banner, LoadError, Loading } from '../components/coming-soon.js';
import { DateInput, type DateParts, isoOf, partsOf } from '../components/date-input.js';
import { ErrorSummary, errorFor, type FieldError } from '../components/error-summary.js';
import { StatusTag } from '../components/status-tag.js';
import { TextInput } from '../components/text-input.js';
import { useResource } from '../components/use-resource.js';
import type { Agreement } from './access-types.js';
import { formatDate } from './access-types.js';
import { datasetChoices, type DatasetSummary } from './catalogue.js';
import { useNames } from './access-names.js';
import { groupByOwner } from '../format.js';
import { Link, type Route } from '../router.js';
import { useTitle } from './use-title.js';

/** Information sharing agreements: every one for the IMB (who create them), the caller's own for others. */
export function AccessAgreementsPage({ me, route }: { me: Me; route: Route }) {
  useTitle('Agreements');
  const agreements = useResource<Agreement[]>('/api/governance/agreements');
  // `?agreement=<id>` (a request's link to its agreement) shows that one agreement.
  const only = route.params.get('agreement');
  const shown = only ? (agreements.data ?? []).filter((a) => a.id === only) : (agreements.data ?? []);
  const [created, setCreated] = useState<string | null>(null);
  const manage = me.permissions.includes('agreements.manage');
  const names = useNames();
  return (
    <>
      <h1 class="govuk-heading-l">Information sharing agreements</h1>
      {created && (
        <Banner success title="Agreement created">
          <p class="govuk-notification-banner__heading">“{created}” is recorded. Analysts of its parties can now ask for access under it.</p>
        </Banner>
      )}
      {agreements.error && <LoadError message={agreements.error} />}
      {!agreements.data && !agreements.error && <Loading what="Loading agreements" />}
      {agreements.data && agreements.data.length === 0 && <p class="govuk-body">There are no agreements your organisation is party to.</p>}
      {only && agreements.data && (
        <p class="govuk-body">
          {shown.length ? 'Showing one agreement.' : 'That agreement is not one you can see.'}{' '}
          <Link class="govuk-link" href="/access/agreements">
            Show every agreement
          </Link>
        </p>
      )}
      {agreements.data && shown.length > 0 && (
        <table class="govuk-table" data-testid="agreements">
          <caption class="govuk-visually-hidden">Agreements</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Agreement</th>
              <th scope="col" class="govuk-table__header">Parties</th>
              <th scope="col" class="govuk-table__header">Datasets</th>
              <th scope="col" class="govuk-table__header">Dates</th>
              <th scope="col" class="govuk-table__header">Status</th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {shown.map((a) => (
              <tr class="govuk-table__row" key={a.id} id={`agreement-${a.id}`}>
                <td class="govuk-table__cell">
                  <strong>{a.title}</strong>
                  <p class="govuk-body-s govuk-!-margin-bottom-1">{a.purpose}</p>
                  <p class="govuk-body-s govuk-!-margin-bottom-0">Lawful basis: {a.lawfulBasis}</p>
                </td>
                <td class="govuk-table__cell">{a.parties.map((p) => p.name).join(', ')}</td>
                <td class="govuk-table__cell">{a.datasets.map((d) => names.dataset(d.slug)).join('; ') || 'None yet'}</td>
                <td class="govuk-table__cell govuk-body-s">
                  From {formatDate(a.startsAt)}
                  <br />
                  Review {formatDate(a.reviewAt)}
                  <br />
                  Ends {formatDate(a.endsAt)}
                </td>
                <td class="govuk-table__cell">
                  <StatusTag status={a.inForce ? 'active' : a.status} label={a.inForce ? 'in force' : a.status} />
                  {a.reviewDue && <strong class="govuk-tag govuk-tag--orange govuk-!-margin-top-1">review due</strong>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {manage && (
        <CreateAgreementForm
          onCreated={async (title) => {
            setCreated(title);
            await agreements.reload();
          }}
        />
      )}
    </>
  );
}

const isoDate = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

function CreateAgreementForm({ onCreated }: { onCreated: (title: string) => Promise<void> }) {
  const organisations = useResource<Organisation[]>('/api/organisations');
  const datasets = useResource<(DatasetSummary & { title: string })[]>('/api/datasets');
  const [title, setTitle] = useState('');
  const [purpose, setPurpose] = useState('');
  const [lawfulBasis, setLawfulBasis] = useState('');
  const [parties, setParties] = useState<string[]>([]);
  const [covered, setCovered] = useState<string[]>([]);
  const [startsAt, setStartsAt] = useState<DateParts>(partsOf(isoDate(0)));
  const [reviewAt, setReviewAt] = useState<DateParts>(partsOf(isoDate(365)));
  const [endsAt, setEndsAt] = useState<DateParts>(partsOf(isoDate(730)));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const problems: FieldError[] = [];
    if (title.trim().length < 3) problems.push({ field: 'agreement-title', message: 'Enter a title of at least 3 characters' });
    if (purpose.trim().length < 3) problems.push({ field: 'agreement-purpose', message: 'Say what the sharing is for' });
    if (lawfulBasis.trim().length < 3) problems.push({ field: 'agreement-basis', message: 'Name the lawful basis' });
    if (parties.length < 2) problems.push({ field: 'agreement-parties', message: 'Select at least two parties' });
    const [starts, review, ends] = [startsAt, reviewAt, endsAt].map(isoOf);
    if (!starts) problems.push({ field: 'agreement-starts-day', message: 'Enter a real start date, for example 1 4 2026' });
    if (!review) problems.push({ field: 'agreement-review-day', message: 'Enter a real review date, for example 1 4 2027' });
    if (!ends) problems.push({ field: 'agreement-ends-day', message: 'Enter a real end date, for example 31 3 2028' });
    setErrors(problems);
    if (problems.length || !starts || !review || !ends) return;
    setBusy(true);
    try {
      const body = { title: title.trim(), purpose: purpose.trim(), lawfulBasis: lawfulBasis.trim(), parties, datasets: covered, startsAt: starts, reviewAt: review, endsAt: ends };
      await session.request('POST', '/api/governance/agreements', body);
      await onCreated(title.trim());
      setTitle('');
      setPurpose('');
      setLawfulBasis('');
      setParties([]);
      setCovered([]);
    } catch (err) {
      setErrors([{ message: messageOf(err) }]);
    } finally {
      setBusy(false);
    }
  };
  const toggle = (list: string[], set: (v: string[]) => void, value: string, on: boolean) => set(on ? [...list, value] : list.filter((v) => v !== value));

  return (
    <form noValidate onSubmit={submit} aria-labelledby="create-agreement-heading">
      <h2 class="govuk-heading-m" id="create-agreement-heading">
        Record a new agreement
      </h2>
      <ErrorSummary errors={errors} />
      <TextInput id="agreement-title" label="Title" value={title} onInput={setTitle} error={errorFor(errors, 'agreement-title')} width="govuk-!-width-two-thirds" />
      <TextInput id="agreement-purpose" label="Purpose" value={purpose} onInput={setPurpose} error={errorFor(errors, 'agreement-purpose')} width="govuk-!-width-full" />
      <TextInput
        id="agreement-basis"
        label="Lawful basis"
        hint="For example, Crime and Disorder Act 1998 s115; UK GDPR Art 6(1)(e)"
        value={lawfulBasis}
        onInput={setLawfulBasis}
        error={errorFor(errors, 'agreement-basis')}
        width="govuk-!-width-full"
      />
      {organisations.error && <LoadError message={organisations.error} />}
      <CheckboxGroup
        id="agreement-parties"
        legend="Parties"
        hint="Each dataset’s owner must be a party."
        error={errorFor(errors, 'agreement-parties')}
        options={(organisations.data ?? []).map((o) => ({ value: o.slug, label: o.name }))}
        checked={parties}
        onToggle={(v, on) => toggle(parties, setParties, v, on)}
      />
      <CheckboxGroup
        id="agreement-datasets"
        legend="Datasets covered"
        options={groupByOwner(datasetChoices(datasets.data ?? []), (c) => c.owner, (c) => c.label).flatMap((g) => g.items)}
        checked={covered}
        onToggle={(v, on) => toggle(covered, setCovered, v, on)}
      />
      <DateInput id="agreement-starts" legend="Starts" value={startsAt} onChange={setStartsAt} error={errorFor(errors, 'agreement-starts-day')} />
      <DateInput id="agreement-review" legend="Review by" value={reviewAt} onChange={setReviewAt} error={errorFor(errors, 'agreement-review-day')} />
      <DateInput id="agreement-ends" legend="Ends" value={endsAt} onChange={setEndsAt} error={errorFor(errors, 'agreement-ends-day')} />
      <button type="submit" class="govuk-button" data-module="govuk-button" disabled={busy}>
        Record agreement
      </button>
    </form>
  );
}

function CheckboxGroup(props: { id: string; legend: string; hint?: string; error?: string; options: { value: string; label: string }[]; checked: string[]; onToggle: (value: string, on: boolean) => void }) {
  return (
    <div class={`govuk-form-group${props.error ? ' govuk-form-group--error' : ''}`}>
      <fieldset class="govuk-fieldset">
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{props.legend}</legend>
        {props.hint && <div class="govuk-hint">{props.hint}</div>}
        {props.error && (
          <p class="govuk-error-message">
            <span class="govuk-visually-hidden">Error:</span> {props.error}
          </p>
        )}
        <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
          {props.options.map((o, i) => (
            <div class="govuk-checkboxes__item" key={o.value}>
              <input
                class="govuk-checkboxes__input"
                id={i === 0 ? props.id : `${props.id}-${o.value}`}
                type="checkbox"
                checked={props.checked.includes(o.value)}
                onChange={(e) => props.onToggle(o.value, e.currentTarget.checked)}
              />
              <label class="govuk-label govuk-checkboxes__label" for={i === 0 ? props.id : `${props.id}-${o.value}`}>
                {o.label}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
