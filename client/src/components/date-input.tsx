/** A date as typed into the three boxes of the GOV.UK date input. */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export const EMPTY_DATE: DateParts = { day: '', month: '', year: '' };

/** The boxes filled from `YYYY-MM-DD`. */
export function partsOf(iso: string): DateParts {
  const [year = '', month = '', day = ''] = iso.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year };
}

export const isBlank = (p: DateParts) => !p.day.trim() && !p.month.trim() && !p.year.trim();

/** `YYYY-MM-DD` for a real calendar date with a four-digit year, otherwise null. */
export function isoOf(p: DateParts): string | null {
  const [d, m, y] = [p.day, p.month, p.year].map((s) => s.trim());
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return null;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) return null;
  return date.toISOString().slice(0, 10);
}

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
