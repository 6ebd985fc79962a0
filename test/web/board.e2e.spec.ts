import type { Browser } from 'playwright-core';
import {
  aSubmittedProposal,
  browserSuite,
  FISCAL_YEAR,
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

interface ProposalRead {
  readonly status: string;
  readonly version: number;
  readonly decision: {
    readonly outcome: string;
    readonly snapshot: { readonly proposalVersion: number };
  } | null;
}

browserSuite()('the board decides in the browser', () => {
  let ledger: RunningLedger;
  let api: LedgerClient;
  let browser: Browser;
  let payroll: string;
  let firewalls: string;
  let libraries: string;

  beforeAll(async () => {
    ledger = await startLedger();
    api = ledgerClient(ledger.url);
    browser = await launchChromium();
    await api.call('olivia.grant', 'PUT', `/budgets/${FISCAL_YEAR}`, {
      capitalEnvelope: '2000000.00',
      revenueEnvelope: '500000.00',
    });
    payroll = await aSubmittedProposal(api, {
      title: 'Replace the payroll system',
      department: 'Human Resources',
    });
    firewalls = await aSubmittedProposal(
      api,
      {
        title: 'Upgrade the data centre firewalls',
        department: 'ICT',
        category: 'security',
        capitalCost: '120000.00',
      },
      [['priya.shah', 'financial', 3]],
    );
    libraries = await aSubmittedProposal(api, {
      title: 'Self-service kiosks in libraries',
      department: 'Culture and Leisure',
      category: 'end-user',
      capitalCost: '90000.00',
    });
  });

  afterAll(async () => {
    await browser?.close();
    await ledger?.stop();
  });

  it('approves a proposal seen in the board pack, on the version shown, and shows the decision snapshot', async () => {
    const { context, page, problems } = await newPage(browser);
    await signInAs(page, ledger.url, 'Mark Bennett');
    await page.waitForURL(/\/board-pack$/);
    const table = page.getByRole('table', { name: /3 proposals awaiting decision/ });
    await table.waitFor();
    for (const title of [
      'Replace the payroll system',
      'Upgrade the data centre firewalls',
      'Self-service kiosks in libraries',
    ]) {
      await table.getByRole('link', { name: title }).waitFor();
    }
    await page.getByText('£460,000.00').waitFor();
    // The pack sorts by keyboard, and says how it is sorted.
    await table.getByRole('button', { name: 'Capital', exact: true }).focus();
    await page.keyboard.press('Enter');
    const capital = table.getByRole('columnheader', { name: 'Capital', exact: true });
    expect(await capital.getAttribute('aria-sort')).toBe('ascending');
    expect(await table.locator('tbody tr').first().textContent()).toContain('Self-service kiosks');
    // The details open in a full-width row of their own under the proposal's row.
    const firewallsRow = table.locator('tr', {
      hasText: 'checks for Upgrade the data centre firewalls',
    });
    expect(await firewallsRow.locator('td').getAttribute('colspan')).toBe('9');
    await firewallsRow.getByText('Reviews, conflicts and checks').click();
    await firewallsRow.getByText(/cannot be approved without a current technical review/).waitFor();
    await firewallsRow.getByText('Financial, Priya Shah:').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'board-pack');

    await table.getByRole('link', { name: 'Replace the payroll system' }).click();
    await page.getByRole('heading', { level: 1, name: 'Replace the payroll system' }).waitFor();
    const checks = page.locator('.app-checks');
    await checks.getByText('Every kind of review the policy requires is recorded').waitFor();
    await checks.getByText(/£2,000,000\.00 of the .* capital envelope remains/).waitFor();
    // The contributions the ledger gives add up to the weighted score shown under them.
    const breakdown = page.getByTestId('score-breakdown');
    const contributions = await breakdown.locator('tbody td:last-child').allInnerTexts();
    const total = contributions.reduce((sum, text) => sum + Math.round(Number(text) * 100), 0);
    expect(await breakdown.locator('tfoot td').innerText()).toBe(
      `${(total / 100).toFixed(2)} of 100`,
    );
    await page.getByText('£325,000.00').first().waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'proposal');

    const before = await api.call<ProposalRead>('mark.bennett', 'GET', `/proposals/${payroll}`);
    await page.getByLabel('Approve').check();
    await page
      .getByLabel('Reason')
      .fill('Strong invest-to-save case; the current system is out of support in 2028.');
    await page
      .getByLabel('Conditions (optional, one a line)')
      .fill('Report progress to the board quarterly');
    await page
      .getByRole('button', { name: `Record the decision on version ${before.version}` })
      .click();
    await page.getByRole('heading', { name: 'Decision recorded: Approved' }).waitFor();
    await page.getByText('Decision snapshot: what the decision relied on').waitFor();
    const snapshot = page.locator('.app-card').filter({ hasText: 'Decision snapshot' }).last();
    await snapshot.getByText('Investment board (up to £1,000,000.00)').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'decision');

    const after = await api.call<ProposalRead>('mark.bennett', 'GET', `/proposals/${payroll}`);
    expect(after.status).toBe('approved');
    expect(after.decision?.snapshot.proposalVersion).toBe(before.version);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows what changed when the proposal moved on meanwhile (412), keeping the typed reason', async () => {
    const { context, page, problems } = await newPage(browser);
    await signInAs(page, ledger.url, 'Mark Bennett', `/proposals/${libraries}`);
    const seen = await api.call<ProposalRead>('mark.bennett', 'GET', `/proposals/${libraries}`);
    await page.getByRole('heading', { name: `Decide on version ${seen.version}` }).waitFor();
    await page.getByLabel('Approve').check();
    const reason = 'Kiosks free staff for the busiest branches.';
    await page.getByLabel('Reason').fill(reason);

    await api.call('alex.morris', 'POST', `/proposals/${libraries}/conflicts`, {
      statement: 'My partner works for the kiosk supplier.',
    });
    await page
      .getByRole('button', { name: `Record the decision on version ${seen.version}` })
      .click();
    const banner = page
      .getByRole('alert')
      .filter({ hasText: 'This proposal changed while you were deciding' });
    await banner.waitFor();
    await banner
      .getByText(`you saw version ${seen.version}, it is now version ${seen.version + 1}`)
      .waitFor();
    await banner.getByText('Conflict of interest declared by Alex Morris').waitFor();
    expect(await page.getByLabel('Reason').inputValue()).toBe(reason);
    expect(
      (await api.call<ProposalRead>('mark.bennett', 'GET', `/proposals/${libraries}`)).status,
    ).toBe('submitted');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'stale-decision');

    await page
      .getByRole('button', { name: `Record the decision on version ${seen.version + 1}` })
      .click();
    await page.getByRole('heading', { name: 'Decision recorded: Approved' }).waitFor();
    const decided = await api.call<ProposalRead>('mark.bennett', 'GET', `/proposals/${libraries}`);
    expect(decided.decision?.snapshot.proposalVersion).toBe(seen.version + 1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('names the governance rule that refuses an approval, and records nothing', async () => {
    const { context, page, problems } = await newPage(browser);
    await signInAs(page, ledger.url, 'Mark Bennett', `/proposals/${firewalls}`);
    await page
      .locator('.app-checks')
      .getByText(/cannot be approved without a current technical review/)
      .waitFor();
    const before = await api.call<ProposalRead>('mark.bennett', 'GET', `/proposals/${firewalls}`);
    await page.getByLabel('Approve').check();
    await page.getByLabel('Reason').fill('Urgent: the firewalls are out of support.');
    await page.getByRole('button', { name: /Record the decision/ }).click();
    await page
      .locator('.govuk-error-summary')
      .getByText(/technical/i)
      .first()
      .waitFor();
    const after = await api.call<ProposalRead>('mark.bennett', 'GET', `/proposals/${firewalls}`);
    expect(after).toMatchObject({ status: 'submitted', version: before.version });

    // The history is a timeline of who did what and when, with each event's hash.
    const history = await api.call<{ events: { hash: string }[] }>(
      'nadia.hussain',
      'GET',
      `/proposals/${firewalls}/history`,
    );
    // The stage's own timeline comes first on the page; the history is the one under its heading.
    const timeline = page.locator('section[aria-labelledby="history-heading"] .moj-timeline');
    for (const event of history.events) await timeline.getByText(event.hash).waitFor();
    expect(await timeline.locator('.moj-timeline__header').first().textContent()).toMatch(
      /\S by \S/,
    );

    // As it stood on a date: the end of today shows the version now, replayed from the log.
    const asOf = page.getByRole('group', { name: 'See it as it stood on' });
    await asOf.getByLabel('Day').fill('31');
    await asOf.getByLabel('Month').fill('2');
    await asOf.getByLabel('Year').fill('2026');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await asOf.getByText('The date must be a real date').waitFor();
    const [year, month, day] = new Date()
      .toLocaleDateString('en-CA', { timeZone: 'Europe/London' })
      .split('-');
    await asOf.getByLabel('Day').fill(day);
    await asOf.getByLabel('Month').fill(month);
    await asOf.getByLabel('Year').fill(year);
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.getByText(/You are looking at this proposal as it stood at the end of/).waitFor();
    await page.getByText(`(version ${before.version})`, { exact: false }).waitFor();
    expect(await page.getByRole('heading', { name: /Decide on version/ }).count()).toBe(0);

    // Deferring asks for the date as Day, Month and Year, and refuses one that is not ahead.
    await page.getByRole('link', { name: 'See it as it is now' }).click();
    await page.getByLabel('Defer').check();
    await page.getByLabel('Reason').fill('Wait for the technical review.');
    const until = page.getByRole('group', { name: 'Deferred until' });
    await until.getByText('For example, 27 3 2027').waitFor();
    await until.getByLabel('Day').fill(day);
    await until.getByLabel('Month').fill(month);
    await until.getByLabel('Year').fill(year);
    await page.getByRole('button', { name: /Record the decision/ }).click();
    await until.getByText('The date it is deferred until must be in the future').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await until.getByLabel('Day').fill('1');
    await until.getByLabel('Year').fill(String(Number(year) + 1));
    await page.getByRole('button', { name: /Record the decision/ }).click();
    await page.getByRole('heading', { name: 'Decision recorded: Deferred' }).waitFor();
    const deferred = await api.call<ProposalRead & { decision: { deferredUntil?: string } }>(
      'mark.bennett',
      'GET',
      `/proposals/${firewalls}`,
    );
    expect(deferred.status).toBe('deferred');
    expect(JSON.stringify(deferred.decision)).toContain(`${Number(year) + 1}-${month}-01`);
    expect(problems).toEqual([]);
    await context.close();
  });
});
