import { session } from '../../api/session.js';
import { LoadError, Loading } from '../../components/coming-soon.js';
import { DetailsForm, type Details } from '../../components/details-form.js';
import { useResource } from '../../components/use-resource.js';
import { exploreHref, type SavedView } from '../../data/saved-views.js';
import { Link, navigate } from '../../router.js';
import { useTitle } from '../use-title.js';
import { ConfirmDelete } from './confirm-delete.js';
import { flash } from './flash.js';
import { SubscribeForm } from '../../components/subscribe-form.js';

/** Change a saved view's title, description and sharing, or delete it (owner only). */
export function ViewEdit({ id }: { id: string }) {
  useTitle('Change a saved view');
  const view = useResource<SavedView>(`/api/views/${encodeURIComponent(id)}`);
  if (view.error && !view.data) return <><h1 class="govuk-heading-l">Change a saved view</h1><LoadError message={view.error} /></>;
  if (!view.data) return <Loading what="Loading the saved view" />;
  const v = view.data;
  if (!v.mine) {
    return (
      <>
        <h1 class="govuk-heading-l">{v.title}</h1>
        <p class="govuk-body">Only {v.owner.displayName}, who saved this view, can change it. <Link href={exploreHref(v)}>Open it in Explore</Link> and save your own copy instead.</p>
        <SubscribeForm targetType="view" targetId={v.id} />
        <p class="govuk-body-s"><Link href="/account/subscriptions">Set an alert on this view</Link> to hear when a month is above a number or its usual range.</p>
      </>
    );
  }
  const save = async (details: Details) => {
    await session.request('PATCH', `/api/views/${v.id}`, details);
    flash(`“${details.title}” is saved.`);
    navigate('/dashboards');
  };
  const remove = async () => {
    await session.request('DELETE', `/api/views/${v.id}`);
    flash(`“${v.title}” is deleted.`);
    navigate('/dashboards');
  };
  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <span class="govuk-caption-l">Saved view</span>
        <h1 class="govuk-heading-l">Change “{v.title}”</h1>
        <p class="govuk-body">
          To change the chart itself, <Link href={exploreHref(v)}>open it in Explore</Link> and save it again.
        </p>
        <SubscribeForm targetType="view" targetId={v.id} />
        <p class="govuk-body-s"><Link href="/account/subscriptions">Set an alert on this view</Link> to hear when a month is above a number or its usual range.</p>
        <DetailsForm id="view" initial={v} submitLabel="Save changes" onSubmit={save} secondary={<Link class="govuk-link" href="/dashboards">Cancel</Link>} />
        <ConfirmDelete what="view" consequence="It disappears for everyone it is shared with, and from every dashboard it is on." onDelete={remove} />
      </div>
    </div>
  );
}
