import { expectedDeliveriesFor, homeFor, sectionsFor } from '../../client/src/navigation.js';

describe('navigation by role', () => {
  it('sends the overdue-feed link to the page each role can open', () => {
    expect(expectedDeliveriesFor(['etl_operator'])).toBe('/loads');
    expect(expectedDeliveriesFor(['admin'])).toBe('/loads');
    expect(expectedDeliveriesFor(['data_owner'])).toBe('/access/expected-deliveries');
    for (const roles of [['etl_operator'], ['data_owner']] as const) {
      const target = expectedDeliveriesFor(roles);
      expect(sectionsFor(roles).some((s) => target.startsWith(s.href.split('/').slice(0, 2).join('/')))).toBe(true);
    }
  });

  it('lands each role on its own work', () => {
    expect(homeFor(['imb'])).toBe('/access/approvals');
    expect(homeFor(['etl_operator'])).toBe('/loads');
    expect(homeFor(['analyst'])).toBe('/explore');
  });
});
