import { lazy, Suspense, type ReactNode } from 'react';
import { Redirect, Route, Switch } from 'wouter';
import { Layout } from './components/layout';
import { Loading } from './components/feedback';
import { AuthCallbackPage } from './pages/sign-in/auth-callback.page';
import { SignInPage } from './pages/sign-in/sign-in.page';
import { BoardPackPage } from './pages/board-pack/board-pack.page';
import { ProposalPage } from './pages/proposal/proposal.page';
import { ProposalFormPage } from './pages/proposal-form/proposal-form.page';
import { ProposalsPage } from './pages/proposals/proposals.page';
import { PrioritiesPage } from './pages/priorities/priorities.page';
import { AuditPage } from './pages/audit/audit.page';
import { ForwardPlanPage } from './pages/forward-plan/forward-plan.page';
import { ScenariosPage } from './pages/scenarios/scenarios.page';
import { NotFoundPage } from './pages/not-found.page';
import {
  currentPath,
  hasRole,
  signInPath,
  useSession,
  type SignedInPerson,
} from './session/session';

// The chart library is the app's largest dependency; only the portfolio page needs it.
const PortfolioPage = lazy(() => import('./pages/portfolio/portfolio.page'));
// Finance's register: loaded when someone opens it, not with the app.
const BenefitsPage = lazy(() => import('./pages/benefits/benefits.page'));

function homeOf(person: SignedInPerson): string {
  if (hasRole(person, 'board')) return '/board-pack';
  if (hasRole(person, 'finance', 'admin')) return '/portfolio';
  if (hasRole(person, 'auditor')) return '/audit';
  if (hasRole(person, 'reviewer')) return '/proposals?status=submitted';
  return '/proposals?mine=true';
}

function SignedIn({ children }: { readonly children: ReactNode }) {
  const { person } = useSession();
  if (!person) return <Redirect to={signInPath(currentPath())} replace />;
  return <>{children}</>;
}

export function App() {
  const { person } = useSession();
  return (
    <Layout>
      <Switch>
        <Route path="/sign-in" component={SignInPage} />
        <Route path="/auth/callback" component={AuthCallbackPage} />
        <Route path="/">
          {person ? <Redirect to={homeOf(person)} replace /> : <Redirect to="/sign-in" replace />}
        </Route>
        <Route path="/board-pack">
          <SignedIn>
            <BoardPackPage />
          </SignedIn>
        </Route>
        <Route path="/proposals">
          <SignedIn>
            <ProposalsPage />
          </SignedIn>
        </Route>
        <Route path="/proposals/new">
          <SignedIn>
            <ProposalFormPage />
          </SignedIn>
        </Route>
        <Route path="/proposals/:id/edit">
          {(params) => (
            <SignedIn>
              <ProposalFormPage id={params.id} />
            </SignedIn>
          )}
        </Route>
        <Route path="/proposals/:id">
          {(params) => (
            <SignedIn>
              <ProposalPage id={params.id} />
            </SignedIn>
          )}
        </Route>
        <Route path="/portfolio">
          <SignedIn>
            <Suspense fallback={<Loading what="the portfolio" />}>
              <PortfolioPage />
            </Suspense>
          </SignedIn>
        </Route>
        <Route path="/priorities">
          <SignedIn>
            <PrioritiesPage />
          </SignedIn>
        </Route>
        <Route path="/forward-plan">
          <SignedIn>
            <ForwardPlanPage />
          </SignedIn>
        </Route>
        <Route path="/scenarios">
          <SignedIn>
            <ScenariosPage />
          </SignedIn>
        </Route>
        <Route path="/benefits">
          <SignedIn>
            <Suspense fallback={<Loading what="the benefits register" />}>
              <BenefitsPage />
            </Suspense>
          </SignedIn>
        </Route>
        <Route path="/audit">
          <SignedIn>
            <AuditPage />
          </SignedIn>
        </Route>
        <Route component={NotFoundPage} />
      </Switch>
    </Layout>
  );
}
