import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.js';
import { parseEmails, type Sharing } from '../data/saved-views.js';
import { ErrorSummary, errorFor, type FieldError } from './error-summary.js';
import { SharingFields, type SharingDraft } from './sharing-fields.js';
import { TextInput } from './text-input.js';

/** What a saved view or dashboard is called and who may see it. */
export interface Details {
  title: string;
  description: string;
  sharing: Sharing;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function check(id: string, title: string, draft: SharingDraft): FieldError[] {
  const errors: FieldError[] = [];
  if (!title.trim()) errors.push({ field: `${id}-title`, message: 'Enter a title' });
  else if (title.trim().length > 200) errors.push({ field: `${id}-title`, message: 'Title must be 200 characters or fewer' });
  if (draft.mode === 'users') {
    const emails = parseEmails(draft.users);
    const bad = emails.find((e) => !EMAIL.test(e));
    if (emails.length === 0) errors.push({ field: `${id}-sharing-users`, message: 'Enter the email address of at least one person to share with' });
    else if (bad) errors.push({ field: `${id}-sharing-users`, message: `“${bad}” is not an email address` });
  }
  return errors;
}

/**
 * Title, description and sharing for a saved view or a dashboard, with GOV.UK validation: errors
 * in a summary linking to their fields, and the API's own refusal (e.g. an unknown person) shown
 * in words. Nothing typed is lost on an error.
 */
export function DetailsForm({ id, initial, submitLabel, onSubmit, children, secondary }: {
  id: string;
  initial: Details;
  submitLabel: string;
  onSubmit: (details: Details) => Promise<void>;
  /** Extra fields between the description and the sharing (e.g. a dashboard's tiles). */
  children?: ComponentChildren;
  /** Links or buttons beside the submit button (e.g. Cancel). */
  secondary?: ComponentChildren;
}) {
  const [title, setTitle] = useState(initial.title);
  const [description, setDescription] = useState(initial.description);
  const [sharing, setSharing] = useState<SharingDraft>({ mode: initial.sharing.mode, users: initial.sharing.users.join('\n') });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const found = check(id, title, sharing);
    setErrors(found);
    if (found.length) return;
    setBusy(true);
    try {
      await onSubmit({ title: title.trim(), description: description.trim(), sharing: { mode: sharing.mode, users: sharing.mode === 'users' ? parseEmails(sharing.users) : [] } });
    } catch (err) {
      setErrors([{ message: messageOf(err) }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-label={submitLabel}>
      <ErrorSummary errors={errors} />
      <TextInput id={`${id}-title`} label="Title" labelClass="govuk-label--s" value={title} onInput={setTitle} error={errorFor(errors, `${id}-title`)} width="govuk-!-width-full" spellcheck />
      <div class="govuk-form-group">
        <label class="govuk-label govuk-label--s" for={`${id}-description`}>Description (optional)</label>
        <div id={`${id}-description-hint`} class="govuk-hint">What it shows and who it is for</div>
        <textarea class="govuk-textarea" id={`${id}-description`} rows={2} maxLength={2000} aria-describedby={`${id}-description-hint`} value={description}
          onInput={(e) => setDescription(e.currentTarget.value)} />
      </div>
      {children}
      <SharingFields id={`${id}-sharing`} value={sharing} onChange={setSharing} error={errorFor(errors, `${id}-sharing-users`)} />
      <div class="govuk-button-group">
        <button type="submit" class="govuk-button" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
        {secondary}
      </div>
    </form>
  );
}
