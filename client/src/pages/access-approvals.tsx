import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.js';
import { session } from '../api/session.js';
import { Banner, LoadError, Loading } from '../components/coming-soon.js';
import { ErrorSummary, type FieldError } from '../components/error-summary.js';
import { StatusTag } from '../components/status-tag.js';
import { useResource } from '../components/use-resource.js';
import { capacityLabel } from './access-mine.js';
import { type AccessRequest, areaNames, requestDataset, formatDate, formatDateTime, LEVEL_LABELS, LEVEL_NAMES } from './access-types.js';
import { useTitle } from './use-title.js';

const RULE_TEXT: Record<AccessRequest['approvalRule'], string> = {
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
                  {r.requesterName || r.requesterEmail}
                  <br />
                  <span class="govuk-body-s">{r.requesterOrganisationName}</span>
                </td>
                <td class="govuk-table__cell">
                  {requestDataset(r)}
                  <br />
                  <span class="govuk-body-s">{LEVEL_NAMES[r.level]}, {areaNames(r.areas)}</span>
                </td>
                <td class="govuk-table__cell">
                  <StatusTag status={r.status} />
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
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const noteId = `note-${r.id}`;

  const decide = async (outcome: 'approve' | 'refuse') => {
    if (note.trim().length < 3) {
      setErrors([{ field: noteId, message: outcome === 'approve' ? 'Give a note of at least 3 characters to approve' : 'Say why you refuse, in at least 3 characters' }]);
      return;
    }
    setErrors([]);
    setBusy(true);
    try {
      const after = await session.request<AccessRequest>('POST', `/api/governance/access-requests/${r.id}/${outcome}`, { note: note.trim() });
      const who = `${r.requesterEmail} (${requestDataset(r)}, ${r.level})`;
      await onDecided(
        outcome === 'refuse'
          ? `You refused the request from ${who}.`
          : after.status === 'approved'
            ? `You approved the request from ${who}. Their access starts now.`
            : `You approved the request from ${who}. It still needs ${after.awaiting.map(capacityLabel).join(' and ')}.`,
      );
    } catch (err) {
      setErrors([{ message: messageOf(err) }]);
      setBusy(false);
    }
  };

  return (
    <section class="govuk-summary-card" aria-labelledby={`request-${r.id}-title`} data-testid="request-to-decide">
      <div class="govuk-summary-card__title-wrapper">
        <h2 class="govuk-summary-card__title" id={`request-${r.id}-title`}>
          {r.requesterName || r.requesterEmail} ({r.requesterOrganisationName}) asks for {r.level} access to {requestDataset(r)}
        </h2>
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
            {r.decisions.map((d) => (
              <p class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0" key={d.decidedAt}>
                Approved by {d.deciderEmail} ({capacityLabel(d.capacity)}): “{d.note}”
              </p>
            ))}
          </Row>
          <Row label="Asked">{formatDateTime(r.createdAt)}</Row>
        </dl>
        <ErrorSummary errors={errors} />
        <div class={`govuk-form-group${errors.some((e) => e.field) ? ' govuk-form-group--error' : ''}`}>
          <label class="govuk-label govuk-label--s" for={noteId}>
            Note for the requester
          </label>
          <div class="govuk-hint" id={`${noteId}-hint`}>
            Kept with the decision and sent to {r.requesterEmail}.
          </div>
          <textarea class="govuk-textarea" id={noteId} rows={2} value={note} aria-describedby={`${noteId}-hint`} onInput={(e) => setNote(e.currentTarget.value)} />
        </div>
        <div class="govuk-button-group">
          <button type="button" class="govuk-button" data-module="govuk-button" disabled={busy} onClick={() => decide('approve')}>
            Approve<span class="govuk-visually-hidden"> the request from {r.requesterEmail}</span>
          </button>
          <button type="button" class="govuk-button govuk-button--warning" data-module="govuk-button" disabled={busy} onClick={() => decide('refuse')}>
            Refuse<span class="govuk-visually-hidden"> the request from {r.requesterEmail}</span>
          </button>
        </div>
      </div>
    </section>
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
