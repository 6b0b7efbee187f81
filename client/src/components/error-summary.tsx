import { useEffect, useRef } from 'preact/hooks';

export interface FieldError {
  /** The id of the input the error is about; omitted for errors about the whole form. */
  field?: string;
  message: string;
}

/** GOV.UK error summary: focused when it appears, each error linking to its field. */
export function ErrorSummary({ errors, title = 'There is a problem' }: { errors: FieldError[]; title?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const key = errors.map((e) => e.message).join('|');
  useEffect(() => {
    if (errors.length) ref.current?.focus();
  }, [key]);
  if (!errors.length) return null;
  const focusField = (event: MouseEvent, id: string) => {
    const input = document.getElementById(id);
    if (!input) return;
    event.preventDefault();
    input.scrollIntoView({ block: 'center' });
    input.focus();
  };
  return (
    <div class="govuk-error-summary" data-module="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 class="govuk-error-summary__title">{title}</h2>
        <div class="govuk-error-summary__body">
          <ul class="govuk-list govuk-error-summary__list">
            {errors.map((e) => (
              <li key={e.message}>
                {e.field ? (
                  <a href={`#${e.field}`} onClick={(ev) => focusField(ev, e.field!)}>
                    {e.message}
                  </a>
                ) : (
                  e.message
                )}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

/** The message for one field, if any. */
export function errorFor(errors: FieldError[], field: string): string | undefined {
  return errors.find((e) => e.field === field)?.message;
}
