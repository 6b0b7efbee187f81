import { NotificationKind } from '../governance/notification.entity.js';

/** How a user takes a kind of notice by email. */
export type EmailDelivery = 'off' | 'immediate' | 'digest';

interface KindText {
  /** The subject line: says what happened, never who or how many. */
  subject: string;
  /** Where in the hub to look. */
  path: string;
  /** Shown on the preferences page. */
  label: string;
  initial: EmailDelivery;
}

/**
 * The words of each kind's email. Deliberately generic: an email leaves the hub's access control,
 * so it names no person, case, place or count; it says something needs attention and links to the
 * page where the signed-in user sees the detail they are allowed to see.
 */
export const EMAIL_KINDS: Record<NotificationKind, KindText> = {
  [NotificationKind.ApprovalPending]: { subject: 'An access request is waiting for your decision', path: '/access/approvals', label: 'Access requests for you to decide', initial: 'immediate' },
  [NotificationKind.RequestDecided]: { subject: 'Your access request has been decided', path: '/access', label: 'Decisions on your access requests', initial: 'immediate' },
  [NotificationKind.GrantRevoked]: { subject: 'Your access to a dataset has been withdrawn', path: '/access', label: 'Access withdrawn', initial: 'immediate' },
  [NotificationKind.GrantExpiring]: { subject: 'Your access to a dataset ends soon', path: '/access', label: 'Your access ending in 30 and 7 days', initial: 'digest' },
  [NotificationKind.AgreementReviewDue]: { subject: 'An information sharing agreement is due for review', path: '/access/agreements', label: 'Agreement reviews due', initial: 'digest' },
  [NotificationKind.AgreementExpiring]: { subject: 'An information sharing agreement ends soon', path: '/access/agreements', label: 'Agreements ending in 30 and 7 days', initial: 'digest' },
  [NotificationKind.AgreementEnded]: { subject: 'An information sharing agreement has ended', path: '/access/agreements', label: 'Agreements that have ended', initial: 'immediate' },
  [NotificationKind.LoadFailed]: { subject: 'A data load failed', path: '/loads', label: 'Failed loads', initial: 'immediate' },
  [NotificationKind.LoadRowsRejected]: { subject: 'A data load left rows out', path: '/loads', label: 'Loads with rejected rows', initial: 'digest' },
  [NotificationKind.FeedOverdue]: { subject: 'A data feed has missed its expected delivery', path: '/feeds/expected', label: 'Feeds that missed their delivery date', initial: 'digest' },
  [NotificationKind.EmergingTrend]: { subject: 'An emerging trend in your area', path: '/threat-harm', label: 'Emerging trends in your areas', initial: 'digest' },
  [NotificationKind.ViewAlert]: { subject: 'A saved view you watch has crossed its alert', path: '/account/subscriptions', label: 'Alerts on your saved views', initial: 'immediate' },
  [NotificationKind.CaseReviewDue]: { subject: 'An ASB case review step is due soon', path: '/case-reviews', label: 'ASB case review steps due', initial: 'immediate' },
  [NotificationKind.CaseReviewOverdue]: { subject: 'An ASB case review step is overdue', path: '/case-reviews', label: 'ASB case review steps overdue', initial: 'immediate' },
  [NotificationKind.CaseReviewUpdate]: { subject: 'There is news in an ASB case review you take part in', path: '/case-reviews', label: 'News in your ASB case reviews', initial: 'digest' },
  [NotificationKind.BoardPackReady]: { subject: 'The IMB board pack is ready', path: '/access/board-packs', label: 'IMB board pack ready', initial: 'immediate' },
};

export const ALL_KINDS = Object.keys(EMAIL_KINDS) as NotificationKind[];

export interface ComposedEmail {
  subject: string;
  text: string;
  html: string;
}

const FOOTER_TEXT = 'You get this email because of your notification settings in the Community Safety Hub. Change them at';

/** One notice's email: its kind's subject and a link, nothing else from the notice. */
export function composeNotice(kind: NotificationKind, publicUrl: string, targetPath?: string | null): ComposedEmail {
  const text = EMAIL_KINDS[kind];
  const link = `${publicUrl}${targetPath ?? text.path}`;
  return page(`[CSP Hub] ${text.subject}`, [`${text.subject}.`, 'Sign in to the hub to see the details.'], [{ label: 'Open in the hub', href: link }], publicUrl);
}

/** A day's notices in one email: how many of each kind, each with its link. */
export function composeDigest(counts: Map<NotificationKind, number>, publicUrl: string): ComposedEmail {
  const lines = [...counts].map(([kind, n]) => `${EMAIL_KINDS[kind].subject} (${n} notice${n === 1 ? '' : 's'})`);
  const links = [...counts.keys()].map((kind) => ({ label: EMAIL_KINDS[kind].label, href: `${publicUrl}${EMAIL_KINDS[kind].path}` }));
  return page('[CSP Hub] Your daily summary', ['Since your last summary:', ...lines], links, publicUrl);
}

/** A plain message in the hub's email layout: paragraphs, links, and the footer. */
export function page(subject: string, paragraphs: string[], links: { label: string; href: string }[], publicUrl: string, extraHtml = ''): ComposedEmail {
  const settings = `${publicUrl}/account/email`;
  const text = [...paragraphs, '', ...links.map((l) => `${l.label}: ${l.href}`), '', `${FOOTER_TEXT} ${settings}`].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family: Arial, Helvetica, sans-serif; color: #0b0c0c; font-size: 16px;">',
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    extraHtml,
    ...links.map((l) => `<p><a href="${escapeHtml(l.href)}" style="color: #1d70b8;">${escapeHtml(l.label)}</a></p>`),
    `<p style="color: #505a5f; font-size: 14px;">${escapeHtml(FOOTER_TEXT)} <a href="${escapeHtml(settings)}">${escapeHtml(settings)}</a></p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
