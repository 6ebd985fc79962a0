import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation, useSearch } from 'wouter';
import type { DemoPerson, SignInOptions } from '../../api/types';
import { ErrorSummary, Loading, ProblemMessage } from '../../components/feedback';
import { usePageTitle } from '../../components/layout';
import { words } from '../../format';
import { beginOidcSignIn } from '../../session/oidc';
import { useSession } from '../../session/session';

/** Only app paths are followed after sign-in, never another site. */
export function safeReturnTo(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

export function SignInPage() {
  usePageTitle('Sign in');
  const { api, signIn, endedBecause } = useSession();
  const [, navigate] = useLocation();
  const returnTo = safeReturnTo(new URLSearchParams(useSearch()).get('returnTo'));
  const options = useQuery({ queryKey: ['sign-in-options'], queryFn: api.signInOptions });
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function chooseDemoPerson(person: DemoPerson) {
    setBusy(person.id);
    setFailure(null);
    try {
      const session = await api.signInAsDemoPerson(person.id);
      signIn(session.accessToken, Date.parse(session.expiresAt));
      navigate(returnTo, { replace: true });
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      {endedBecause && (
        <div className="govuk-notification-banner" role="region" aria-labelledby="session-ended">
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="session-ended">
              Important
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">{endedBecause}</p>
          </div>
        </div>
      )}
      {failure !== null && <ProblemMessage error={failure} />}
      <h1 className="govuk-heading-l">Sign in</h1>
      {options.isPending && <Loading what="how to sign in" />}
      {options.isError && <ProblemMessage error={options.error} />}
      {options.data && (
        <SignInChoices
          options={options.data}
          busy={busy}
          returnTo={returnTo}
          onDemoPerson={chooseDemoPerson}
          onFailure={setFailure}
        />
      )}
    </>
  );
}

function SignInChoices({
  options,
  busy,
  returnTo,
  onDemoPerson,
  onFailure,
}: {
  readonly options: SignInOptions;
  readonly busy: string | null;
  readonly returnTo: string;
  readonly onDemoPerson: (person: DemoPerson) => void;
  readonly onFailure: (error: unknown) => void;
}) {
  if (options.mode === 'unavailable') {
    return <ErrorSummary title="Sign-in is not set up" detail={options.reason} errors={[]} />;
  }
  if (options.mode === 'oidc') {
    return (
      <>
        <p className="govuk-body">Use the account you sign in to your organisation with.</p>
        <button
          type="button"
          className="govuk-button govuk-button--start"
          onClick={() => beginOidcSignIn(options, returnTo).catch(onFailure)}
        >
          Sign in with your organisation&apos;s account
        </button>
      </>
    );
  }
  return (
    <>
      <div className="govuk-warning-text">
        <span className="govuk-warning-text__icon" aria-hidden="true">
          !
        </span>
        <strong className="govuk-warning-text__text">
          <span className="govuk-visually-hidden">Warning</span>
          This ledger is running in demonstration mode: anyone can sign in as any of these people.
          Production uses your organisation&apos;s sign-in instead.
        </strong>
      </div>
      <p className="govuk-body">Choose whom to sign in as. Each person holds one duty.</p>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">Demo people</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Person
            </th>
            <th scope="col" className="govuk-table__header">
              What they can do
            </th>
            <th scope="col" className="govuk-table__header">
              <span className="govuk-visually-hidden">Action</span>
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {options.demoPeople.map((person) => (
            <tr className="govuk-table__row" key={person.id}>
              <th scope="row" className="govuk-table__header">
                {person.name}
                <br />
                <span className="govuk-body-s">
                  {person.roles.map(words).join(', ')}
                  {person.authorities.length > 0 && `: ${person.authorities.map(words).join(', ')}`}
                </span>
              </th>
              <td className="govuk-table__cell">{person.description}</td>
              <td className="govuk-table__cell">
                <button
                  type="button"
                  className="govuk-button govuk-!-margin-bottom-0 app-nowrap"
                  disabled={busy !== null}
                  aria-disabled={busy !== null}
                  onClick={() => onDemoPerson(person)}
                >
                  Sign in<span className="govuk-visually-hidden"> as {person.name}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
