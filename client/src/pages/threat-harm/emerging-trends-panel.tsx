import { Link } from '../../router.js';
import { useApi } from '../use-api.js';
import type { TrendAnswer } from './types.js';

/**
 * The home-page notice of emerging trends: the areas and categories flagged this month in the
 * areas the user can see (the API applies their access). Renders nothing when none are flagged.
 */
export function EmergingTrendsPanel() {
  const state = useApi<TrendAnswer>('/api/analytics/trends?flagged=true');
  if (state.status !== 'result' || state.data.items.length === 0) return null;
  const { month, items } = state.data;
  return (
    <div class="govuk-notification-banner" role="region" aria-labelledby="emerging-trends-title" data-module="govuk-notification-banner">
      <div class="govuk-notification-banner__header">
        <h2 class="govuk-notification-banner__title" id="emerging-trends-title">
          Emerging trends
        </h2>
      </div>
      <div class="govuk-notification-banner__content">
        <p class="govuk-notification-banner__heading">
          {items.length === 1 ? 'One rise' : `${items.length} rises`} well above the usual level in {month}
        </p>
        <ul class="govuk-list govuk-list--bullet">
          {items.slice(0, 5).map((t) => (
            <li key={`${t.districtCode}-${t.category}`}>
              {t.category} in {t.districtName ?? t.districtCode}: {t.latest.count?.toLocaleString('en-GB')} against about {t.expected?.toFixed(1)} a month
            </li>
          ))}
        </ul>
        <p class="govuk-body">
          <Link class="govuk-notification-banner__link" href="/threat-harm">
            See threat, risk and harm
          </Link>
        </p>
      </div>
    </div>
  );
}
