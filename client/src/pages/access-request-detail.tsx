import { useState } from 'preact/hooks';
import type { Me } from '../api/types.js';
import { Banner, Loading } from '../components/coming-soon.js';
import { PageError } from '../components/page-error.js';
import { StatusTag } from '../components/status-tag.js';
import { useResource } from '../components/use-resource.js';
import { formatMonthRange, ownedLabel, plural } from '../format.js';
import { Link } from '../router.js';
import { Decisions, Row, RULE_TEXT } from './access-approvals.js';
import { DecisionForm } from './access-decision-form.js';
import { capacityLabel } from './access-mine.js';
import { type AccessRequestDetail, areaNames, formatDate, formatDateTime, LEVEL_LABELS, LEVEL_NAMES, requestDataset } from './access-types.js';
import { useTitle } from './use-title.js';

/**
 * One request with everything its approvers weigh (`/access/requests/:id`): the columns the level
 * reaches and which are personal data, the months of data, the agreement and its lawful basis,
 * what the requester already holds, and who has decided what. Approvers decide here, in part if
 * they choose; the requester reads what was granted and why.
 */
export function AccessRequestDetailPage({ id, me }: { id: string; me: Me }) {
  useTitle('Access request');
  const request = useResource<AccessRequestDetail>(`/api/governance/access-requests/${id}`);
  const [done, setDone] = useState<string | null>(null);
  const back = me.permissions.includes('access.approve') ? { href: '/access/approvals', label: 'Back to approvals' } : { href: '/access', label: 'Back to your requests' };
  if (request.error) return <PageError title="Access request" message={request.error} back={back} />;
  if (!request.data) return <Loading what="Loading the request" />;
  const r = request.data;
  const personal = r.columns.filter((c) => c.personal);

  return (
    <>
      <Link class="govuk-back-link" href={back.href}>
        {back.label}
      </Link>
      {done && (
        <Banner success title="Decision recorded">
          <p class="govuk-notification-banner__heading" data-testid="decision-banner">
            {done}
          </p>
        </Banner>
      )}
      <span class="govuk-caption-l">Access request</span>
      <h1 class="govuk-heading-l">
        {r.requesterName || r.requesterEmail} asks for {LEVEL_NAMES[r.level].toLowerCase()} access to {requestDataset(r)}
      </h1>
      <p class="govuk-body">
        <StatusTag status={r.status} label={r.status === 'approved' && r.granted?.partial ? 'approved in part' : undefined} />
      </p>

      {r.granted && (
        <div class="govuk-inset-text" data-testid="granted-terms">
          <p class="govuk-body govuk-!-margin-bottom-1">
            <strong>{r.status === 'approved' ? (r.granted.partial ? 'Granted in part:' : 'Granted as asked:') : 'Approved so far:'}</strong> {LEVEL_LABELS[r.granted.level]}; {areaNames(r.granted.areas)}; until{' '}
            {formatDate(r.granted.until)}.
          </p>
          {r.decisions
            .filter((d) => d.outcome === 'approved')
            .map((d) => (
              <p class="govuk-body-s govuk-!-margin-bottom-0" key={d.decidedAt}>
                Why ({capacityLabel(d.capacity)}): “{d.note}”
              </p>
            ))}
        </div>
      )}

      <h2 class="govuk-heading-m">What is asked for</h2>
      <dl class="govuk-summary-list" data-testid="request-summary">
        <Row label="Requester">
          {r.requesterName}, {r.requesterOrganisationName}
          <br />
          <span class="govuk-body-s">{r.requesterEmail}</span>
        </Row>
        <Row label="Dataset">
          {requestDataset(r)}
          <br />
          <strong class={`govuk-tag ${r.sensitivity === 'OFFICIAL-SENSITIVE' ? 'govuk-tag--orange' : 'govuk-tag--grey'}`}>{r.sensitivity}</strong>
        </Row>
        <Row label="Level">{LEVEL_LABELS[r.level]}</Row>
        <Row label="Areas">{areaNames(r.areas)}</Row>
        <Row label="Data period">
          {r.dataPeriod.from ? formatMonthRange(r.dataPeriod.from, r.dataPeriod.to) : 'No data loaded yet'}
          <br />
          <span class="govuk-body-s">Access covers every month the dataset holds, including months loaded later.</span>
        </Row>
        <Row label="Personal data">
          {personal.length === 0
            ? 'None in this dataset'
            : r.level === 'identifiable'
              ? `Yes: ${personal.map((c) => c.label).join(', ')}`
              : `No: the dataset’s personal data (${personal.map((c) => c.label).join(', ')}) is withheld at this level`}
        </Row>
        <Row label="Purpose">{r.purpose}</Row>
        <Row label="Access ends">{formatDate(r.until)}</Row>
        <Row label="Asked">{formatDateTime(r.createdAt)}</Row>
      </dl>

      <h2 class="govuk-heading-m">Columns</h2>
      <table class="govuk-table" data-testid="request-columns">
        <caption class="govuk-visually-hidden">The dataset’s columns and whether this request reaches them</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Column</th>
            <th scope="col" class="govuk-table__header">Personal data</th>
            <th scope="col" class="govuk-table__header">Seen at the level asked for</th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {r.columns.map((c) => (
            <tr class="govuk-table__row" key={c.name}>
              <td class="govuk-table__cell">{c.label}</td>
              <td class="govuk-table__cell">{c.personal ? <strong class="govuk-tag govuk-tag--orange">Personal data</strong> : 'No'}</td>
              <td class="govuk-table__cell">{c.included ? 'Yes' : 'No'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {r.level === 'aggregate' && <p class="govuk-body-s">At aggregate level only counts are seen, grouped by these columns; small numbers are suppressed.</p>}

      <h2 class="govuk-heading-m">Agreement</h2>
      {r.agreement ? (
        <dl class="govuk-summary-list" data-testid="request-agreement">
          <Row label="Agreement">
            <Link class="govuk-link" href={`/access/agreements?agreement=${r.agreement.id}`}>
              {r.agreement.title}
            </Link>
          </Row>
          <Row label="Lawful basis">{r.agreement.lawfulBasis}</Row>
          <Row label="Its purpose">{r.agreement.purpose}</Row>
          <Row label="In force">
            {formatDate(r.agreement.startsAt)} to {formatDate(r.agreement.endsAt)} ({r.agreement.status})
          </Row>
          <Row label="Dataset’s lawful basis">{r.datasetLawfulBasis}</Row>
        </dl>
      ) : (
        <p class="govuk-body">The agreement this request rests on no longer exists.</p>
      )}

      <h2 class="govuk-heading-m">What {r.requesterName || r.requesterEmail} already holds</h2>
      {r.holdings.length === 0 ? (
        <p class="govuk-body">No access to other partners’ data.</p>
      ) : (
        <table class="govuk-table" data-testid="request-holdings">
          <caption class="govuk-visually-hidden">The requester’s live grants</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Dataset</th>
              <th scope="col" class="govuk-table__header">Level and areas</th>
              <th scope="col" class="govuk-table__header">Held by</th>
              <th scope="col" class="govuk-table__header">Ends</th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {r.holdings.map((h) => (
              <tr class="govuk-table__row" key={h.grantId}>
                <td class="govuk-table__cell">{ownedLabel({ title: h.datasetTitle, ownerName: h.datasetOwnerName })}</td>
                <td class="govuk-table__cell">
                  {LEVEL_NAMES[h.level]}
                  <br />
                  <span class="govuk-body-s">{areaNames(h.areas)}</span>
                </td>
                <td class="govuk-table__cell">{h.byOrganisation ? 'Their whole organisation' : 'Them by name'}</td>
                <td class="govuk-table__cell">{formatDate(h.endsAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2 class="govuk-heading-m">Decisions</h2>
      <p class="govuk-body">
        {RULE_TEXT[r.approvalRule]} must approve.{' '}
        {r.status === 'pending' && r.awaiting.length > 0 && `Waiting for ${r.awaiting.map(capacityLabel).join(r.approvalRule === 'either' ? ' or ' : ' and ')}.`}
      </p>
      {r.decisions.length === 0 ? <p class="govuk-body">Nobody has decided yet.</p> : <Decisions request={r} />}
      <ul class="govuk-list govuk-body-s govuk-!-margin-top-2" data-testid="seen-by">
        {r.seenBy.map((v) => (
          <li key={v.email}>
            Opened by {capacityLabel(v.capacity)} ({v.email}) on {formatDateTime(v.firstSeenAt)}
          </li>
        ))}
        {r.status === 'pending' &&
          (['data_owner', 'imb'] as const)
            .filter((c) => r.approvalRule === 'both' || r.approvalRule === 'either' || r.approvalRule === c)
            .filter((c) => !r.seenBy.some((v) => v.capacity === c))
            .map((c) => <li key={c}>Not yet opened by {capacityLabel(c)}</li>)}
      </ul>
      {r.canDecide && (
        <>
          <h2 class="govuk-heading-m govuk-!-margin-top-6">Your decision</h2>
          <DecisionForm
            request={r}
            onDecided={async (message) => {
              await request.reload();
              setDone(message);
            }}
          />
        </>
      )}
      {r.status !== 'pending' && r.decidedAt && <p class="govuk-body-s">Settled {formatDateTime(r.decidedAt)}. {plural(r.decisions.length, 'decision')} recorded.</p>}
    </>
  );
}
