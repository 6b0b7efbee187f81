import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.js';
import { session } from '../api/session.js';
import type { Me } from '../api/types.js';
import { Banner, LoadError, Loading } from '../components/coming-soon.js';
import { ErrorSummary, type FieldError } from '../components/error-summary.js';
import { StatusTag } from '../components/status-tag.js';
import { useResource } from '../components/use-resource.js';
import { Link, navigate, type Route, setParams } from '../router.js';
import { Row } from './access-approvals.js';
import { useNames } from './access-names.js';
import { areaNames, formatDate, type Grant, LEVEL_NAMES } from './access-types.js';
import { useTitle } from './use-title.js';

/** What revoking does, said the same way on the warning and on the banner after it. */
export const REVOKE_EFFECT = 'The hub refuses their next request for this data, and tells them why. Anything they already downloaded stays with them.';

/** Grants: live or all, each revocable with a reason on a confirmation page (`?revoke=<id>`). */
export function AccessGrantsPage({ me, route }: { me: Me; route: Route }) {
  const status = route.params.get('status') === 'all' ? 'all' : 'live';
  const grants = useResource<Grant[]>(`/api/grants?status=${status}`);
  const names = useNames();
  const grantee = (g: Grant) => (g.granteeOrganisationSlug ? names.organisation(g.granteeOrganisationSlug) : 'A named user');
  const [revoked, setRevoked] = useState<string | null>(null);
  // IMB members and data owners revoke through governance; administrators through the grants API.
  const revokePath = me.permissions.includes('access.approve') ? (id: string) => `/api/governance/grants/${id}/revoke` : me.permissions.includes('grants.manage') ? (id: string) => `/api/grants/${id}/revoke` : null;
  const revoking = route.params.get('revoke');
  useTitle(revoking ? 'Revoke access' : 'Grants');

  if (revoking && revokePath) {
    const grant = grants.data?.find((g) => g.id === revoking);
    if (!grant) return grants.error ? <LoadError message={grants.error} /> : grants.loading ? <Loading /> : <LoadError message="That grant is not in the list any more. It may have ended already." />;
    return (
      <RevokeGrant
        grant={grant}
        dataset={names.dataset(grant.datasetSlug)}
        grantee={grantee(grant)}
        path={revokePath(grant.id)}
        onDone={async () => {
          setRevoked(`Access to ${names.dataset(grant.datasetSlug)} for ${grant.granteeOrganisationSlug ? names.organisation(grant.granteeOrganisationSlug) : 'the named user'} has been revoked. ${REVOKE_EFFECT}`);
          await grants.reload();
          setParams({ revoke: null });
        }}
      />
    );
  }

  return (
    <>
      <h1 class="govuk-heading-l">Grants</h1>
      {revoked && (
        <Banner success title="Access revoked">
          <p class="govuk-notification-banner__heading">{revoked}</p>
        </Banner>
      )}
      <p class="govuk-body">
        {status === 'live' ? 'Access in force now. ' : 'Every grant, including those ended or revoked. '}
        <Link href={status === 'live' ? '/access/grants?status=all' : '/access/grants'}>{status === 'live' ? 'Show all grants' : 'Show only live grants'}</Link>
      </p>
      {grants.error && <LoadError message={grants.error} />}
      {!grants.data && !grants.error && <Loading what="Loading grants" />}
      {grants.data && grants.data.length === 0 && <p class="govuk-body">There are no grants to show.</p>}
      {grants.data && grants.data.length > 0 && (
        <table class="govuk-table" data-testid="grants">
          <caption class="govuk-visually-hidden">Grants</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Dataset</th>
              <th scope="col" class="govuk-table__header">Grantee</th>
              <th scope="col" class="govuk-table__header">Level and areas</th>
              <th scope="col" class="govuk-table__header">Period</th>
              <th scope="col" class="govuk-table__header">Status</th>
              <th scope="col" class="govuk-table__header">
                <span class="govuk-visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {grants.data.map((g) => (
              <tr class="govuk-table__row" key={g.id}>
                <td class="govuk-table__cell">
                  {names.dataset(g.datasetSlug)}
                  <br />
                  <span class="govuk-body-s">{g.purpose}</span>
                </td>
                <td class="govuk-table__cell">{grantee(g)}</td>
                <td class="govuk-table__cell">
                  {LEVEL_NAMES[g.level]}
                  <br />
                  <span class="govuk-body-s">{areaNames(g.areas)}</span>
                </td>
                <td class="govuk-table__cell govuk-body-s">
                  {formatDate(g.startsAt)} to {formatDate(g.endsAt)}
                  <br />
                  {g.lastUsedAt ? `Last used ${formatDate(g.lastUsedAt)}` : 'Never used'}
                </td>
                <td class="govuk-table__cell">
                  <StatusTag status={g.status} />
                  {g.revokedReason && <p class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">{g.revokedReason}</p>}
                </td>
                <td class="govuk-table__cell">
                  {revokePath && (g.status === 'live' || g.status === 'scheduled') && (
                    <Link class="govuk-link" href={`/access/grants?${new URLSearchParams({ status, revoke: g.id })}`}>
                      Revoke<span class="govuk-visually-hidden"> access to {names.dataset(g.datasetSlug)} for {grantee(g)}</span>
                    </Link>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function RevokeGrant({ grant, dataset, grantee, path, onDone }: { grant: Grant; dataset: string; grantee: string; path: string; onDone: () => Promise<void> }) {
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (reason.trim().length < 3) {
      setErrors([{ field: 'revoke-reason', message: 'Say why the access ends, in at least 3 characters' }]);
      return;
    }
    setBusy(true);
    try {
      await session.request('POST', path, { reason: reason.trim() });
      await onDone();
    } catch (err) {
      setErrors([{ message: messageOf(err) }]);
      setBusy(false);
    }
  };
  return (
    <form noValidate onSubmit={submit}>
      <ErrorSummary errors={errors} />
      <h1 class="govuk-heading-l">Revoke access to {dataset}?</h1>
      <dl class="govuk-summary-list">
        <Row label="Grantee">{grantee}</Row>
        <Row label="Level">{LEVEL_NAMES[grant.level]}</Row>
        <Row label="Areas">{areaNames(grant.areas)}</Row>
        <Row label="Purpose">{grant.purpose}</Row>
        <Row label="Until">{formatDate(grant.endsAt)}</Row>
      </dl>
      <div class="govuk-warning-text">
        <span class="govuk-warning-text__icon" aria-hidden="true">
          !
        </span>
        <strong class="govuk-warning-text__text">
          <span class="govuk-visually-hidden">Warning</span>
          {REVOKE_EFFECT}
        </strong>
      </div>
      <div class={`govuk-form-group${errors.some((e) => e.field) ? ' govuk-form-group--error' : ''}`}>
        <label class="govuk-label govuk-label--s" for="revoke-reason">
          Reason
        </label>
        <textarea class="govuk-textarea" id="revoke-reason" rows={3} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </div>
      <div class="govuk-button-group">
        <button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button" disabled={busy}>
          Revoke access
        </button>
        <a class="govuk-link" href="/access/grants" onClick={(e) => { e.preventDefault(); navigate('/access/grants'); }}>
          Cancel
        </a>
      </div>
    </form>
  );
}
