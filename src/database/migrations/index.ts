import { Foundation1795420800000 } from './1795420800000-foundation.js';
import { Datasets1795507200000 } from './1795507200000-datasets.js';
import { AccessGrants1795604417000 } from './1795604417000-access-grants.js';
import { Governance1795712345000 } from './1795712345000-governance.js';
import { Ingest1795610000000 } from './1795610000000-ingest.js';
import { Views1795800000000 } from './1795800000000-views.js';
import { CaseReview1795900000000 } from './1795900000000-case-review.js';
import { SsoAndApiTokens1795900015000 } from './1795900015000-sso-and-api-tokens.js';
import { Retention1795900030000 } from './1795900030000-retention.js';
import { NotificationsEmail1796016000000 } from './1796016000000-notifications-email.js';
import { DisclosureLedger1796100000000 } from './1796100000000-disclosure-ledger.js';
import { ApiTokenCeiling1796200000000 } from './1796200000000-api-token-ceiling.js';
import { AlertsAndBoardPacks1796400000000 } from './1796400000000-alerts-and-board-packs.js';
import { SubjectAccess1796500000000 } from './1796500000000-subject-access.js';
import { PartialApproval1796600000000 } from './1796600000000-partial-approval.js';
import { LoadPreview1796600001000 } from './1796600001000-load-preview.js';
import { RequestViews1796600002000 } from './1796600002000-request-views.js';
import { DisclosureSpend1796700000000 } from './1796700000000-disclosure-spend.js';

/** Every migration, oldest first. Listed explicitly: ESM builds cannot glob-load them. */
export const MIGRATIONS = [Foundation1795420800000, Datasets1795507200000, AccessGrants1795604417000, Ingest1795610000000, Governance1795712345000, Views1795800000000, CaseReview1795900000000, SsoAndApiTokens1795900015000, Retention1795900030000, NotificationsEmail1796016000000, DisclosureLedger1796100000000, ApiTokenCeiling1796200000000, AlertsAndBoardPacks1796400000000, SubjectAccess1796500000000, PartialApproval1796600000000, LoadPreview1796600001000, RequestViews1796600002000, DisclosureSpend1796700000000];
