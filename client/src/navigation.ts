import type { Role } from './api/types.js';

/** A main section of the app and who sees it. */
export interface Section {
  id: 'explore' | 'dashboards' | 'threat' | 'case-reviews' | 'catalogue' | 'access' | 'loads' | 'admin';
  label: string;
  href: string;
  /** Shown to anyone holding one of these roles. */
  roles: readonly Role[];
}

const EVERYONE: readonly Role[] = ['admin', 'imb', 'data_owner', 'analyst', 'etl_operator', 'csp_officer'];

/**
 * The navigation by role. It only decides what is offered: the API decides what is allowed, and
 * a screen reached by URL without the role shows the API's refusal in words.
 */
export const SECTIONS: readonly Section[] = [
  { id: 'explore', label: 'Explore', href: '/explore', roles: ['analyst', 'data_owner', 'imb', 'admin'] },
  { id: 'dashboards', label: 'Dashboards', href: '/dashboards', roles: ['analyst', 'data_owner', 'imb', 'admin'] },
  { id: 'threat', label: 'Threat, risk and harm', href: '/threat-harm', roles: ['analyst', 'data_owner', 'imb', 'admin'] },
  { id: 'case-reviews', label: 'ASB case reviews', href: '/case-reviews', roles: ['csp_officer', 'analyst', 'data_owner', 'imb', 'admin'] },
  { id: 'catalogue', label: 'Catalogue', href: '/catalogue', roles: EVERYONE },
  { id: 'access', label: 'Access', href: '/access', roles: ['analyst', 'data_owner', 'imb', 'admin', 'csp_officer'] },
  { id: 'loads', label: 'Loads', href: '/loads', roles: ['etl_operator', 'admin'] },
  { id: 'admin', label: 'Admin', href: '/admin/users', roles: ['admin'] },
];

export function sectionsFor(roles: readonly Role[]): Section[] {
  return SECTIONS.filter((s) => s.roles.some((r) => roles.includes(r)));
}

/**
 * Where a user lands after signing in: on their own work. The IMB and data owners on the decisions
 * waiting for them, operators on loads, analysts on Explore; anyone else on their first section.
 */
export function homeFor(roles: readonly Role[]): string {
  if (roles.includes('imb') || roles.includes('data_owner')) return '/access/approvals';
  if (roles.includes('etl_operator')) return '/loads';
  if (roles.includes('analyst')) return '/explore';
  return sectionsFor(roles)[0]?.href ?? '/catalogue';
}

export function sectionOf(path: string): Section | undefined {
  return SECTIONS.find((s) => path === s.href || path.startsWith(s.href.split('/').slice(0, 2).join('/') + '/') || path === s.href.split('/').slice(0, 2).join('/'));
}

/**
 * The link emails give for a feed that missed its delivery: one address for everyone it reaches,
 * sent on to where each role sets expected deliveries (operators' Loads, data owners' Access page).
 */
export const EXPECTED_DELIVERIES_LINK = '/feeds/expected';

export function expectedDeliveriesFor(roles: readonly Role[]): string {
  return sectionsFor(roles).some((s) => s.id === 'loads') ? '/loads' : '/access/expected-deliveries';
}
