import type { Me } from '../api/types.js';
import { CROSS_PARTNER, categoryField, GROUPED_CHARTS, MAP_LAYERS, RATE_CHOICES, type View, type ViewChoices } from '../data/view.js';
import { MONTH_INPUT_HINT } from '../format.js';
import { OwnedOptions } from '../components/owned-options.js';
import { datasetChoices, type DatasetSummary } from './catalogue.js';
import type { CategoryValues } from './explore-choices.js';

/** Lists longer than this start collapsed. */
const SHORT_LIST = 6;

/** The "Question" form of Explore: every change goes straight to the URL (and so redraws). */
export function ExploreForm(props: {
  view: View;
  datasets: DatasetSummary[];
  choices: ViewChoices;
  categories: CategoryValues;
  me: Me;
  onChange: (patch: Partial<View>) => void;
  onDataset: (dataset: string) => void;
}) {
  const { view, datasets, choices, categories, me, onChange } = props;
  return (
    <form onSubmit={(e) => e.preventDefault()} aria-label="Question">
      <div class="govuk-form-group">
        <label class="govuk-label govuk-label--s" for="explore-dataset">Dataset</label>
        <select class="govuk-select govuk-!-width-full" id="explore-dataset" value={view.dataset} onChange={(e) => props.onDataset(e.currentTarget.value)}>
          <option value={CROSS_PARTNER}>All partners' data (cross-partner)</option>
          <OwnedOptions choices={datasetChoices(datasets)} />
        </select>
      </div>
      <div class="govuk-form-group">
        <label class="govuk-label govuk-label--s" for="explore-measure">Measure</label>
        <select class="govuk-select govuk-!-width-full" id="explore-measure" value={view.measure} onChange={(e) => onChange({ measure: e.currentTarget.value })}>
          {choices.measures.map((m) => <option key={m.id} value={m.id}>{m.label}</option>)}
        </select>
      </div>
      {view.measure === 'count' && view.chart !== 'points' && (
        <div class="govuk-form-group">
          <label class="govuk-label govuk-label--s" for="explore-rate">Show as</label>
          <select class="govuk-select govuk-!-width-full" id="explore-rate" value={view.rate} onChange={(e) => onChange({ rate: e.currentTarget.value as View['rate'] })}>
            {RATE_CHOICES.map((r) => <option key={r.id} value={r.id}>{r.label}</option>)}
          </select>
        </div>
      )}
      <div class="govuk-form-group">
        <label class="govuk-label govuk-label--s" for="explore-season">Months</label>
        <select class="govuk-select govuk-!-width-full" id="explore-season" value={view.season} onChange={(e) => onChange({ season: e.currentTarget.value as View['season'] })}>
          <option value="">Every month in the range</option>
          <option value="summer">Summer holidays: July and August, last three years</option>
        </select>
      </div>
      <div class="govuk-form-group">
        <label class="govuk-label govuk-label--s" for="explore-chart">Chart</label>
        <select class="govuk-select govuk-!-width-full" id="explore-chart" value={view.chart} onChange={(e) => onChange({ chart: e.currentTarget.value as View['chart'] })}>
          {choices.charts.map((c) => <option key={c.id} value={c.id}>{c.label}</option>)}
        </select>
      </div>
      {view.chart === 'map-lsoa' && (
        <div class="govuk-form-group">
          <label class="govuk-label govuk-label--s" for="explore-layer">Shade by</label>
          <select class="govuk-select govuk-!-width-full" id="explore-layer" value={view.layer} onChange={(e) => onChange({ layer: e.currentTarget.value as View['layer'] })}>
            {MAP_LAYERS.map((l) => <option key={l.id} value={l.id}>{l.label}</option>)}
          </select>
        </div>
      )}
      {GROUPED_CHARTS.includes(view.chart) && (
        <div class="govuk-form-group">
          <label class="govuk-label govuk-label--s" for="explore-by">Group by</label>
          <select class="govuk-select govuk-!-width-full" id="explore-by" value={view.by} onChange={(e) => onChange({ by: e.currentTarget.value })}>
            {choices.groupings.map((g) => <option key={g.id} value={g.id}>{g.label}</option>)}
          </select>
        </div>
      )}
      <div class="govuk-form-group">
        <fieldset class="govuk-fieldset">
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Months</legend>
          <div class="govuk-hint" id="explore-months-hint">{MONTH_INPUT_HINT}</div>
          <label class="govuk-label" for="explore-from">From</label>
          <input class="govuk-input govuk-input--width-10" id="explore-from" type="month" aria-describedby="explore-months-hint" value={view.from} onChange={(e) => onChange({ from: e.currentTarget.value })} />
          <label class="govuk-label govuk-!-margin-top-2" for="explore-to">To</label>
          <input class="govuk-input govuk-input--width-10" id="explore-to" type="month" aria-describedby="explore-months-hint" value={view.to} onChange={(e) => onChange({ to: e.currentTarget.value })} />
        </fieldset>
      </div>
      {me.areas.length > 1 && (
        <CheckboxList
          id="area"
          legend="Areas"
          hint="None ticked: all your areas."
          options={me.areas.map((a) => ({ value: a.code, label: a.name }))}
          selected={view.areas}
          onChange={(areas) => onChange({ areas })}
        />
      )}
      <CategoryFilter view={view} categories={categories} onChange={onChange} />
    </form>
  );
}

function CategoryFilter({ view, categories, onChange }: { view: View; categories: CategoryValues; onChange: (patch: Partial<View>) => void }) {
  const groups = categoryField(view.dataset) === 'category_group';
  const legend = groups ? 'Category groups' : 'Categories';
  if (categories.status === 'pending') return <p class="govuk-body govuk-hint">Loading {legend.toLowerCase()}…</p>;
  if (categories.status === 'error') return <p class="govuk-body govuk-hint">{legend} could not be listed: {categories.message}</p>;
  // Values chosen earlier (a shared link) stay visible, so they can be unticked.
  const values = [...categories.values, ...view.categories.filter((c) => !categories.values.includes(c))];
  if (values.length === 0) return null;
  return (
    <CheckboxList
      id="cat"
      legend={legend}
      hint={`None ticked: all ${legend.toLowerCase()}.`}
      options={values.map((v) => ({ value: v, label: v }))}
      selected={view.categories}
      onChange={(cats) => onChange({ categories: cats })}
    />
  );
}

/** Small checkboxes in a `details` headed "Legend (n selected)", open when the list is short. */
function CheckboxList(props: { id: string; legend: string; hint: string; options: { value: string; label: string }[]; selected: string[]; onChange: (selected: string[]) => void }) {
  const { id, legend, options, selected } = props;
  const toggle = (value: string, on: boolean) => props.onChange(on ? [...selected, value] : selected.filter((v) => v !== value));
  return (
    <details class="govuk-details govuk-!-margin-bottom-4" open={options.length <= SHORT_LIST || undefined} data-testid={`${id}-filter`}>
      <summary class="govuk-details__summary">
        <span class="govuk-details__summary-text">{legend} ({selected.length} selected)</span>
      </summary>
      <div class="govuk-details__text">
        <fieldset class="govuk-fieldset" aria-describedby={`${id}-hint`}>
          <legend class="govuk-fieldset__legend govuk-visually-hidden">{legend}</legend>
          <div class="govuk-hint" id={`${id}-hint`}>{props.hint}</div>
          <div class="govuk-checkboxes govuk-checkboxes--small">
            {options.map((o, i) => (
              <div class="govuk-checkboxes__item" key={o.value}>
                <input class="govuk-checkboxes__input" id={`${id}-${i}`} type="checkbox" checked={selected.includes(o.value)} onChange={(e) => toggle(o.value, e.currentTarget.checked)} />
                <label class="govuk-label govuk-checkboxes__label" for={`${id}-${i}`}>{o.label}</label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
    </details>
  );
}
