import { useState } from 'preact/hooks';
import { Banner, LoadError, Loading } from '../components/coming-soon.js';
import { StatusTag } from '../components/status-tag.js';
import { useResource } from '../components/use-resource.js';
import { Link } from '../router.js';
import { DecisionForm } from './access-decision-form.js';
import { capacityLabel } from './access-mine.js';
import { type AccessRequest, areaNames, requestDataset, formatDate, formatDateTime, LEVEL_LABELS, LEVEL_NAMES } from './access-types.js';
import { useTitle } from './use-title.js';

export const RULE_TEXT: Record<AccessRequest['approvalRule'], string> = {
  either: 'The data owner or the IMB',
  both: 'Both the data owner and the IMB',
  data_owner: 'The data owner',
  imb: 'The IMB',
};

/** The approval queue: requests the caller may decide now, each with a note, and recent decisions. */
export function AccessApprovalsPage() {
  useTitle('Approvals');
  const queue = useResource<AccessRequest[]>('/api/governance/access-requests/to-decide');
  const history = useResource<AccessRequest[]>('/api/governance/access-requests/decided');
  const [done, setDone] = useState<string | null>(null);

  // The lists are reloaded before the banner shows, so the page never says "done" beside a stale queue.
  const decided = async (message: string) => {
    await Promise.all([queue.reload(), history.reload()]);
    setDone(message);
  };
  const past = (history.data ?? []).slice(0, 20);

  return (
    <>
      <h1 class="govuk-heading-l">Approvals</h1>
      {done && (
        <Banner success title="Decision recorded">
          <p class="govuk-notification-banner__heading" data-testid="decision-banner">
            {done}
          </p>
        </Banner>
      )}
      {queue.error && <LoadError message={queue.error} />}
      {!queue.data && !queue.error && <Loading what="Loading requests waiting for you" />}
      {queue.data && queue.data.length === 0 && <p class="govuk-body">There are no requests waiting for your decision.</p>}
      {queue.data && queue.data.length > 0 && (
        <>
          <p class="govuk-body">
            {queue.data.length === 1 ? 'One request is' : `${queue.data.length} requests are`} waiting for your decision.
          </p>
          {queue.data.map((r) => (
            <RequestToDecide key={r.id} request={r} onDecided={decided} />
          ))}
        </>
      )}

      <h2 class="govuk-heading-m">Recent decisions</h2>
      {history.error && <LoadError message={history.error} />}
      {history.data && past.length === 0 && <p class="govuk-body">No decisions yet.</p>}
      {past.length > 0 && (
        <table class="govuk-table" data-testid="decided-requests">
          <caption class="govuk-visually-hidden">Requests decided, newest first</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Requester</th>
              <th scope="col" class="govuk-table__header">Dataset and level</th>
              <th scope="col" class="govuk-table__header">Status</th>
              <th scope="col" class="govuk-table__header">Decided</th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {past.map((r) => (
              <tr class="govuk-table__row" key={r.id}>
                <td class="govuk-table__cell">
                  <Link class="govuk-link" href={`/access/requests/${r.id}`}>
                    {r.requesterName || r.requesterEmail}
                  </Link>
                  <br />
                  <span class="govuk-body-s">{r.requesterOrganisationName}</span>
                </td>
                <td class="govuk-table__cell">
                  {requestDataset(r)}
                  <br />
                  <span class="govuk-body-s">{LEVEL_NAMES[r.level]}, {areaNames(r.areas)}</span>
                </td>
                <td class="govuk-table__cell">
                  <StatusTag status={r.status} label={r.status === 'approved' && r.granted?.partial ? 'approved in part' : undefined} />
                </td>
                <td class="govuk-table__cell">{formatDateTime(r.decidedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function RequestToDecide({ request: r, onDecided }: { request: AccessRequest; onDecided: (message: string) => Promise<void> }) {
  return (
    <section class="govuk-summary-card" aria-labelledby={`request-${r.id}-title`} data-testid="request-to-decide">
      <div class="govuk-summary-card__title-wrapper">
        <h2 class="govuk-summary-card__title" id={`request-${r.id}-title`}>
          {r.requesterName || r.requesterEmail} ({r.requesterOrganisationName}) asks for {r.level} access to {requestDataset(r)}
        </h2>
        <ul class="govuk-summary-card__actions">
          <li class="govuk-summary-card__action">
            <Link class="govuk-link" href={`/access/requests/${r.id}`}>
              See the whole request<span class="govuk-visually-hidden"> from {r.requesterEmail}</span>
            </Link>
          </li>
        </ul>
      </div>
      <div class="govuk-summary-card__content">
        <dl class="govuk-summary-list">
          <Row label="Requester">
            {r.requesterName}, {r.requesterOrganisationName}
            <br />
            <span class="govuk-body-s">{r.requesterEmail}</span>
          </Row>
          <Row label="Dataset">{requestDataset(r)}</Row>
          <Row label="Sensitivity">
            <strong class={`govuk-tag ${r.sensitivity === 'OFFICIAL-SENSITIVE' ? 'govuk-tag--orange' : 'govuk-tag--grey'}`}>{r.sensitivity}</strong>
          </Row>
          <Row label="Level">{LEVEL_LABELS[r.level]}</Row>
          <Row label="Areas">{areaNames(r.areas)}</Row>
          <Row label="Purpose">{r.purpose}</Row>
          <Row label="Agreement">{r.agreementTitle}</Row>
          <Row label="Until">{formatDate(r.until)}</Row>
          <Row label="Who approves">
            {RULE_TEXT[r.approvalRule]}
            <Decisions request={r} />
          </Row>
          <Row label="Asked">{formatDateTime(r.createdAt)}</Row>
        </dl>
        <DecisionForm request={r} onDecided={onDecided} />
      </div>
    </section>
  );
}

/** Each decision so far, with what a partial approval gave. */
export function Decisions({ request: r }: { request: AccessRequest }) {
  return (
    <>
      {r.decisions.map((d) => (
        <p class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0" key={d.decidedAt}>
          {d.outcome === 'approved' ? (d.grantedLevel || d.grantedAreas || d.grantedUntil ? 'Approved in part' : 'Approved') : 'Refused'} by {d.deciderEmail} ({capacityLabel(d.capacity)})
          {d.grantedLevel && `: ${LEVEL_NAMES[d.grantedLevel].toLowerCase()} level`}
          {d.grantedAreas && `; ${areaNames(d.grantedAreas)}`}
          {d.grantedUntil && `; until ${formatDate(d.grantedUntil)}`}: “{d.note}”
        </p>
      ))}
    </>
  );
}

export function Row({ label, children }: { label: string; children: preact.ComponentChildren }) {
  return (
    <div class="govuk-summary-list__row">
      <dt class="govuk-summary-list__key">{label}</dt>
      <dd class="govuk-summary-list__value">{children}</dd>
    </div>
  );
}
