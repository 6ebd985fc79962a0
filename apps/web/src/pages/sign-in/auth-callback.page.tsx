import { useEffect, useRef, useState } from 'react';
import { useLocation } from 'wouter';
import { ProblemMessage, Loading } from '../../components/feedback';
import { usePageTitle } from '../../components/layout';
import { completeOidcSignIn } from '../../session/oidc';
import { useSession } from '../../session/session';
import { safeReturnTo } from './sign-in.page';

/** Where the organisation's issuer sends the person back with an authorization code. */
export function AuthCallbackPage() {
  usePageTitle('Signing in');
  const { api, signIn } = useSession();
  const [, navigate] = useLocation();
  const [failure, setFailure] = useState<unknown>(null);
  const started = useRef(false);

  useEffect(() => {
    // The code can be exchanged once only: StrictMode's second effect run must not repeat it.
    if (started.current) return;
    started.current = true;
    (async () => {
      const options = await api.signInOptions();
      if (options.mode !== 'oidc') throw new Error('Organisation sign-in is not set up here.');
      const result = await completeOidcSignIn(options, new URL(window.location.href));
      signIn(result.accessToken, result.expiresAt);
      navigate(safeReturnTo(result.returnTo), { replace: true });
    })().catch(setFailure);
  }, [api, navigate, signIn]);

  return (
    <>
      <h1 className="govuk-heading-l">Signing in</h1>
      {failure === null ? <Loading what="your account" /> : <ProblemMessage error={failure} />}
    </>
  );
}
