import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import axe from 'axe-core';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core';

export const BUILT_API = resolve(__dirname, '../../dist/apps/api/src/main.js');
export const BUILT_WEB = resolve(__dirname, '../../dist/web/index.html');
export const CHROMIUM = '/usr/bin/chromium';
/**
 * Every page is photographed on every run; the README's copies under docs/screenshots are rewritten
 * only by `npm run screenshots`, so a test run leaves the working tree as it found it.
 */
export const SCREENSHOTS = process.env.LEDGER_SCREENSHOTS_DIR
  ? resolve(process.env.LEDGER_SCREENSHOTS_DIR)
  : join(tmpdir(), 'ledger-web-screenshots');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Date fields then read day/month/year in the screenshots, as they do for people in the UK.
  '--lang=en-GB',
];

/**
 * Outside CI a machine without Chromium or without a build skips these suites with a warning; under
 * CI=true nothing is skipped, so a missing browser fails them.
 */
export function browserSuite(): typeof describe | typeof describe.skip {
  const missing = [CHROMIUM, BUILT_API, BUILT_WEB].filter((path) => !existsSync(path));
  if (missing.length === 0 || process.env.CI === 'true') return describe;
  console.warn(
    `Skipping the browser tests: missing ${missing.join(', ')} (run npm run build; install chromium)`,
  );
  return describe.skip;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface RunningLedger {
  readonly url: string;
  readonly dataDir: string;
  /**
   * Stops the process and starts it again on the same port and data, with other settings, doing
   * `whileStopped` (say, tampering with the database file) in between.
   */
  restart(env?: Record<string, string>, whileStopped?: () => void): Promise<void>;
  stop(): Promise<void>;
}

/** The built API (which serves the built app) as an operator runs it, on a fresh SQLite data dir. */
export async function startLedger(env: Record<string, string> = {}): Promise<RunningLedger> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-web-'));
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let output = '';

  async function start(extra: Record<string, string>) {
    output = '';
    child = spawn(process.execPath, [BUILT_API], {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: String(port),
        HOST: '127.0.0.1',
        LEDGER_DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        LEDGER_RATE_LIMIT: '100000',
        ...extra,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null)
        throw new Error(`The ledger exited (${child.exitCode}): ${output}`);
      try {
        const response = await fetch(`${url}/health`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((wake) => setTimeout(wake, 100));
    }
    throw new Error(`The ledger did not become healthy within 30 s: ${output}`);
  }

  async function stop() {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((done) => {
      running.once('exit', () => done());
      running.kill('SIGTERM');
      setTimeout(() => running.kill('SIGKILL'), 10_000).unref();
    });
  }

  await start(env);
  return {
    url,
    dataDir,
    async restart(extra = env, whileStopped) {
      await stop();
      whileStopped?.();
      await start(extra);
    },
    async stop() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Seeds through the public HTTP API with the demo people's own tokens, as the app would. */
export function ledgerClient(url: string) {
  const tokens = new Map<string, string>();
  async function tokenOf(personId: string): Promise<string> {
    const known = tokens.get(personId);
    if (known) return known;
    const response = await fetch(`${url}/api/v1/session/demo`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ personId }),
    });
    if (response.status !== 201) throw new Error(`demo sign-in as ${personId}: ${response.status}`);
    const { accessToken } = (await response.json()) as { accessToken: string };
    tokens.set(personId, accessToken);
    return accessToken;
  }
  async function call<T>(
    personId: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const response = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${await tokenOf(personId)}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`${method} ${path} as ${personId}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
  return { call, tokenOf };
}

export type LedgerClient = ReturnType<typeof ledgerClient>;

export const FISCAL_YEAR = (() => {
  const now = new Date();
  const start = now.getMonth() >= 3 ? now.getFullYear() : now.getFullYear() - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
})();

export function aDraft(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Replace the revenues and benefits system',
    summary: 'The current system is out of support in March 2028.',
    department: 'Finance and Revenues',
    category: 'digital-service',
    fiscalYear: FISCAL_YEAR,
    capitalCost: '250000.00',
    annualRevenueCost: '15000.00',
    annualCashableSaving: '40000.00',
    annualNonCashableBenefit: '10000.00',
    appraisalYears: 5,
    statutory: false,
    risks: 'Data migration may overrun.',
    strategicObjectives: ['Digital by default'],
    ...overrides,
  };
}

export function aReview(kind: string, score = 4, recommendation = 'support') {
  return {
    kind,
    scores: {
      strategicFit: score,
      valueForMoney: score,
      deliverability: score,
      riskReduction: score,
      serviceImpact: score,
    },
    recommendation,
    comments: `${kind} review: the figures were checked against the supplier's quote.`,
  };
}

interface Written {
  readonly id: string;
  readonly version: number;
  readonly position: number;
}

/** A proposal drafted, submitted and (unless told otherwise) given both required reviews. */
export async function aSubmittedProposal(
  ledger: LedgerClient,
  overrides: Record<string, unknown> = {},
  reviews: readonly [string, string, number][] = [
    ['priya.shah', 'financial', 4],
    ['owen.price', 'technical', 3],
  ],
): Promise<string> {
  const drafted = await ledger.call<Written>('ian.clarke', 'POST', '/proposals', aDraft(overrides));
  await ledger.call('ian.clarke', 'POST', `/proposals/${drafted.id}/submit`);
  for (const [reviewer, kind, score] of reviews) {
    await ledger.call(reviewer, 'POST', `/proposals/${drafted.id}/reviews`, aReview(kind, score));
  }
  return drafted.id;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * A fresh browser context (its own storage, like a new profile) that records every console error
 * and Content Security Policy violation, so a test can assert the page broke no rule.
 */
export async function newPage(
  browser: Browser,
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    // A refused request (401, 412, 422) is logged by Chromium; the tests check how the page answers it.
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) {
      problems.push(message.text());
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return { context, page, problems };
}

/**
 * Tokens live in the page's memory, so loading an address signs the person out: a test (like a
 * person following a link) signs in on the way, and the app returns to `path`.
 */
export async function signInAs(
  page: Page,
  url: string,
  name: string,
  path?: string,
): Promise<void> {
  await page.goto(`${url}/sign-in${path ? `?returnTo=${encodeURIComponent(path)}` : ''}`);
  await page.getByRole('button', { name: `Sign in as ${name}` }).click();
  await page.getByText(`Signed in as ${name}`).waitFor();
}

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly string[];
}

/** axe-core's serious and critical findings on the page as it is now. */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  // evaluate() runs outside the page's CSP, which rightly refuses inline scripts.
  // The page is typed as the browser sees it, which this Node-typed file is not: plain expressions.
  if (!(await page.evaluate<boolean>("'axe' in window"))) await page.evaluate(axe.source);
  const violations = await page.evaluate<AxeViolation[]>(`
    axe.run(document, { resultTypes: ['violations'] }).then((result) =>
      result.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact || null,
        help: violation.help,
        nodes: violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(' ') + ': ' + (node.failureSummary || '')),
      })),
    )
  `);
  return violations.filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
}

/** The whole page, or with `part` only that part of it (a long page's one section, readable). */
export async function screenshot(page: Page, name: string, part?: Locator): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await (part ? part.screenshot({ path }) : page.screenshot({ path, fullPage: true }));
}
