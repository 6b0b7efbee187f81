import type { TargetedEvent } from 'preact';

interface TextInputProps {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  error?: string;
  hint?: string;
  type?: 'text' | 'email' | 'password';
  autocomplete?: string;
  width?: 'govuk-input--width-20' | 'govuk-input--width-30' | 'govuk-!-width-two-thirds' | 'govuk-!-width-full';
  spellcheck?: boolean;
  labelClass?: string;
}

/** GOV.UK text input with label, hint and inline error. */
export function TextInput(props: TextInputProps) {
  const describedBy = [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const onInput = (e: TargetedEvent<HTMLInputElement>) => props.onInput(e.currentTarget.value);
  return (
    <div class={`govuk-form-group${props.error ? ' govuk-form-group--error' : ''}`}>
      <label class={`govuk-label ${props.labelClass ?? ''}`} for={props.id}>
        {props.label}
      </label>
      {props.hint && (
        <div id={`${props.id}-hint`} class="govuk-hint">
          {props.hint}
        </div>
      )}
      {props.error && (
        <p id={`${props.id}-error`} class="govuk-error-message">
          <span class="govuk-visually-hidden">Error:</span> {props.error}
        </p>
      )}
      <input
        class={`govuk-input ${props.width ?? ''}${props.error ? ' govuk-input--error' : ''}`}
        id={props.id}
        name={props.id}
        type={(props.type ?? 'text') as 'text'}
        value={props.value}
        onInput={onInput}
        autocomplete={props.autocomplete}
        spellcheck={props.spellcheck ?? false}
        aria-describedby={describedBy}
      />
    </div>
  );
}
