import { SHARING_LABELS, type SharingMode } from '../data/saved-views.js';

export interface SharingDraft {
  mode: SharingMode;
  /** The named people's email addresses as typed (one per line or comma separated). */
  users: string;
}

const HINTS: Record<SharingMode, string> = {
  private: 'Nobody else can see it.',
  organisation: 'Everyone in your organisation can open it.',
  users: 'The people you name can open it.',
};

/**
 * Who may see a saved view or dashboard, as GOV.UK radios with a conditional reveal for the named
 * people. Sharing shares the question only: each person sees what their own access allows.
 */
export function SharingFields({ id, value, onChange, error }: { id: string; value: SharingDraft; onChange: (value: SharingDraft) => void; error?: string }) {
  return (
    <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <fieldset class="govuk-fieldset" aria-describedby={`${id}-hint`}>
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Who can see it</legend>
        <div id={`${id}-hint`} class="govuk-hint">
          Sharing shares the question, not the data: each person sees only what their own access allows.
        </div>
        <div class="govuk-radios govuk-radios--small">
          {(Object.keys(SHARING_LABELS) as SharingMode[]).map((mode) => (
            <div key={mode}>
              <div class="govuk-radios__item">
                <input class="govuk-radios__input" id={`${id}-${mode}`} name={`${id}-mode`} type="radio" value={mode} checked={value.mode === mode}
                  aria-describedby={`${id}-${mode}-hint`} onChange={() => onChange({ ...value, mode })} />
                <label class="govuk-label govuk-radios__label" for={`${id}-${mode}`}>{SHARING_LABELS[mode]}</label>
                <div id={`${id}-${mode}-hint`} class="govuk-hint govuk-radios__hint">{HINTS[mode]}</div>
              </div>
              {mode === 'users' && value.mode === 'users' && (
                <div class="govuk-radios__conditional">
                  <div class="govuk-form-group">
                    <label class="govuk-label" for={`${id}-users`}>Email addresses</label>
                    <div id={`${id}-users-hint`} class="govuk-hint">One per line, or separated by commas</div>
                    {error && (
                      <p id={`${id}-users-error`} class="govuk-error-message">
                        <span class="govuk-visually-hidden">Error:</span> {error}
                      </p>
                    )}
                    <textarea class={`govuk-textarea${error ? ' govuk-textarea--error' : ''}`} id={`${id}-users`} rows={3} spellcheck={false}
                      aria-describedby={`${id}-users-hint${error ? ` ${id}-users-error` : ''}`} value={value.users}
                      onInput={(e) => onChange({ ...value, users: e.currentTarget.value })} />
                  </div>
                </div>
              )}
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
