import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.js';
import { session } from '../api/session.js';
import { Banner, LoadError, Loading } from '../components/coming-soon.js';
import { DateInput, type DateParts, isoOf, partsOf } from '../components/date-input.js';
import { ErrorSummary, errorFor, type FieldError } from '../components/error-summary.js';
import { StatusTag } from '../components/status-tag.js';
import { TextInput } from '../components/text-input.js';
import { useResource } from '../components/use-resource.js';
import { formatDate, formatDateTime } from '../format.js';
import { curlExample } from './api-token-example.js';
import { useTitle } from './use-title.js';

type TokenKind = 'feed_upload' | 'dataset_query';
type Level = 'aggregate' | 'record' | 'identifiable';

interface ApiToken {
  id: string;
  name: string;
  kind: TokenKind;
  prefix: string;
  feed: string | null;
  dataset: string | null;
  target: string;
  level: Level | null;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  lastUsedAddress: string | null;
  status: 'active' | 'expired' | 'revoked' | 'suspended';
  revocable: boolean;
}

interface Targets {
  feeds: { slug: string; title: string }[];
  datasets: { slug: string; title: string; level: Level }[];
  maxDays: number;
}

/** A token just made: the only time its secret is on screen. */
interface Created {
  token: ApiToken;
  secret: string;
}

const KIND_LABELS: Record<TokenKind, string> = { feed_upload: 'Feed upload', dataset_query: 'Dataset query' };
const LEVEL_LABELS: Record<Level, string> = { aggregate: 'counts only', record: 'rows without personal data', identifiable: 'rows with personal data' };
const RANK: Record<Level, number> = { aggregate: 0, record: 1, identifiable: 2 };

/** What a token may see, in words for the list. */
function kindLabel(t: ApiToken): string {
  if (t.kind === 'feed_upload') return KIND_LABELS.feed_upload;
  return `${KIND_LABELS.dataset_query} (${t.level ? LEVEL_LABELS[t.level] : 'up to its creator’s level'})`;
}

/** Scoped API tokens: the list with last use and revoke, and the form that makes one and shows its secret once. */
export function AccessTokensPage() {
  useTitle('API tokens');
  const tokens = useResource<ApiToken[]>('/api/api-tokens');
  const targets = useResource<Targets>('/api/api-tokens/targets');
  const [created, setCreated] = useState<Created | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const revoke = async (token: ApiToken) => {
    if (!confirm(`Revoke “${token.name}”? Anything using it is refused from its next request.`)) return;
    setActionError(null);
    try {
      await session.request('POST', `/api/api-tokens/${token.id}/revoke`);
      if (created?.token.id === token.id) setCreated(null);
      await tokens.reload();
    } catch (err) {
      setActionError(messageOf(err));
    }
  };

  return (
    <>
      <h1 class="govuk-heading-l">API tokens</h1>
      <p class="govuk-body">
        A token lets a partner’s own system do one thing without a person signing in: upload files to one feed (a nightly export), or ask read-only questions of one
        dataset at your level of access (a BI tool). It never carries more than you have: if your access ends or your account is disabled, so does the token’s.
      </p>
      {created && <SecretBanner created={created} onDone={() => setCreated(null)} />}
      {actionError && <LoadError message={actionError} />}
      {tokens.error && <LoadError message={tokens.error} />}
      {!tokens.data && !tokens.error && <Loading what="Loading tokens" />}
      {tokens.data && tokens.data.length === 0 && <p class="govuk-body">There are no API tokens yet.</p>}
      {tokens.data && tokens.data.length > 0 && <TokenTable tokens={tokens.data} onRevoke={revoke} />}
      {targets.error && <LoadError message={targets.error} />}
      {targets.data && (
        <CreateTokenForm
          targets={targets.data}
          onCreated={async (c) => {
            setCreated(c);
            await tokens.reload();
            window.scrollTo(0, 0);
          }}
        />
      )}
    </>
  );
}

function TokenTable({ tokens, onRevoke }: { tokens: ApiToken[]; onRevoke: (t: ApiToken) => void }) {
  return (
    <table class="govuk-table" data-testid="api-tokens">
      <caption class="govuk-table__caption govuk-table__caption--m">{tokens.length === 1 ? '1 token' : `${tokens.length} tokens`}</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">Name</th>
          <th scope="col" class="govuk-table__header">Kind</th>
          <th scope="col" class="govuk-table__header">Feed or dataset</th>
          <th scope="col" class="govuk-table__header">Created by</th>
          <th scope="col" class="govuk-table__header">Expires</th>
          <th scope="col" class="govuk-table__header">Last used</th>
          <th scope="col" class="govuk-table__header">Status</th>
          <th scope="col" class="govuk-table__header">
            <span class="govuk-visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {tokens.map((t) => (
          <tr class="govuk-table__row" key={t.id}>
            <td class="govuk-table__cell">
              {t.name}
              <br />
              <code class="govuk-body-s">{t.prefix}…</code>
            </td>
            <td class="govuk-table__cell">{kindLabel(t)}</td>
            <td class="govuk-table__cell">
              {t.target}
              <br />
              <span class="govuk-body-s">{t.feed ?? t.dataset}</span>
            </td>
            <td class="govuk-table__cell">
              {t.createdBy}
              <br />
              <span class="govuk-body-s">{formatDate(t.createdAt)}</span>
            </td>
            <td class="govuk-table__cell">{formatDate(t.expiresAt)}</td>
            <td class="govuk-table__cell">
              {t.lastUsedAt ? (
                <>
                  {formatDateTime(t.lastUsedAt)}
                  {t.lastUsedAddress && (
                    <>
                      <br />
                      <span class="govuk-body-s">from {t.lastUsedAddress}</span>
                    </>
                  )}
                </>
              ) : (
                'Never'
              )}
            </td>
            <td class="govuk-table__cell">
              <StatusTag status={t.status} label={t.status === 'suspended' ? 'creator disabled' : undefined} />
            </td>
            <td class="govuk-table__cell app-table-actions">
              {t.revocable && (
                <button type="button" class="govuk-button govuk-button--warning govuk-!-margin-bottom-0" onClick={() => onRevoke(t)}>
                  Revoke<span class="govuk-visually-hidden"> {t.name}</span>
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SecretBanner({ created, onDone }: { created: Created; onDone: () => void }) {
  const [copied, setCopied] = useState<string | null>(null);
  const example = curlExample(created, location.origin);
  const copy = async (what: string, text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(what);
    } catch {
      setCopied(null);
    }
  };
  return (
    <Banner success title="Token created">
      <p class="govuk-notification-banner__heading">“{created.token.name}” is ready. Copy it now: this is the only time the hub shows it.</p>
      <p class="govuk-body">
        <span class="app-one-time-password app-token-secret" data-testid="token-secret">
          {created.secret}
        </span>
      </p>
      <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-4" onClick={() => copy('token', created.secret)}>
        Copy token
      </button>
      <h3 class="govuk-heading-s">{created.token.kind === 'feed_upload' ? 'Upload a file with it' : 'Ask a question with it'}</h3>
      {/* Focusable, so a keyboard can scroll a long line into view. */}
      <pre class="app-code" data-testid="curl-example" tabIndex={0} role="region" aria-label="Example command">
        <code>{example}</code>
      </pre>
      <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-4" onClick={() => copy('example', example)}>
        Copy example
      </button>
      <p class="govuk-body" role="status">
        {copied === 'token' ? 'Token copied.' : copied === 'example' ? 'Example copied.' : ''}
      </p>
      <p class="govuk-body">
        Keep it where the job runs, like a password. It works until {formatDate(created.token.expiresAt)} unless you revoke it.{' '}
        <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={onDone}>
          I have stored it
        </button>
      </p>
    </Banner>
  );
}

function CreateTokenForm({ targets, onCreated }: { targets: Targets; onCreated: (c: Created) => void }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<TokenKind>(targets.feeds.length ? 'feed_upload' : 'dataset_query');
  const [target, setTarget] = useState('');
  /** A query token's ceiling; '' for up to the creator's level. */
  const [ceiling, setCeiling] = useState<Level | ''>('aggregate');
  const [expires, setExpires] = useState<DateParts>(partsOf(new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10)));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const choices = kind === 'feed_upload' ? targets.feeds : targets.datasets;
  const myLevel = kind === 'dataset_query' ? targets.datasets.find((d) => d.slug === target)?.level : undefined;
  /** Choosing a dataset where the chosen ceiling is above one's own level falls back to counts. */
  const choose = (slug: string) => {
    setTarget(slug);
    const level = targets.datasets.find((d) => d.slug === slug)?.level;
    if (kind === 'dataset_query' && level && ceiling && RANK[ceiling] > RANK[level]) setCeiling('aggregate');
  };
  if (!targets.feeds.length && !targets.datasets.length) {
    return <p class="govuk-body">There is no feed or dataset you can make a token for.</p>;
  }

  const submit = async (event: Event) => {
    event.preventDefault();
    const problems: FieldError[] = [];
    const expiresAt = isoOf(expires);
    if (name.trim().length < 3) problems.push({ field: 'token-name', message: 'Enter a name of at least 3 characters that says what will use the token' });
    if (!target) problems.push({ field: 'token-target', message: kind === 'feed_upload' ? 'Select the feed' : 'Select the dataset' });
    if (!expiresAt) problems.push({ field: 'token-expires-day', message: 'Enter the expiry date as a real date, like 31 3 2027' });
    setErrors(problems);
    if (problems.length) return;
    setBusy(true);
    try {
      const query = { dataset: target, ...(ceiling ? { level: ceiling } : {}) };
      const body = { name: name.trim(), kind, expiresAt, ...(kind === 'feed_upload' ? { feed: target } : query) };
      const result = await session.request<Created>('POST', '/api/api-tokens', body);
      setName('');
      setTarget('');
      onCreated(result);
    } catch (err) {
      setErrors([{ message: messageOf(err) }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate data-testid="create-token">
      <h2 class="govuk-heading-m">Create a token</h2>
      <ErrorSummary errors={errors} />
      <TextInput id="token-name" label="Name" hint="What will use it, e.g. Nightly export from the case system" value={name} onInput={setName} error={errorFor(errors, 'token-name')} width="govuk-!-width-two-thirds" />
      <div class="govuk-form-group">
        <fieldset class="govuk-fieldset">
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">What may it do?</legend>
          <div class="govuk-radios" data-module="govuk-radios">
            {targets.feeds.length > 0 && (
              <div class="govuk-radios__item">
                <input class="govuk-radios__input" id="token-kind-feed" name="token-kind" type="radio" checked={kind === 'feed_upload'} onChange={() => (setKind('feed_upload'), setTarget(''))} />
                <label class="govuk-label govuk-radios__label" for="token-kind-feed">
                  Upload files to one feed, and read those loads’ results
                </label>
              </div>
            )}
            {targets.datasets.length > 0 && (
              <div class="govuk-radios__item">
                <input class="govuk-radios__input" id="token-kind-query" name="token-kind" type="radio" checked={kind === 'dataset_query'} onChange={() => (setKind('dataset_query'), setTarget(''))} />
                <label class="govuk-label govuk-radios__label" for="token-kind-query">
                  Ask read-only questions of one dataset, at your level of access
                </label>
              </div>
            )}
          </div>
        </fieldset>
      </div>
      <div class={`govuk-form-group${errorFor(errors, 'token-target') ? ' govuk-form-group--error' : ''}`}>
        <label class="govuk-label" for="token-target">
          {kind === 'feed_upload' ? 'Feed' : 'Dataset'}
        </label>
        {errorFor(errors, 'token-target') && (
          <p id="token-target-error" class="govuk-error-message">
            <span class="govuk-visually-hidden">Error:</span> {errorFor(errors, 'token-target')}
          </p>
        )}
        <select class="govuk-select" id="token-target" value={target} onChange={(e) => choose(e.currentTarget.value)}>
          <option value="">Choose…</option>
          {choices.map((c) => (
            <option key={c.slug} value={c.slug}>
              {c.title} ({c.slug})
            </option>
          ))}
        </select>
      </div>
      {kind === 'dataset_query' && (
        <div class="govuk-form-group">
          <fieldset class="govuk-fieldset" aria-describedby="token-level-hint">
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">How much may it see?</legend>
            <div id="token-level-hint" class="govuk-hint">
              Never more than you can see yourself{myLevel ? ` (now: ${LEVEL_LABELS[myLevel]})` : ''}. Give it the least the tool needs.
            </div>
            <div class="govuk-radios govuk-radios--small" data-module="govuk-radios">
              {(['aggregate', 'record'] as const).map((l) => (
                <div class="govuk-radios__item" key={l}>
                  <input class="govuk-radios__input" id={`token-level-${l}`} name="token-level" type="radio" checked={ceiling === l} disabled={myLevel !== undefined && RANK[l] > RANK[myLevel]} onChange={() => setCeiling(l)} />
                  <label class="govuk-label govuk-radios__label" for={`token-level-${l}`}>
                    {l === 'aggregate' ? 'Counts only' : 'Rows without personal data'}
                  </label>
                </div>
              ))}
              <div class="govuk-radios__item">
                <input class="govuk-radios__input" id="token-level-mine" name="token-level" type="radio" checked={ceiling === ''} onChange={() => setCeiling('')} />
                <label class="govuk-label govuk-radios__label" for="token-level-mine">
                  Whatever my access is at the time of each question
                </label>
              </div>
            </div>
          </fieldset>
        </div>
      )}
      <DateInput id="token-expires" legend="Expires" hint={`At most ${targets.maxDays} days from today. For example, 31 3 2027`} value={expires} onChange={setExpires} error={errorFor(errors, 'token-expires-day')} />
      <button type="submit" class="govuk-button" disabled={busy}>
        Create token
      </button>
    </form>
  );
}
