import type { Browser, Page } from 'playwright-core';
import {
  browserSuite,
  launchChromium,
  ledgerClient,
  newPage,
  screenshot,
  seriousAccessibilityViolations,
  signInAs,
  startLedger,
  type LedgerClient,
  type RunningLedger,
} from './web-app.harness';

const FIRST_SECRET = 'the-first-secret-of-this-test-ledger-0001';
const SECOND_SECRET = 'a-rotated-secret-that-ends-every-session-02';

interface Digest {
  readonly position: number;
}

async function fillTheBusinessCase(page: Page, title: string, capitalCost: string) {
  await page.getByLabel('Title').fill(title);
  await page
    .getByLabel('Summary')
    .fill('The current contract ends in 2027 and the platform is out of support.');
  await page.getByLabel('Department').fill('Customer Services');
  await page.getByLabel('Category').selectOption('infrastructure');
  await page.getByLabel('Capital cost').fill(capitalCost);
  await page.getByLabel('Annual revenue cost').fill('12000');
  await page.getByLabel('Annual cashable saving').fill('30000');
  await page.getByLabel('Annual non-cashable benefit').fill('5000');
}

browserSuite()("a proposer's draft in the browser", () => {
  let ledger: RunningLedger;
  let api: LedgerClient;
  let browser: Browser;

  beforeAll(async () => {
    ledger = await startLedger({ LEDGER_JWT_SECRET: FIRST_SECRET });
    api = ledgerClient(ledger.url);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await ledger?.stop();
  });

  it('offers the demo people on the sign-in page', async () => {
    const { context, page, problems } = await newPage(browser);
    await page.goto(`${ledger.url}/`);
    await page.waitForURL(/\/sign-in/);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page
      .getByRole('row', { name: /Mark Bennett/ })
      .getByText('Board: Investment board')
      .waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in');

    // By keyboard alone: on a page just loaded, the first Tab reaches the skip link, which moves
    // focus to the content.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string | undefined>('document.activeElement?.textContent')).toBe(
      'Skip to main content',
    );
    await page.keyboard.press('Enter');
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe(
      'main-content',
    );
    expect(problems).toEqual([]);
    await context.close();
  });

  it("shows the ledger's validation errors beside the fields, appends nothing, and saves once fixed", async () => {
    const { context, page, problems } = await newPage(browser);
    await signInAs(page, ledger.url, 'Ian Clarke');
    await page.getByRole('link', { name: 'Start a new proposal' }).click();
    await fillTheBusinessCase(page, 'Replace the telephony platform', '250,000');
    const before = await api.call<Digest>('nadia.hussain', 'GET', '/audit/digest');
    await page.getByRole('button', { name: 'Save as a draft' }).click();

    const summary = page.locator('.govuk-error-summary');
    await summary.getByText('There is a problem').waitFor();
    const link = summary.getByRole('link').first();
    expect(await link.getAttribute('href')).toBe('#proposal-capitalCost');
    const field = page
      .locator('.govuk-form-group--error')
      .filter({ has: page.locator('#proposal-capitalCost') });
    await field
      .locator('.govuk-error-message')
      .getByText(/such as 250000 or/)
      .waitFor();
    expect(await page.title()).toMatch(/^Error: /);
    expect((await api.call<Digest>('nadia.hussain', 'GET', '/audit/digest')).position).toBe(
      before.position,
    );
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'proposal-form');

    await link.click();
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe(
      'proposal-capitalCost',
    );
    await page.getByLabel('Capital cost').fill('250000.00');
    await page.getByRole('button', { name: 'Save as a draft' }).click();
    await page.getByRole('heading', { level: 1, name: 'Replace the telephony platform' }).waitFor();
    await page.getByText('Draft', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Submit to the board' }).click();
    await page.getByText('Awaiting decision', { exact: true }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('keeps what was typed when the session ends, and restores it after signing in again', async () => {
    const { context, page, problems } = await newPage(browser);
    await signInAs(page, ledger.url, 'Ian Clarke', '/proposals/new');
    await fillTheBusinessCase(page, 'Schools admissions portal', '180000.00');

    // Rotating the secret ends every session, as an expired token does.
    await ledger.restart({ LEDGER_JWT_SECRET: SECOND_SECRET });
    await page.getByRole('button', { name: 'Save as a draft' }).click();
    await page.waitForURL(/\/sign-in\?returnTo=%2Fproposals%2Fnew/);
    await page.getByText('Your session has ended').waitFor();
    await page.getByRole('button', { name: 'Sign in as Ian Clarke' }).click();
    await page.waitForURL(/\/proposals\/new$/);
    await page.getByText('We kept what you typed earlier').waitFor();
    expect(await page.getByLabel('Title').inputValue()).toBe('Schools admissions portal');
    expect(await page.getByLabel('Capital cost').inputValue()).toBe('180000.00');
    await page.getByRole('button', { name: 'Save as a draft' }).click();
    await page.getByRole('heading', { level: 1, name: 'Schools admissions portal' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});
