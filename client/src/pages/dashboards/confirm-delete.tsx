import { useEffect, useRef, useState } from 'preact/hooks';
import { messageOf } from '../../api/api-error.js';

/** "Delete this …" behind a GOV.UK warning and a second, explicit confirmation. */
export function ConfirmDelete({ what, consequence, onDelete }: { what: string; consequence: string; onDelete: () => Promise<void> }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (asking) heading.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <button type="button" class="govuk-button govuk-button--warning" onClick={() => setAsking(true)}>
        Delete this {what}
      </button>
    );
  }
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onDelete();
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };
  return (
    <div class="app-confirm" role="group" aria-labelledby="confirm-delete-heading">
      <h2 class="govuk-heading-m" id="confirm-delete-heading" tabIndex={-1} ref={heading}>Are you sure you want to delete this {what}?</h2>
      <div class="govuk-warning-text">
        <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
        <strong class="govuk-warning-text__text">
          <span class="govuk-visually-hidden">Warning</span>
          {consequence} You cannot undo this.
        </strong>
      </div>
      {error && (
        <p class="govuk-error-message" role="alert">
          <span class="govuk-visually-hidden">Error:</span> {error}
        </p>
      )}
      <div class="govuk-button-group">
        <button type="button" class="govuk-button govuk-button--warning" disabled={busy} onClick={confirm}>
          {busy ? 'Deleting…' : `Yes, delete this ${what}`}
        </button>
        <button type="button" class="govuk-button govuk-button--secondary" onClick={() => setAsking(false)}>
          No, keep it
        </button>
      </div>
    </div>
  );
}
