import { useState } from 'preact/hooks';
import { messageOf } from '../../api/api-error.js';
import { session } from '../../api/session.js';
import { ErrorSummary, type FieldError } from '../../components/error-summary.js';
import { TextInput } from '../../components/text-input.js';
import { navigate } from '../../router.js';
import { useTitle } from '../use-title.js';
import { today } from './case-review-types.js';

const AREAS: [string, string][] = [
  ['E07000084', 'Basingstoke and Deane'], ['E07000085', 'East Hampshire'], ['E07000086', 'Eastleigh'], ['E07000087', 'Fareham'], ['E07000088', 'Gosport'],
  ['E07000089', 'Hart'], ['E07000090', 'Havant'], ['E07000091', 'New Forest'], ['E07000092', 'Rushmoor'], ['E07000093', 'Test Valley'], ['E07000094', 'Winchester'],
  ['E06000044', 'Portsmouth'], ['E06000045', 'Southampton'], ['E06000046', 'Isle of Wight'],
];

/** A CSP officer records an application taken by phone, form or letter. */
export function CaseApplicationForm() {
  useTitle('Record an ASB case review application');
  const [f, setF] = useState({ districtCode: 'E06000044', channel: 'phone', receivedOn: today(), name: '', dateOfBirth: '', phone: '', email: '', address: '', postcode: '', incidentDate: '', incident: '', contact: 'phone', notes: '', hate: false, vulnerable: false });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });
  const submit = async (e: Event) => {
    e.preventDefault();
    const problems: FieldError[] = [];
    if (f.name.trim().length < 2) problems.push({ field: 'applicant-name', message: "Enter the applicant's name" });
    if (f.address.trim().length < 3) problems.push({ field: 'location-address', message: 'Enter the address of the location' });
    if (!f.incidentDate || f.incident.trim().length < 3) problems.push({ field: 'incident-description', message: 'Give the date and a description of at least one incident' });
    setErrors(problems);
    if (problems.length) return;
    setBusy(true);
    try {
      const created = await session.request<{ id: string }>('POST', '/api/case-reviews', {
        districtCode: f.districtCode, channel: f.channel, receivedOn: f.receivedOn,
        applicant: { name: f.name, ...(f.dateOfBirth ? { dateOfBirth: f.dateOfBirth } : {}), ...(f.phone ? { phone: f.phone } : {}), ...(f.email ? { email: f.email } : {}) },
        location: { address: f.address, ...(f.postcode ? { postcode: f.postcode } : {}) },
        incidents: [{ date: f.incidentDate, description: f.incident }],
        contact: { method: f.contact, ...(f.notes ? { notes: f.notes } : {}) },
        hateIncident: f.hate, vulnerableVictim: f.vulnerable,
      });
      navigate(`/case-reviews/${created.id}`);
    } catch (err) {
      setErrors([{ field: 'applicant-name', message: messageOf(err) }]);
    } finally {
      setBusy(false);
    }
  };
  const err = (field: string) => errors.find((x) => x.field === field)?.message;
  return (
    <form onSubmit={submit} noValidate>
      <h1 class="govuk-heading-l">Record an application</h1>
      <ErrorSummary errors={errors} />
      <div class="govuk-form-group">
        <label class="govuk-label" for="district">Partnership area</label>
        <select class="govuk-select" id="district" value={f.districtCode} onChange={(e) => set('districtCode')(e.currentTarget.value)}>
          {AREAS.map(([code, name]) => <option value={code} key={code}>{name}</option>)}
        </select>
      </div>
      <div class="govuk-form-group">
        <label class="govuk-label" for="channel">How it came in</label>
        <select class="govuk-select" id="channel" value={f.channel} onChange={(e) => set('channel')(e.currentTarget.value)}>
          <option value="phone">Phone call</option><option value="form">Online form</option><option value="letter">Letter</option><option value="email">Email</option><option value="in_person">In person</option>
        </select>
      </div>
      <DateField id="received-on" label="Date received" value={f.receivedOn} onInput={set('receivedOn')} />
      <h2 class="govuk-heading-m">The applicant</h2>
      <TextInput id="applicant-name" label="Full name" value={f.name} onInput={set('name')} error={err('applicant-name')} />
      <DateField id="applicant-dob" label="Date of birth" hint="Finds their reports in partners' records" value={f.dateOfBirth} onInput={set('dateOfBirth')} />
      <TextInput id="applicant-phone" label="Phone" value={f.phone} onInput={set('phone')} />
      <TextInput id="applicant-email" label="Email" type="email" value={f.email} onInput={set('email')} />
      <h2 class="govuk-heading-m">Where it happens</h2>
      <TextInput id="location-address" label="Address" value={f.address} onInput={set('address')} error={err('location-address')} />
      <TextInput id="location-postcode" label="Postcode" value={f.postcode} onInput={set('postcode')} />
      <h2 class="govuk-heading-m">What happened</h2>
      <DateField id="incident-date" label="Date of the incident" value={f.incidentDate} onInput={set('incidentDate')} />
      <div class={`govuk-form-group${err('incident-description') ? ' govuk-form-group--error' : ''}`}>
        <label class="govuk-label" for="incident-description">Description</label>
        {err('incident-description') && <p class="govuk-error-message" id="incident-description-error"><span class="govuk-visually-hidden">Error:</span> {err('incident-description')}</p>}
        <textarea class="govuk-textarea" id="incident-description" rows={3} value={f.incident} onInput={(e) => set('incident')(e.currentTarget.value)} />
      </div>
      <div class="govuk-form-group">
        <fieldset class="govuk-fieldset">
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Risk assessment</legend>
          <div class="govuk-checkboxes govuk-checkboxes--small">
            <div class="govuk-checkboxes__item">
              <input class="govuk-checkboxes__input" id="hate" type="checkbox" checked={f.hate} onChange={(e) => setF({ ...f, hate: e.currentTarget.checked })} />
              <label class="govuk-label govuk-checkboxes__label" for="hate">A hate incident</label>
            </div>
            <div class="govuk-checkboxes__item">
              <input class="govuk-checkboxes__input" id="vulnerable" type="checkbox" checked={f.vulnerable} onChange={(e) => setF({ ...f, vulnerable: e.currentTarget.checked })} />
              <label class="govuk-label govuk-checkboxes__label" for="vulnerable">The victim is vulnerable</label>
            </div>
          </div>
        </fieldset>
      </div>
      <div class="govuk-form-group">
        <label class="govuk-label" for="contact">How they want to be contacted</label>
        <select class="govuk-select" id="contact" value={f.contact} onChange={(e) => set('contact')(e.currentTarget.value)}>
          <option value="phone">Phone</option><option value="email">Email</option><option value="letter">Letter</option>
        </select>
      </div>
      <TextInput id="contact-notes" label="Contact notes" hint="For example, safe times to call" value={f.notes} onInput={set('notes')} />
      <button type="submit" class="govuk-button" disabled={busy}>Record the application</button>
    </form>
  );
}

export function DateField({ id, label, hint, value, onInput }: { id: string; label: string; hint?: string; value: string; onInput: (v: string) => void }) {
  return (
    <div class="govuk-form-group">
      <label class="govuk-label" for={id}>{label}</label>
      {hint && <div class="govuk-hint" id={`${id}-hint`}>{hint}</div>}
      <input class="govuk-input govuk-input--width-10" type="date" id={id} aria-describedby={hint ? `${id}-hint` : undefined} value={value} onInput={(e) => onInput(e.currentTarget.value)} />
    </div>
  );
}
