import { AuditEntry } from '../audit/audit-entry.entity.js';
import { Session } from '../auth/session.entity.js';
import { SignInThrottle } from '../auth/sign-in-throttle.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { User } from '../users/user.entity.js';
import { Dataset } from '../datasets/dataset.entity.js';
import { Grant } from '../access/grant.entity.js';
import { Agreement } from '../governance/agreement.entity.js';
import { AccessRequest } from '../governance/access-request.entity.js';
import { AccessDecision } from '../governance/access-decision.entity.js';
import { Notification } from '../governance/notification.entity.js';
import { Feed } from '../ingest/feed.entity.js';
import { Load } from '../ingest/load.entity.js';
import { SavedView } from '../views/saved-view.entity.js';
import { Dashboard } from '../views/dashboard.entity.js';
import { CaseReview } from '../case-review/case-review.entity.js';
import { CaseReviewMember } from '../case-review/case-review-member.entity.js';
import { CaseReviewItem } from '../case-review/case-review-item.entity.js';
import { IdentityProvider } from '../sso/identity-provider.entity.js';
import { SsoAttempt } from '../sso/sso-attempt.entity.js';
import { OutboxMessage } from '../mail/outbox-message.entity.js';
import { EmailPreference } from '../mail/email-preference.entity.js';
import { ScheduledJob } from '../scheduler/scheduled-job.entity.js';
import { Subscription } from '../subscriptions/subscription.entity.js';
import { ViewAlert } from '../subscriptions/view-alert.entity.js';
import { BoardPack } from '../board-pack/board-pack.entity.js';

/** Every TypeORM entity of the PostgreSQL store. */
export const ENTITIES = [Organisation, User, Session, SignInThrottle, AuditEntry, Dataset, Grant, Feed, Load, Agreement, AccessRequest, AccessDecision, Notification, SavedView, Dashboard, CaseReview, CaseReviewMember, CaseReviewItem, IdentityProvider, SsoAttempt, OutboxMessage, EmailPreference, ScheduledJob, Subscription, ViewAlert, BoardPack];
