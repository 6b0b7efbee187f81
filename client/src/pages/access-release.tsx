import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.js';
import { session } from '../api/session.js';
import type { Me } from '../api/types.js';
import { LoadError, Loading } from '../components/coming-soon.js';
import { useResource } from '../components/use-resource.js';
import { useTitle } from './use-title.js';

interface DatasetRow {
  slug: string;
  title: string;
  owner: { id: string; name: string };
}

interface ReleaseSettings {
  dataset: string;
  threshold: number;
  ownThreshold: boolean;
  dailyQuestionBudget: number;
  ownBudget: boolean;
  openData: boolean;
  limits: { minThreshold: number; maxThreshold: number; maxDailyQuestionBudget: number };
  spread: number;
}

/**
 * For data owners (their organisation's datasets) and the IMB (every dataset): how counts-only
 * callers get each dataset — the threshold below which counts are withheld, the daily question
 * budget, and whether it is open data (docs/disclosure-control.md).
 */
export function AccessReleasePage({ me }: { me: Me }) {
  useTitle('How your data is released');
  const datasets = useResource<DatasetRow[]>('/api/datasets');
  const imb = me.roles.includes('imb');
  const mine = (datasets.data ?? []).filter((d) => imb || d.owner.id === me.user.organisation.id);
  return (
    <>
      <h1 class="govuk-heading-l">How your data is released</h1>
      <p class="govuk-body">
        Partners with counts-only access see small counts withheld and every other count moved by a small, fixed amount, so that nobody can be identified. Choose,
        within the limits the IMB sets, how strict each of {imb ? 'the' : 'your'} datasets is.
      </p>
      {datasets.error && <LoadError message={datasets.error} />}
      {!datasets.data && !datasets.error && <Loading what="Loading your datasets" />}
      {datasets.data && mine.length === 0 && <p class="govuk-body">Your organisation has no datasets in the hub.</p>}
      {mine.map((d) => (
        <ReleaseForm key={d.slug} dataset={d} />
      ))}
    </>
  );
}

function ReleaseForm({ dataset }: { dataset: DatasetRow }) {
  const settings = useResource<ReleaseSettings>(`/api/disclosure/datasets/${encodeURIComponent(dataset.slug)}`);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const id = (name: string) => `${dataset.slug}-${name}`;
  if (!settings.data) return settings.error ? <LoadError message={settings.error} /> : <Loading what={`Loading ${dataset.title}`} />;
  const s = settings.data;
  const save = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const value = (name: string) => (form.elements.namedItem(id(name)) as HTMLInputElement);
    setSaved(false);
    try {
      await session.request('PATCH', `/api/disclosure/datasets/${encodeURIComponent(dataset.slug)}`, {
        threshold: Number(value('threshold').value),
        dailyQuestionBudget: Number(value('budget').value),
        openData: value('open').checked,
      });
      setError(null);
      setSaved(true);
      await settings.reload();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <form class="govuk-!-margin-bottom-8" noValidate onSubmit={save} data-testid={`release-${dataset.slug}`}>
      <fieldset class="govuk-fieldset">
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">
          {dataset.title} — {dataset.owner.name}
        </legend>
        {error && (
          <div class="govuk-error-summary" role="alert">
            <h2 class="govuk-error-summary__title">There is a problem</h2>
            <div class="govuk-error-summary__body">
              <p class="govuk-body">{error}</p>
            </div>
          </div>
        )}
        {saved && <div class="govuk-inset-text">Saved. Counts-only answers use these settings from the next question.</div>}
        <div class="govuk-form-group">
          <label class="govuk-label" for={id('threshold')}>
            Withhold counts below
          </label>
          <div class="govuk-hint">
            From {s.limits.minThreshold} to {s.limits.maxThreshold}. 5 withholds 1 to 4; health data often uses 8 (1 to 7).
          </div>
          <input class="govuk-input govuk-input--width-3" id={id('threshold')} name={id('threshold')} type="number" min={s.limits.minThreshold} max={s.limits.maxThreshold} value={s.threshold} />
        </div>
        <div class="govuk-form-group">
          <label class="govuk-label" for={id('budget')}>
            Different questions each partner organisation may ask a day
          </label>
          <div class="govuk-hint">At most {s.limits.maxDailyQuestionBudget.toLocaleString('en-GB')}. Asking the same question again is free.</div>
          <input class="govuk-input govuk-input--width-5" id={id('budget')} name={id('budget')} type="number" min={1} max={s.limits.maxDailyQuestionBudget} value={s.dailyQuestionBudget} />
        </div>
        <div class="govuk-form-group">
          <div class="govuk-checkboxes govuk-checkboxes--small">
            <div class="govuk-checkboxes__item">
              <input class="govuk-checkboxes__input" id={id('open')} name={id('open')} type="checkbox" checked={s.openData} />
              <label class="govuk-label govuk-checkboxes__label" for={id('open')}>
                This is open data, already published (for example on police.uk): give exact counts
              </label>
            </div>
          </div>
        </div>
        <button type="submit" class="govuk-button govuk-button--secondary">
          Save<span class="govuk-visually-hidden"> settings for {dataset.title}</span>
        </button>
      </fieldset>
    </form>
  );
}
