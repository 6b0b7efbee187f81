import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { messageOf } from '../../api/api-error.js';
import { session } from '../../api/session.js';
import { useResource } from '../../components/use-resource.js';
import { DateField } from './case-application-form.js';
import { type CaseDetail, today } from './case-review-types.js';

/** A form that posts one step and reloads the case; the API's refusal is shown in words. */
export function StepForm({ id, title, button, path, body, onDone, children }: { id: string; title: string; button: string; path: string; body: () => object; onDone: () => Promise<void>; children?: ComponentChildren }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await session.request('POST', path, body());
      await onDone();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate class="govuk-!-margin-bottom-6" data-testid={id}>
      {title && <h3 class="govuk-heading-s">{title}</h3>}
      {error && (
        <p class="govuk-error-message" role="alert">
          <span class="govuk-visually-hidden">Error:</span> {error}
        </p>
      )}
      {children}
      <button type="submit" class="govuk-button govuk-button--secondary" disabled={busy}>
        {button}
      </button>
    </form>
  );
}

/** What a CSP officer does before the review: check, decide, tell the applicant, open the review. */
export function OfficerSteps({ c, reload }: { c: CaseDetail; reload: () => Promise<void> }) {
  const [decision, setDecision] = useState<'met' | 'not_met'>('met');
  const [reasons, setReasons] = useState('');
  const [told, setTold] = useState(today());
  const [agencies, setAgencies] = useState<string[]>([]);
  const orgs = useResource<{ slug: string; name: string }[]>(c.status === 'threshold_met' ? '/api/organisations' : null);
  const base = `/api/case-reviews/${c.id}`;
  return (
    <>
      {c.status === 'received' && (
        <StepForm id="threshold-check" title="Threshold check" button={c.thresholdCheck ? 'Check again' : "Check partners' records"} path={`${base}/threshold-check`} body={() => ({})} onDone={reload} />
      )}
      {c.status === 'received' && c.thresholdCheck && (
        <StepForm id="decision" title="Decision" button="Record the decision" path={`${base}/decision`} body={() => ({ decision, reasons })} onDone={reload}>
          <div class="govuk-radios govuk-radios--small govuk-!-margin-bottom-3">
            {(['met', 'not_met'] as const).map((d) => (
              <div class="govuk-radios__item" key={d}>
                <input class="govuk-radios__input" type="radio" name="decision" id={`decision-${d}`} checked={decision === d} onChange={() => setDecision(d)} />
                <label class="govuk-label govuk-radios__label" for={`decision-${d}`}>
                  {d === 'met' ? 'The threshold is met' : 'The threshold is not met'}
                </label>
              </div>
            ))}
          </div>
          <div class="govuk-form-group">
            <label class="govuk-label" for="decision-reasons">Reasons</label>
            <textarea class="govuk-textarea" id="decision-reasons" rows={3} value={reasons} onInput={(e) => setReasons(e.currentTarget.value)} />
          </div>
        </StepForm>
      )}
      {c.decision && !c.applicantToldOn && (
        <StepForm id="applicant-told" title="Applicant told" button="Record that the applicant was told" path={`${base}/applicant-told`} body={() => ({ on: told })} onDone={reload}>
          <DateField id="told-on" label="Date told" value={told} onInput={setTold} />
        </StepForm>
      )}
      {c.status === 'threshold_met' && (
        <StepForm id="open-review" title="Open the review" button="Open the review" path={`${base}/review`} body={() => ({ agencies })} onDone={reload}>
          <fieldset class="govuk-fieldset">
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Agencies taking part</legend>
            <div class="govuk-checkboxes govuk-checkboxes--small">
              {(orgs.data ?? []).map((o) => (
                <div class="govuk-checkboxes__item" key={o.slug}>
                  <input class="govuk-checkboxes__input" type="checkbox" id={`agency-${o.slug}`} checked={agencies.includes(o.slug)} onChange={(e) => setAgencies(e.currentTarget.checked ? [...agencies, o.slug] : agencies.filter((a) => a !== o.slug))} />
                  <label class="govuk-label govuk-checkboxes__label" for={`agency-${o.slug}`}>{o.name}</label>
                </div>
              ))}
            </div>
          </fieldset>
        </StepForm>
      )}
    </>
  );
}

/** What the chair does during the review: case pack, meeting, recommendations and actions, outcome. */
export function ChairSteps({ c, reload }: { c: CaseDetail; reload: () => Promise<void> }) {
  const agreements = useResource<{ id: string; title: string; status: string }[]>('/api/governance/agreements');
  const [agreementId, setAgreementId] = useState('');
  const [held, setHeld] = useState(today());
  const [item, setItem] = useState({ kind: 'recommendation', text: '', owner: '', dueOn: '' });
  const [outcome, setOutcome] = useState({ outcome: '', respondedOn: today() });
  const base = `/api/case-reviews/${c.id}`;
  const active = (agreements.data ?? []).filter((a) => a.status === 'active');
  const chosen = agreementId || active[0]?.id || '';
  return (
    <>
      <StepForm id="pack-request" title="Case pack" button="Ask partners for the case pack" path={`${base}/pack-requests`} body={() => ({ agreementId: chosen })} onDone={reload}>
        <div class="govuk-form-group">
          <label class="govuk-label" for="pack-agreement">Information sharing agreement</label>
          <select class="govuk-select" id="pack-agreement" value={chosen} onChange={(e) => setAgreementId(e.currentTarget.value)}>
            {active.map((a) => <option value={a.id} key={a.id}>{a.title}</option>)}
          </select>
        </div>
      </StepForm>
      {c.status === 'review_open' && (
        <StepForm id="review-held" title="Meeting" button="Record that the review was held" path={`${base}/held`} body={() => ({ on: held })} onDone={reload}>
          <DateField id="held-on" label="Date held" value={held} onInput={setHeld} />
        </StepForm>
      )}
      <StepForm id="add-item" title="Recommendations and actions" button="Add" path={`${base}/items`} body={() => ({ kind: item.kind, text: item.text, ...(item.kind === 'action' ? { owner: item.owner, dueOn: item.dueOn } : {}) })} onDone={async () => { setItem({ ...item, text: '' }); await reload(); }}>
        <div class="govuk-form-group">
          <label class="govuk-label" for="item-kind">Kind</label>
          <select class="govuk-select" id="item-kind" value={item.kind} onChange={(e) => setItem({ ...item, kind: e.currentTarget.value })}>
            <option value="recommendation">Recommendation</option><option value="action">Action</option>
          </select>
        </div>
        <div class="govuk-form-group">
          <label class="govuk-label" for="item-text">Text</label>
          <textarea class="govuk-textarea" id="item-text" rows={2} value={item.text} onInput={(e) => setItem({ ...item, text: e.currentTarget.value })} />
        </div>
        {item.kind === 'action' && (
          <>
            <div class="govuk-form-group">
              <label class="govuk-label" for="item-owner">Owning agency</label>
              <select class="govuk-select" id="item-owner" value={item.owner} onChange={(e) => setItem({ ...item, owner: e.currentTarget.value })}>
                <option value="">Choose an agency</option>
                {c.agencies.map((a) => <option value={a.slug} key={a.slug}>{a.name}</option>)}
              </select>
            </div>
            <DateField id="item-due" label="Due" value={item.dueOn} onInput={(v) => setItem({ ...item, dueOn: v })} />
          </>
        )}
      </StepForm>
      {c.status === 'review_held' && (
        <StepForm id="outcome" title="Outcome" button="Record the outcome and close the review" path={`${base}/outcome`} body={() => outcome} onDone={reload}>
          <div class="govuk-form-group">
            <label class="govuk-label" for="outcome-text">Outcome as told to the applicant</label>
            <textarea class="govuk-textarea" id="outcome-text" rows={3} value={outcome.outcome} onInput={(e) => setOutcome({ ...outcome, outcome: e.currentTarget.value })} />
          </div>
          <DateField id="responded-on" label="Date the applicant was told" value={outcome.respondedOn} onInput={(v) => setOutcome({ ...outcome, respondedOn: v })} />
        </StepForm>
      )}
    </>
  );
}
