import { Sensitivity } from '../../../domain/dataset-schema.js';
import type { Dataset } from '../../../src/datasets/dataset.entity.js';
import { createDataset, type FactoryRow, times } from '../../factories/dataset.factory.js';
import type { TestHub } from '../../support/test-hub.js';

const DAY_MS = 86_400_000;

export const DISTRICTS = {
  winchester: { district_code: 'E07000094', district_name: 'Winchester' },
  portsmouth: { district_code: 'E06000044', district_name: 'Portsmouth' },
} as const;

/** Rows per district and category in the police incidents dataset the access tests share. */
export const INCIDENTS: Record<keyof typeof DISTRICTS, Record<string, number>> = {
  winchester: { 'Anti-social behaviour': 17, 'Criminal damage and arson': 9, 'Public order': 6 },
  portsmouth: { 'Anti-social behaviour': 23, 'Criminal damage and arson': 11, 'Public order': 8 },
};

/**
 * An OFFICIAL-SENSITIVE police dataset (so two approvals are needed: the police data owner and
 * the IMB), spread over three months, with known counts per district and category.
 */
export async function createPoliceIncidents(hub: TestHub, title: string): Promise<Dataset> {
  const months = ['2026-01', '2026-02', '2026-03'];
  const rows: FactoryRow[] = Object.entries(INCIDENTS).flatMap(([district, byCategory]) =>
    Object.entries(byCategory).flatMap(([category, n]) =>
      // Spread n rows over the months, keeping the total exact.
      months.flatMap((month, i) =>
        times(Math.floor(n / months.length) + (i < n % months.length ? 1 : 0), {
          month,
          ...DISTRICTS[district as keyof typeof DISTRICTS],
          category,
          category_group: category === 'Anti-social behaviour' ? 'Anti-social behaviour' : 'Crime',
          source_org: 'hiow-constabulary',
        }),
      ),
    ),
  );
  return createDataset(hub, { title, owner: 'hiow-constabulary', sensitivity: Sensitivity.OfficialSensitive, rows });
}

/** An agreement in force between the constabulary and two councils covering `datasets`, made by the IMB through the API. */
export async function createAgreement(hub: TestHub, title: string, datasets: string[]): Promise<{ id: string; title: string }> {
  const token = await hub.login('imb@demo.csp-hub.test');
  const now = Date.now();
  const res = await hub
    .http()
    .post('/api/governance/agreements')
    .set('Authorization', `Bearer ${token}`)
    .send({
      title,
      purpose: 'Problem-solving anti-social behaviour hotspots with the community safety partnerships',
      lawfulBasis: 'Crime and Disorder Act 1998 s115; DPA 2018 Part 3',
      parties: ['hiow-constabulary', 'winchester', 'portsmouth'],
      datasets,
      startsAt: new Date(now - DAY_MS).toISOString(),
      reviewAt: new Date(now + 300 * DAY_MS).toISOString(),
      endsAt: new Date(now + 400 * DAY_MS).toISOString(),
    });
  if (res.status !== 201) throw new Error(`Could not create the agreement: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id as string, title };
}

/** A date `days` from now as YYYY-MM-DD. */
export function isoDateIn(days: number): string {
  return new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);
}
