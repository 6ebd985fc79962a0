import { Link } from 'wouter';
import { usePageTitle } from '../components/layout';

export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <>
      <h1 className="govuk-heading-l">Page not found</h1>
      <p className="govuk-body">If you typed the web address, check it is correct.</p>
      <p className="govuk-body">
        <Link className="govuk-link" href="/">
          Go to the start
        </Link>
      </p>
    </>
  );
}
