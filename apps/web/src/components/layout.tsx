import { useEffect, useRef, type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { hasRole, useSession } from '../session/session';

interface NavItem {
  readonly href: string;
  readonly label: string;
  readonly roles?: readonly string[];
}

const NAV: readonly NavItem[] = [
  { href: '/board-pack', label: 'Board pack' },
  { href: '/proposals', label: 'Proposals' },
  { href: '/portfolio', label: 'Portfolio' },
  { href: '/priorities', label: 'Priorities' },
  { href: '/forward-plan', label: 'Forward plan' },
  { href: '/scenarios', label: 'Scenarios' },
  { href: '/audit', label: 'Audit', roles: ['auditor', 'admin', 'board', 'finance'] },
];

/** GOV.UK page template: skip link, header, service navigation, main, footer. */
export function Layout({ children }: { readonly children: ReactNode }) {
  const { person, signOut } = useSession();
  const [location, navigate] = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

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
            {person && (
              <nav aria-label="Menu" className="govuk-service-navigation__wrapper">
                <ul className="govuk-service-navigation__list" id="navigation">
                  {NAV.filter((item) => !item.roles || hasRole(person, ...item.roles)).map(
                    (item) => {
                      const active = location === item.href || location.startsWith(`${item.href}/`);
                      return (
                        <li
                          key={item.href}
                          className={`govuk-service-navigation__item${active ? ' govuk-service-navigation__item--active' : ''}`}
                        >
                          <Link
                            href={item.href}
                            className="govuk-service-navigation__link"
                            aria-current={active ? 'page' : undefined}
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
                    },
                  )}
                </ul>
              </nav>
            )}
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
