import { Link } from '../router.js';

export interface SubSection {
  href: string;
  label: string;
  /** A count shown after the label (e.g. unread notices), when above zero. */
  count?: number;
}

/** Links between the screens of one section, the current one marked for sight and screen readers. */
export function SubNavigation({ label, items, current }: { label: string; items: SubSection[]; current: string }) {
  return (
    <nav class="app-subnav" aria-label={label}>
      <ul class="app-subnav__list">
        {items.map((item) => {
          const active = item.href === current;
          return (
            <li key={item.href} class={`app-subnav__item${active ? ' app-subnav__item--active' : ''}`}>
              <Link class="govuk-link govuk-link--no-visited-state" href={item.href} aria-current={active ? 'page' : undefined}>
                {item.label}
                {item.count ? (
                  <>
                    {' '}
                    <strong class="govuk-tag govuk-tag--red app-count">
                      {item.count}
                      <span class="govuk-visually-hidden"> new</span>
                    </strong>
                  </>
                ) : null}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
