import type { ComponentChildren } from 'preact';

/** What a screen shows while the API it needs is not in this version of the hub yet. */
export function ComingSoon({ what, children }: { what: string; children?: ComponentChildren }) {
  return (
    <div class="govuk-inset-text" data-testid="coming-soon">
      <p class="govuk-body">
        <strong class="govuk-tag govuk-tag--grey">Coming soon</strong> {what} is not available in this version of the hub yet.
      </p>
      {children}
    </div>
  );
}

/** A notification banner, e.g. for a success or a one-off message. */
export function Banner({ title = 'Important', success, children }: { title?: string; success?: boolean; children: ComponentChildren }) {
  return (
    <div
      class={`govuk-notification-banner${success ? ' govuk-notification-banner--success' : ''}`}
      role={success ? 'alert' : 'region'}
      aria-labelledby="banner-title"
    >
      <div class="govuk-notification-banner__header">
        <h2 class="govuk-notification-banner__title" id="banner-title">
          {title}
        </h2>
      </div>
      <div class="govuk-notification-banner__content">{children}</div>
    </div>
  );
}

/** The API's sentence for a failed request, as a GOV.UK error summary without field links. */
export function LoadError({ message }: { message: string }) {
  return (
    <div class="govuk-error-summary" role="alert">
      <h2 class="govuk-error-summary__title">There is a problem</h2>
      <div class="govuk-error-summary__body">
        <p class="govuk-body">{message}</p>
      </div>
    </div>
  );
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p class="app-loading" role="status">
      {what}…
    </p>
  );
}
