import type { DateParts } from '../data/date-parts.js';

export { type DateParts, EMPTY_DATE, isBlank, isoOf, partsOf } from '../data/date-parts.js';

/**
 * The GOV.UK date input: a fieldset with day, month and year boxes (numeric keyboards on phones,
 * and no browser date picker whose field order follows the browser's language). Errors link to
 * `${id}-day`.
 */
export function DateInput({ id, legend, hint, value, onChange, error }: { id: string; legend: string; hint?: string; value: DateParts; onChange: (v: DateParts) => void; error?: string }) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const box = (part: keyof DateParts, label: string, width: string) => (
    <div class="govuk-date-input__item">
      <div class="govuk-form-group">
        <label class="govuk-label govuk-date-input__label" for={`${id}-${part}`}>
          {label}
        </label>
        <input
          class={`govuk-input govuk-date-input__input ${width}${error ? ' govuk-input--error' : ''}`}
          id={`${id}-${part}`}
          name={`${id}-${part}`}
          type="text"
          inputMode="numeric"
          autocomplete="off"
          value={value[part]}
          onInput={(e) => onChange({ ...value, [part]: e.currentTarget.value })}
        />
      </div>
    </div>
  );
  return (
    <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <fieldset class="govuk-fieldset" role="group" aria-describedby={describedBy}>
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        {hint && (
          <div class="govuk-hint" id={`${id}-hint`}>
            {hint}
          </div>
        )}
        {error && (
          <p class="govuk-error-message" id={`${id}-error`}>
            <span class="govuk-visually-hidden">Error:</span> {error}
          </p>
        )}
        <div class="govuk-date-input" id={id}>
          {box('day', 'Day', 'govuk-input--width-2')}
          {box('month', 'Month', 'govuk-input--width-2')}
          {box('year', 'Year', 'govuk-input--width-4')}
        </div>
      </fieldset>
    </div>
  );
}
