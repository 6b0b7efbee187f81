/** Why a single sign-on failed, in terms an administrator can act on. */
export type SsoFailureReason =
  | 'provider_unreachable'
  | 'provider_bad_answer'
  | 'wrong_issuer'
  | 'client_rejected'
  | 'provider_refused'
  | 'id_token_signature'
  | 'id_token_expired'
  | 'wrong_audience'
  | 'wrong_nonce'
  | 'missing_claims'
  | 'invalid_response';

/** A failure at the provider or in its answer. The user sees a plain page; the admin sees `detail`. */
export class SsoFailure extends Error {
  constructor(
    readonly reason: SsoFailureReason,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'SsoFailure';
  }
}

const ADVICE: Record<SsoFailureReason, string> = {
  provider_unreachable: 'The provider did not answer. Check the issuer URL and that the hub can reach it.',
  provider_bad_answer: 'The provider answered with something that is not OpenID Connect metadata or a token response.',
  wrong_issuer: 'The issuer the provider names is not the one configured. Use exactly the issuer from its discovery document.',
  client_rejected: 'The provider refused the hub as a client. Check the client id, the secret or key, and the authentication method.',
  provider_refused: 'The provider refused the sign-in.',
  id_token_signature: "The ID token's signature does not match the provider's published keys.",
  id_token_expired: "The ID token is outside its validity period. Check both servers' clocks, or raise the clock tolerance.",
  wrong_audience: 'The ID token was issued for another client. Check the client id.',
  wrong_nonce: 'The ID token does not answer this sign-in (nonce mismatch).',
  missing_claims: 'The ID token lacks a claim the hub needs.',
  invalid_response: 'The provider answered in a way the hub could not accept.',
};

export function adviceFor(reason: SsoFailureReason): string {
  return ADVICE[reason];
}

interface ErrorLike {
  message?: string;
  code?: string;
  name?: string;
  error?: string;
  error_description?: string;
  cause?: unknown;
  claim?: string;
  attribute?: string;
}

/** Turns an openid-client error (and its chain of causes) into a reason and a sentence for the log. */
export function classifyOidcError(err: unknown): SsoFailure {
  if (err instanceof SsoFailure) return err;
  const chain: ErrorLike[] = [];
  for (let e = err as ErrorLike | undefined, i = 0; e && typeof e === 'object' && i < 6; e = e.cause as ErrorLike | undefined, i++) chain.push(e);
  const text = chain.map((e) => e.message).filter(Boolean).join(': ');
  const codes = new Set(chain.map((e) => e.code).filter(Boolean));
  const claim = chain.map((e) => e.claim ?? (e.cause as ErrorLike | undefined)?.claim).find(Boolean);
  const attribute = chain.map((e) => e.attribute ?? (e.cause as ErrorLike | undefined)?.attribute).find(Boolean);
  const oauthError = chain.map((e) => e.error).find((x) => typeof x === 'string');
  const detail = (reason: SsoFailureReason, extra = text) => new SsoFailure(reason, `${adviceFor(reason)} (${extra || 'no detail'})`);

  if (codes.has('OAUTH_AUTHORIZATION_RESPONSE_ERROR')) return detail('provider_refused', `${oauthError}: ${chain[0]?.error_description ?? ''}`.trim());
  if (oauthError === 'invalid_client' || oauthError === 'unauthorized_client') return detail('client_rejected', `${oauthError}: ${text}`);
  if (codes.has('OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED') && attribute === 'issuer') return detail('wrong_issuer');
  if (codes.has('OAUTH_JWT_CLAIM_COMPARISON_FAILED')) {
    if (claim === 'iss') return detail('wrong_issuer');
    if (claim === 'aud' || claim === 'azp') return detail('wrong_audience');
    if (claim === 'nonce') return detail('wrong_nonce');
  }
  if (codes.has('OAUTH_JWT_TIMESTAMP_CHECK_FAILED')) return detail('id_token_expired');
  if (/signature verification failed/i.test(text)) return detail('id_token_signature');
  if (/missing.*claim|claim.*missing|"(sub|iss|aud|exp|iat)"/i.test(text) && codes.has('OAUTH_INVALID_RESPONSE')) return detail('missing_claims');
  if (codes.has('OAUTH_RESPONSE_IS_NOT_JSON') || codes.has('OAUTH_PARSE_ERROR') || codes.has('OAUTH_RESPONSE_IS_NOT_CONFORM')) return detail('provider_bad_answer');
  if (codes.has('OAUTH_INVALID_RESPONSE') || codes.has('OAUTH_INVALID_SERVER_METADATA') || codes.has('OAUTH_MISSING_SERVER_METADATA')) return detail('invalid_response');
  if (chain.some((e) => e.name === 'TimeoutError' || e.name === 'AbortError' || /fetch failed|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|socket/i.test(e.message ?? '') || /^E[A-Z]+$/.test(e.code ?? ''))) {
    return detail('provider_unreachable');
  }
  if (oauthError) return detail('provider_refused', `${oauthError}: ${text}`);
  return detail('invalid_response');
}
