import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { SessionProvider } from './session/session';
import 'govuk-frontend/dist/govuk/govuk-frontend.min.css';
import '@ministryofjustice/frontend/moj/moj-frontend.min.css';
import './styles.css';

// GOV.UK Frontend styles some components differently when scripts run.
document.body.classList.add('js-enabled', 'govuk-frontend-supported');

const queries = new QueryClient({
  defaultOptions: {
    queries: {
      // 4xx answers (a role that may not read, a proposal that does not exist) will not change on retry.
      retry: (failures, error) =>
        failures < 2 && !(typeof error === 'object' && error !== null && 'status' in error),
      refetchOnWindowFocus: false,
      staleTime: 10_000,
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <SessionProvider>
        <App />
      </SessionProvider>
    </QueryClientProvider>
  </StrictMode>,
);
