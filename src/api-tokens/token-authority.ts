import { hasPermission, Permission } from '../auth/permission.js';
import { Role } from '../auth/role.js';

/** What the rules need to know about a token's creator, as they are now. */
export interface TokenCreator {
  roles: readonly Role[];
  organisationId: string;
  disabled: boolean;
}

export type Authority = { ok: true } | { ok: false; code: string; message: string };

const OK: Authority = { ok: true };

/**
 * Whether the creator may hand a feed's uploads to a token: administrators for any feed, data
 * owners for the feeds of their own organisation's datasets. Asked at creation and on every use,
 * so a creator who is disabled, loses the role or moves organisation takes the token's right away.
 */
export function feedAuthority(creator: TokenCreator, datasetOwnerOrganisationId: string): Authority {
  if (creator.disabled) return { ok: false, code: 'token_creator_disabled', message: 'The account that created this API token is disabled, so the token cannot be used.' };
  if (creator.roles.includes(Role.Admin)) return OK;
  if (creator.roles.includes(Role.DataOwner) && creator.organisationId === datasetOwnerOrganisationId) return OK;
  return { ok: false, code: 'token_creator_lacks_rights', message: 'Only an administrator or a data owner of the organisation that owns the feed’s dataset can give a token its uploads.' };
}

/**
 * Whether the creator may hand read-only questions of a dataset to a token: they must still manage
 * tokens and still have some access to the dataset. The level is not decided here: questions asked
 * with the token run under the creator's access as it is at that moment.
 */
export function queryAuthority(creator: TokenCreator, hasAccess: boolean): Authority {
  if (creator.disabled) return { ok: false, code: 'token_creator_disabled', message: 'The account that created this API token is disabled, so the token cannot be used.' };
  if (!hasPermission(creator.roles, Permission.ApiTokensManage) || !hasPermission(creator.roles, Permission.DataQuery)) {
    return { ok: false, code: 'token_creator_lacks_rights', message: 'The account that created this API token may no longer give tokens query access.' };
  }
  if (!hasAccess) return { ok: false, code: 'token_creator_no_access', message: 'The account that created this API token has no access to its dataset now, so neither has the token.' };
  return OK;
}
