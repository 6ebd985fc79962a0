import { useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { hasRole, useSession } from '../session/session';

interface NavItem {
  readonly href: string;
  readonly label: string;
  readonly roles?: readonly string[];
  /** Pages grouped under this item: a sub navigation links them, and the item is active on each. */
  readonly pages?: readonly { readonly href: string; readonly label: string }[];
}

/**
 * Five items, so the service navigation keeps to one line on a 1280-pixel screen; the year's money
 * (summary, priorities, scenarios, benefits) is one section with its own sub navigation.
 */
const NAV: readonly NavItem[] = [
  { href: '/board-pack', label: 'Board pack' },
  { href: '/proposals', label: 'Proposals' },
  {
    href: '/portfolio',
    label: 'Portfolio',
    pages: [
      { href: '/portfolio', label: 'Summary' },
      { href: '/priorities', label: 'Priorities' },
      { href: '/scenarios', label: 'Scenarios' },
      { href: '/benefits', label: 'Benefits' },
    ],
  },
  { href: '/forward-plan', label: 'Forward plan' },
  { href: '/audit', label: 'Audit', roles: ['auditor', 'admin', 'board', 'finance'] },
];

const isAt = (location: string, href: string) =>
  location === href || location.startsWith(`${href}/`);

const isIn = (location: string, item: NavItem) =>
  (item.pages ?? [item]).some((page) => isAt(location, page.href));

/** GOV.UK Frontend's breakpoint above which the service navigation shows without its toggle. */
const WIDE = '(min-width: 40.0625em)';

function useWide(): boolean {
  return useSyncExternalStore(
    (changed) => {
      const query = window.matchMedia(WIDE);
      query.addEventListener('change', changed);
      return () => query.removeEventListener('change', changed);
    },
    () => window.matchMedia(WIDE).matches,
  );
}

/**
 * GOV.UK service navigation, as its own script would run it: on a narrow screen a "Menu" toggle
 * shows and hides the list (aria-expanded says which); on a wide one the list always shows.
 */
function ServiceNavigation({
  items,
  location,
}: {
  readonly items: readonly NavItem[];
  readonly location: string;
}) {
  const wide = useWide();
  // The menu is open on the page it was opened on: following a link closes it, as a page load would.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === location;
  return (
    <nav aria-label="Menu" className="govuk-service-navigation__wrapper">
      <button
        type="button"
        className="govuk-service-navigation__toggle"
        aria-controls="navigation"
        aria-expanded={open}
        hidden={wide}
        onClick={() => setOpenOn(open ? null : location)}
      >
        Menu
      </button>
      <ul className="govuk-service-navigation__list" id="navigation" hidden={!wide && !open}>
        {items.map((item) => {
          const active = isIn(location, item);
          const current = isAt(location, item.href);
          return (
            <li
              key={item.href}
              className={`govuk-service-navigation__item${active ? ' govuk-service-navigation__item--active' : ''}`}
            >
              <Link
                href={item.href}
                className="govuk-service-navigation__link"
                aria-current={current ? 'page' : active ? 'true' : undefined}
              >
                {active ? (
                  <strong className="govuk-service-navigation__active-fallback">
                    {item.label}
                  </strong>
                ) : (
                  item.label
                )}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/** MoJ sub navigation: the pages of the section the person is in, the current one marked. */
function SubNavigation({ item, location }: { readonly item: NavItem; readonly location: string }) {
  return (
    <nav className="moj-sub-navigation app-sub-navigation" aria-label={`${item.label} pages`}>
      <ul className="moj-sub-navigation__list">
        {(item.pages ?? []).map((page) => (
          <li key={page.href} className="moj-sub-navigation__item">
            <Link
              href={page.href}
              className="moj-sub-navigation__link"
              aria-current={isAt(location, page.href) ? 'page' : undefined}
            >
              {page.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** GOV.UK page template: skip link, header, service navigation, main, footer. */
export function Layout({ children }: { readonly children: ReactNode }) {
  const { person, signOut } = useSession();
  const [location, navigate] = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  const items = person ? NAV.filter((item) => !item.roles || hasRole(person, ...item.roles)) : [];
  const section = items.find((item) => item.pages && isIn(location, item));

  // A new page moves keyboard and screen-reader focus to its content, as a page load would.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [location]);

  return (
    <>
      <a href="#main-content" className="govuk-skip-link">
        Skip to main content
      </a>
      <header className="govuk-generic-header">
        <div className="govuk-generic-header__container govuk-width-container">
          <div className="govuk-generic-header__logo">
            <Link href="/" className="govuk-generic-header__homepage-link app-header__name">
              ICT investment ledger
            </Link>
          </div>
        </div>
      </header>
      <section className="govuk-service-navigation" aria-label="Service information">
        <div className="govuk-width-container">
          <div className="govuk-service-navigation__container">
            <span className="govuk-service-navigation__service-name">
              <Link href="/" className="govuk-service-navigation__link">
                Investment decisions
              </Link>
            </span>
            {person && <ServiceNavigation items={items} location={location} />}
          </div>
        </div>
      </section>
      <div className="govuk-width-container">
        {person && (
          <div className="app-signed-in">
            <p className="govuk-body-s govuk-!-margin-bottom-0">
              Signed in as <strong>{person.name}</strong> ({person.roles.join(', ')}
              {person.authorities.length > 0 ? `; decides as ${person.authorities.join(', ')}` : ''}
              )
            </p>
            <button
              type="button"
              className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0 app-sign-out"
              onClick={() => {
                signOut();
                navigate('/sign-in');
              }}
            >
              Sign out
            </button>
          </div>
        )}
        <main className="govuk-main-wrapper" id="main-content" tabIndex={-1} ref={main}>
          {section && <SubNavigation item={section} location={location} />}
          {children}
        </main>
      </div>
      <footer className="govuk-footer">
        <div className="govuk-width-container">
          <div className="govuk-footer__meta">
            <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
              <p className="govuk-body-s">
                Every proposal, review and decision here is an event in a hash-chained log that
                auditors can verify and export. API:{' '}
                <a className="govuk-footer__link" href="/docs">
                  /docs
                </a>
                .
              </p>
            </div>
          </div>
        </div>
      </footer>
    </>
  );
}

/** Sets the tab's title as GOV.UK pages do: page, then service. */
export function usePageTitle(title: string, hasErrors = false): void {
  useEffect(() => {
    document.title = `${hasErrors ? 'Error: ' : ''}${title} – ICT investment ledger`;
  }, [title, hasErrors]);
}
