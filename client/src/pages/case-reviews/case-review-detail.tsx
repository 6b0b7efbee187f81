import { useState } from 'preact/hooks';
import type { Me } from '../../api/types.js';
import { LoadError, Loading } from '../../components/coming-soon.js';
import { useResource } from '../../components/use-resource.js';
import { Link } from '../../router.js';
import { useTitle } from '../use-title.js';
import { DateField } from './case-application-form.js';
import { ChairSteps, OfficerSteps, StepForm } from './case-review-actions.js';
import { type CaseDetail, type CasePack, REASON_LABELS, STATUS_LABELS, STEP_LABELS, today } from './case-review-types.js';

/** One case: its deadlines, the threshold check, the review and the steps the caller may take. */
export function CaseReviewDetailPage({ id, me }: { id: string; me: Me }) {
  const c = useResource<CaseDetail>(`/api/case-reviews/${id}`);
  useTitle(c.data ? `ASB case review ${c.data.reference}` : 'ASB case review');
  if (c.error) return <LoadError message={c.error} />;
  if (!c.data) return <Loading what="Loading the case" />;
  const r = c.data;
  const officer = me.permissions.includes('case_reviews.manage');
  const open = r.status === 'review_open' || r.status === 'review_held';
  const canJoin = open && !r.member && r.agencies.some((a) => a.slug === me.user.organisation.slug);
  return (
    <>
      <Link href="/case-reviews" class="govuk-back-link">All case reviews</Link>
      <h1 class="govuk-heading-l">
        ASB case review {r.reference} <strong class="govuk-tag govuk-tag--grey" data-testid="case-status">{STATUS_LABELS[r.status] ?? r.status}</strong>
      </h1>
      <h2 class="govuk-heading-m">Deadlines</h2>
      <table class="govuk-table" data-testid="deadlines">
        <caption class="govuk-visually-hidden">Working-day deadlines of each step</caption>
        <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Step</th><th scope="col" class="govuk-table__header">Due</th><th scope="col" class="govuk-table__header">Done</th></tr></thead>
        <tbody class="govuk-table__body">
          {r.deadlines.map((d) => (
            <tr class="govuk-table__row" key={d.step}>
              <td class="govuk-table__cell">{STEP_LABELS[d.step]}</td>
              <td class="govuk-table__cell">{d.dueOn} {d.overdue && <strong class="govuk-tag govuk-tag--red">{d.doneOn ? 'Late' : 'Overdue'}</strong>}</td>
              <td class="govuk-table__cell">{d.doneOn ?? `${d.workingDaysLeft} working days left`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {r.personal ? <Personal c={r} /> : <p class="govuk-inset-text">The applicant's details are shown to the review's members only.</p>}
      {r.thresholdCheck && <Threshold c={r} />}
      {r.decision && (
        <p class="govuk-body" data-testid="decision">
          Decided on {r.decidedOn}: threshold {r.decision === 'met' ? 'met' : 'not met'}. {r.decisionReasons}
        </p>
      )}
      {officer && <OfficerSteps c={r} reload={c.reload} />}
      {(r.agencies.length > 0 || r.members.length > 0) && <Members c={r} />}
      {canJoin && <StepForm id="join" title="Take part" button={`Join for ${me.user.organisation.name}`} path={`/api/case-reviews/${r.id}/join`} body={() => ({})} onDone={c.reload} />}
      {r.member && open && <Pack id={r.id} />}
      {r.chair && open && <ChairSteps c={r} reload={c.reload} />}
      {r.items.length > 0 && <Items c={r} me={me} reload={c.reload} />}
      {r.outcome && <p class="govuk-body" data-testid="outcome">Outcome, told to the applicant on {r.respondedOn}: {r.outcome}</p>}
      {officer && (r.status === 'closed' || r.status === 'threshold_not_met') && <Appeal c={r} reload={c.reload} />}
    </>
  );
}

function Personal({ c }: { c: CaseDetail }) {
  const p = c.personal!;
  return (
    <>
      <h2 class="govuk-heading-m">Application</h2>
      <dl class="govuk-summary-list" data-testid="personal">
        <Row k="Applicant" v={`${p.applicant.name}${p.applicant.dateOfBirth ? `, born ${p.applicant.dateOfBirth}` : ''}`} />
        {p.onBehalfOf && <Row k="On their behalf" v={`${p.onBehalfOf.name} (${p.onBehalfOf.relationship ?? 'relationship not given'})`} />}
        <Row k="Location" v={`${p.location.address} ${p.location.postcode ?? ''}`} />
        <Row k="Incidents" v={p.incidents.map((i) => `${i.date}: ${i.description}`).join('; ')} />
        <Row k="Contact" v={`${p.contact.method}${p.contact.notes ? ` (${p.contact.notes})` : ''}`} />
      </dl>
    </>
  );
}

function Row({ k, v }: { k: string; v: string }) {
  return (
    <div class="govuk-summary-list__row">
      <dt class="govuk-summary-list__key">{k}</dt>
      <dd class="govuk-summary-list__value">{v}</dd>
    </div>
  );
}

function Threshold({ c }: { c: CaseDetail }) {
  const t = c.thresholdCheck!;
  return (
    <>
      <h2 class="govuk-heading-m">Threshold check</h2>
      <p class="govuk-body" data-testid="threshold-result">
        {t.assessment.met ? 'Met' : 'Not met'} under the {t.rule.local ? "district's own" : "partnership's"} {t.rule.name.replace('_', ' ')} rule: {t.rule.complaints} reports within {t.rule.windowDays} days, each reported within {t.rule.reportWithinDays} days. {t.assessment.qualifying} reports qualify.
      </p>
      <table class="govuk-table" data-testid="threshold-reports">
        <caption class="govuk-visually-hidden">Partners' reports about the applicant or the location</caption>
        <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Partner</th><th scope="col" class="govuk-table__header">Incident</th><th scope="col" class="govuk-table__header">Reported</th><th scope="col" class="govuk-table__header">Found by</th><th scope="col" class="govuk-table__header">Counts?</th></tr></thead>
        <tbody class="govuk-table__body">
          {t.reports.map((x, i) => (
            <tr class="govuk-table__row" key={i}>
              <td class="govuk-table__cell">{t.partners[x.partnerId] ?? x.dataset}</td>
              <td class="govuk-table__cell">{x.incidentDate}</td>
              <td class="govuk-table__cell">{x.reportedDate}</td>
              <td class="govuk-table__cell">{x.matchedBy === 'both' ? 'Person and place' : x.matchedBy === 'subject' ? 'Person' : 'Place'}</td>
              <td class="govuk-table__cell">{REASON_LABELS[x.reason]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Members({ c }: { c: CaseDetail }) {
  return (
    <>
      <h2 class="govuk-heading-m">Review</h2>
      <p class="govuk-body">Agencies: {c.agencies.map((a) => a.name).join(', ') || 'none yet'}.</p>
      <ul class="govuk-list govuk-list--bullet" data-testid="members">
        {c.members.map((m) => <li key={m.userId}>{m.name} ({m.agency?.name}){m.role === 'chair' ? ', chair' : ''}</li>)}
      </ul>
    </>
  );
}

function Pack({ id }: { id: string }) {
  const pack = useResource<CasePack>(`/api/case-reviews/${id}/pack`);
  if (pack.error) return <LoadError message={pack.error} />;
  if (!pack.data) return <Loading what="Loading the case pack" />;
  return (
    <section data-testid="case-pack">
      <h2 class="govuk-heading-m">Case pack</h2>
      {pack.data.pending.length > 0 && <p class="govuk-body">Waiting for approval: {pack.data.pending.map((p) => p.partner?.name ?? p.dataset).join(', ')}.</p>}
      {pack.data.datasets.length === 0 && <p class="govuk-body">No partner's records are shared yet.</p>}
      {pack.data.datasets.map((d) => (
        <table class="govuk-table" key={d.slug}>
          <caption class="govuk-table__caption govuk-table__caption--s">{d.partner?.name}: {d.title} (until {d.until.slice(0, 10)})</caption>
          <thead class="govuk-table__head"><tr class="govuk-table__row">{d.columns.filter((col) => !col.name.endsWith('_key')).map((col) => <th scope="col" class="govuk-table__header" key={col.name}>{col.label}</th>)}</tr></thead>
          <tbody class="govuk-table__body">
            {d.rows.map((row, i) => <tr class="govuk-table__row" key={i}>{d.columns.filter((col) => !col.name.endsWith('_key')).map((col) => <td class="govuk-table__cell" key={col.name}>{String(row[col.name] ?? '')}</td>)}</tr>)}
          </tbody>
        </table>
      ))}
    </section>
  );
}

function Items({ c, me, reload }: { c: CaseDetail; me: Me; reload: () => Promise<void> }) {
  return (
    <>
      <h2 class="govuk-heading-m">Recommendations and actions</h2>
      <ul class="govuk-list" data-testid="items">
        {c.items.map((i) => (
          <li key={i.id}>
            <strong>{i.kind === 'action' ? 'Action' : 'Recommendation'}:</strong> {i.text}
            {i.owner && ` (${i.owner.name}, due ${i.dueOn})`} {i.doneOn ? `done ${i.doneOn}` : i.overdue ? <strong class="govuk-tag govuk-tag--red">Overdue</strong> : ''}
            {i.kind === 'action' && !i.doneOn && (c.chair || (c.member && i.owner?.slug === me.user.organisation.slug)) && (
              <StepForm id={`done-${i.id}`} title="" button="Mark done" path={`/api/case-reviews/${c.id}/items/${i.id}/done`} body={() => ({})} onDone={reload} />
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

function Appeal({ c, reload }: { c: CaseDetail; reload: () => Promise<void> }) {
  const [requestedOn, setRequestedOn] = useState(c.appeal.requestedOn ?? today());
  if (c.appeal.requestedOn) return <p class="govuk-body" data-testid="appeal">The applicant asked the PCC to review the handling on {c.appeal.requestedOn}{c.appeal.decidedOn ? `; decided ${c.appeal.decidedOn}: ${c.appeal.outcome}` : '; awaiting the decision'}.</p>;
  return (
    <StepForm id="appeal" title="Appeal to the PCC" button="Record the appeal" path={`/api/case-reviews/${c.id}/appeal`} body={() => ({ requestedOn })} onDone={reload}>
      <DateField id="appeal-on" label="Date the applicant asked" value={requestedOn} onInput={setRequestedOn} />
    </StepForm>
  );
}
