import type {
  Budget,
  DemoSession,
  Digest,
  ForwardPlan,
  Frontier,
  PortfolioBenefits,
  ScenarioComparison,
  DigestCheck,
  History,
  LogPage,
  Policy,
  PortfolioSummary,
  Priorities,
  Problem,
  Proposal,
  ProposalPage,
  ScenarioSummary,
  SignInOptions,
  Verification,
  VerifyProgress,
  WriteResult,
} from './types';

type PortfolioSummaryAnswer = PortfolioSummary;

/** An answer other than 2xx, with the API's problem+json when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
  }

  /** The short code of the rule that refused the request, e.g. "tier-limit-exceeded". */
  get code(): string {
    return this.problem.type.split('/').pop() ?? '';
  }
}

export interface ApiClientOptions {
  readonly token: () => string | null;
  /** Called on any 401: the session is over, whatever page the person is on. */
  readonly onUnauthorized: () => void;
}

interface Call {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH';
  readonly body?: unknown;
  readonly ifMatch?: number;
  readonly minPosition?: number;
  readonly query?: Record<string, string | number | boolean | undefined | null>;
  readonly anonymous?: boolean;
  readonly accept?: string;
}

const BASE = '/api/v1';

function queryString(query: Call['query']): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function problemOf(response: Response): Promise<Problem> {
  const type = response.headers.get('Content-Type') ?? '';
  if (/json/.test(type)) {
    try {
      const body = (await response.json()) as Partial<Problem>;
      return {
        type: body.type ?? `about:blank#${response.status}`,
        title: body.title ?? response.statusText,
        status: body.status ?? response.status,
        detail: body.detail ?? body.title ?? response.statusText,
        errors: body.errors,
      };
    } catch {
      // fall through to a problem made from the status alone
    }
  }
  return {
    type: `about:blank#${response.status}`,
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    detail: `The ledger answered ${response.status} ${response.statusText}.`,
  };
}

/** The objects of a JSON-lines answer, each as soon as its line has arrived. */
async function* jsonLines(response: Response): AsyncGenerator<Record<string, unknown>> {
  if (!response.body) return;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffered += value;
      let end: number;
      while ((end = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, end).trim();
        buffered = buffered.slice(end + 1);
        if (line) yield JSON.parse(line) as Record<string, unknown>;
      }
    }
  } finally {
    // Leaving early (a verdict read, or the page gone) lets the API stop writing.
    await reader.cancel().catch(() => undefined);
  }
}

/** A file the ledger sent as an attachment, with the name it gave it. */
export interface DownloadedFile {
  readonly blob: Blob;
  readonly name: string;
}

async function fileOf(response: Response, fallbackName: string): Promise<DownloadedFile> {
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  return { blob: await response.blob(), name };
}

/** The reads that also answer a CSV table for people (Accept: text/csv). */
export type CsvRead =
  '/proposals' | '/portfolio/summary' | '/portfolio/priorities' | '/portfolio/benefits';

/** One typed client over the public HTTP API; the app calls the ledger only through it. */
export function createApiClient(options: ApiClientOptions) {
  async function send(path: string, call: Call = {}): Promise<Response> {
    const headers: Record<string, string> = { Accept: call.accept ?? 'application/json' };
    const token = call.anonymous ? null : options.token();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (call.body !== undefined) headers['Content-Type'] = 'application/json';
    if (call.ifMatch !== undefined) headers['If-Match'] = `"${call.ifMatch}"`;
    if (call.minPosition !== undefined) headers['X-Min-Position'] = String(call.minPosition);
    const response = await fetch(`${BASE}${path}${queryString(call.query)}`, {
      method: call.method ?? 'GET',
      headers,
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
    });
    if (response.ok) return response;
    const problem = await problemOf(response);
    if (response.status === 401 && !call.anonymous) options.onUnauthorized();
    throw new ApiError(response.status, problem);
  }
  async function json<T>(path: string, call: Call = {}): Promise<T> {
    return (await (await send(path, call)).json()) as T;
  }

  return {
    signInOptions: () => json<SignInOptions>('/session', { anonymous: true }),
    signInAsDemoPerson: (personId: string) =>
      json<DemoSession>('/session/demo', { method: 'POST', body: { personId }, anonymous: true }),

    proposals: (query: Call['query']) => json<ProposalPage>('/proposals', { query }),
    proposal: (id: string, at: { asOf?: string } = {}) =>
      json<Proposal>(`/proposals/${encodeURIComponent(id)}`, { query: at }),
    history: (id: string) => json<History>(`/proposals/${encodeURIComponent(id)}/history`),
    draft: (body: Record<string, unknown>) =>
      json<WriteResult>('/proposals', { method: 'POST', body }),
    amend: (id: string, version: number, body: Record<string, unknown>) =>
      json<WriteResult>(`/proposals/${encodeURIComponent(id)}`, {
        method: 'PATCH',
        body,
        ifMatch: version,
      }),
    submit: (id: string, version: number) =>
      json<WriteResult>(`/proposals/${encodeURIComponent(id)}/submit`, {
        method: 'POST',
        ifMatch: version,
      }),
    decide: (id: string, version: number, body: Record<string, unknown>) =>
      json<WriteResult>(`/proposals/${encodeURIComponent(id)}/decision`, {
        method: 'POST',
        body,
        ifMatch: version,
      }),
    returnForRevision: (id: string, version: number, reason: string) =>
      json<WriteResult>(`/proposals/${encodeURIComponent(id)}/return`, {
        method: 'POST',
        body: { reason },
        ifMatch: version,
      }),

    publishKeyDecisionNotice: (id: string, body: Record<string, unknown>) =>
      json<WriteResult>(`/proposals/${encodeURIComponent(id)}/key-decision-notice`, {
        method: 'POST',
        body,
      }),
    forwardPlan: (from: string, to: string) =>
      json<ForwardPlan>('/forward-plan', { query: { from, to } }),

    scenarios: (fiscalYear: string) =>
      json<{ items: readonly ScenarioSummary[] }>('/scenarios', { query: { fiscalYear } }),
    createScenario: (body: Record<string, unknown>) =>
      json<WriteResult>('/scenarios', { method: 'POST', body }),
    adoptScenario: (id: string, version: number, body: Record<string, unknown>) =>
      json<WriteResult>(`/scenarios/${encodeURIComponent(id)}/adoption`, {
        method: 'POST',
        body,
        ifMatch: version,
      }),

    compareScenarios: (ids: readonly string[]) =>
      json<ScenarioComparison>('/scenarios/compare', { query: { ids: ids.join(',') } }),
    frontier: (fiscalYear: string, range: { from?: string; to?: string; steps?: number } = {}) =>
      json<Frontier>('/portfolio/frontier', { query: { fiscalYear, ...range } }),

    portfolioBenefits: (fiscalYear: string, asOf?: string) =>
      json<PortfolioBenefits>('/portfolio/benefits', { query: { fiscalYear, asOf } }),
    recordBenefitEvidence: (id: string, key: string, body: Record<string, unknown>) =>
      json<WriteResult>(
        `/proposals/${encodeURIComponent(id)}/benefits/${encodeURIComponent(key)}/evidence`,
        { method: 'POST', body },
      ),
    validateBenefitEvidence: (
      id: string,
      key: string,
      evidenceId: string,
      body: Record<string, unknown>,
    ) =>
      json<WriteResult>(
        `/proposals/${encodeURIComponent(id)}/benefits/${encodeURIComponent(key)}/evidence/${encodeURIComponent(evidenceId)}/validation`,
        { method: 'POST', body },
      ),

    policy: () => json<Policy>('/policy'),
    budget: (fiscalYear: string) => json<Budget>(`/budgets/${encodeURIComponent(fiscalYear)}`),
    portfolioSummary: (fiscalYear: string, asOf?: string) =>
      json<PortfolioSummaryAnswer>('/portfolio/summary', { query: { fiscalYear, asOf } }),
    priorities: (fiscalYear: string, budget?: string) =>
      json<Priorities>('/portfolio/priorities', { query: { fiscalYear, budget } }),

    /**
     * Verifies the whole log, calling `onProgress` with each progress line as the API sends it;
     * resolves with the verdict, the body the plain JSON answer would have been.
     */
    verifyWithProgress: async (
      onProgress: (progress: VerifyProgress) => void,
    ): Promise<Verification> => {
      const response = await send('/audit/verify', { accept: 'application/x-ndjson' });
      for await (const line of jsonLines(response)) {
        if ('verdict' in line) return line.verdict as Verification;
        if ('problem' in line) {
          const problem = line.problem as Problem;
          throw new ApiError(problem.status, problem);
        }
        onProgress(line as unknown as VerifyProgress);
      }
      throw new ApiError(503, {
        type: 'about:blank#503',
        title: 'The verification stopped before a verdict',
        status: 503,
        detail:
          'The connection to the ledger ended before the verification finished. Verify again.',
      });
    },
    checkDigest: (position: number, hash: string) =>
      json<DigestCheck>('/audit/verify', { query: { position, hash } }),
    digest: () => json<Digest>('/audit/digest'),
    log: (after: number, limit: number) =>
      json<LogPage>('/audit/events', { query: { after, limit } }),
    /** The export needs the bearer token, which a plain link cannot send: fetched, then saved. */
    exportFile: async (format: 'jsonl' | 'csv'): Promise<DownloadedFile> =>
      fileOf(await send('/audit/export', { query: { format } }), `ledger-export.${format}`),
    /** A read as a CSV for a spreadsheet; like the export, fetched with the token, then saved. */
    csvFile: async (path: CsvRead, query: Call['query']): Promise<DownloadedFile> =>
      fileOf(await send(path, { query, accept: 'text/csv' }), 'ledger.csv'),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
