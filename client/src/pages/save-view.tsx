import { useState } from 'preact/hooks';
import { session } from '../api/session.js';
import { Banner } from '../components/coming-soon.js';
import { DetailsForm } from '../components/details-form.js';
import { savedViewBody, type SavedView } from '../data/saved-views.js';
import type { View } from '../data/view.js';
import { Link } from '../router.js';

/**
 * Explore's "Save this view": stores the question and chart on screen under a title, private or
 * shared. The saved view then appears under My views and can be put on a dashboard.
 */
export function SaveView({ view, suggestedTitle }: { view: View; suggestedTitle: string }) {
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState<SavedView | null>(null);

  if (!open) {
    return (
      <>
        {saved && (
          <Banner success title="Saved">
            <p class="govuk-notification-banner__heading">
              “{saved.title}” is saved. <Link class="govuk-notification-banner__link" href="/dashboards">See it in My views</Link> or add it to a dashboard.
            </p>
          </Banner>
        )}
        <button type="button" class="govuk-button govuk-button--secondary" onClick={() => { setSaved(null); setOpen(true); }}>
          Save this view
        </button>
      </>
    );
  }
  const save = async (details: { title: string; description: string; sharing: SavedView['sharing'] }) => {
    const body = { ...details, ...savedViewBody(view, new URLSearchParams(location.search)) };
    setSaved(await session.request<SavedView>('POST', '/api/views', body));
    setOpen(false);
  };
  return (
    <section class="app-panel" aria-labelledby="save-view-heading">
      <h2 class="govuk-heading-m" id="save-view-heading">Save this view</h2>
      <DetailsForm id="save-view" initial={{ title: suggestedTitle, description: '', sharing: { mode: 'private', users: [] } }} submitLabel="Save view" onSubmit={save}
        secondary={<button type="button" class="govuk-button govuk-button--secondary" onClick={() => setOpen(false)}>Cancel</button>} />
    </section>
  );
}
