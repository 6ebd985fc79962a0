import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
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

interface Written {
  readonly id: string;
  readonly version: number;
}

interface Evidence {
  readonly evidenceId: string;
  readonly benefitKey: string;
  readonly period: string;
  readonly status: string;
  readonly recordedBy: { readonly id: string };
}

interface ProposalRead {
  readonly version: number;
  readonly benefitEvidence: readonly Evidence[];
}

const NEXT_YEAR = `${Number(FISCAL_YEAR.slice(0, 4)) + 1}-${String((Number(FISCAL_YEAR.slice(0, 4)) + 2) % 100).padStart(2, '0')}`;

const LICENCES = {
  key: 'licence-savings',
  description: 'Retire the legacy system licences',
  type: 'cash-releasing',
  owner: 'Head of Revenues',
  measure: 'Licence invoices no longer paid',
  forecast: [
    { fiscalYear: FISCAL_YEAR, amount: '40000.00' },
    { fiscalYear: NEXT_YEAR, amount: '40000.00' },
  ],
};

const CALLS = {
  key: 'fewer-calls',
  description: 'Fewer calls to the contact centre',
  type: 'non-cash-releasing',
  owner: 'Customer services manager',
  measure: 'Calls about bills each month',
  forecast: [{ fiscalYear: FISCAL_YEAR, amount: '15000.00' }],
};

async function approve(api: LedgerClient, id: string, amount: string): Promise<void> {
  const { version } = await api.call<Written>('mark.bennett', 'GET', `/proposals/${id}`);
  await api.call(
    'mark.bennett',
    'POST',
    `/proposals/${id}/decision`,
    {
      outcome: 'approved',
      authority: 'investment-board',
      reason: 'Within the envelope; the reviews support it.',
      approvedAmount: amount,
    },
    { 'If-Match': `"${version}"` },
  );
}

/** The rows of a table as the person reads them: each cell's text. */
async function rowsOf(page: Page, name: string): Promise<string[][]> {
  const table = page.getByRole('table', { name });
  await table.waitFor();
  return table
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) =>
        [...row.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').trim()),
      ),
    );
}

browserSuite()('benefits realisation, scenarios and the navigation in the browser', () => {
  let ledger: RunningLedger;
  let api: LedgerClient;
  let browser: Browser;
  let revenues: string;
  const scenarioIds: string[] = [];

  beforeAll(async () => {
    ledger = await startLedger();
    api = ledgerClient(ledger.url);
    browser = await launchChromium();
    await api.call('olivia.grant', 'PUT', `/budgets/${FISCAL_YEAR}`, {
      capitalEnvelope: '2000000.00',
      revenueEnvelope: '500000.00',
    });
    // Two approved proposals with benefit plans: one behind its forecast, one ahead.
    revenues = await aSubmittedProposal(api, {
      title: 'Replace the revenues system',
      benefitPlan: [LICENCES, CALLS],
    });
    await approve(api, revenues, '250000.00');
    const parking = await aSubmittedProposal(api, {
      title: 'Digital parking permits',
      department: 'Environment',
      capitalCost: '50000.00',
      benefitPlan: [
        {
          key: 'printing',
          description: 'No more paper permits',
          type: 'cash-releasing',
          owner: 'Parking manager',
          measure: 'Print and post invoices',
          forecast: [{ fiscalYear: FISCAL_YEAR, amount: '10000.00' }],
        },
      ],
    });
    await approve(api, parking, '50000.00');
    // v1's recorded benefits count as validated.
    await api.call('olivia.grant', 'POST', `/proposals/${parking}/benefits`, {
      period: FISCAL_YEAR,
      cashableSaving: '12500.00',
      nonCashableBenefit: '0.00',
      note: 'Print contract ended.',
    });
    // The proposer evidences half the licence savings; finance has not validated it yet.
    await api.call(
      'ian.clarke',
      'POST',
      `/proposals/${revenues}/benefits/licence-savings/evidence`,
      {
        period: FISCAL_YEAR,
        amount: '20000.00',
        evidence: 'Licence contract 4411 ended on 30 September.',
      },
    );

    // Four proposals awaiting decision: 760,000.00 buys all four; 15% less must leave one out.
    for (const [title, capitalCost, score, statutory] of [
      ['Social care case management', '350000.00', 4, true],
      ['Waste route optimisation', '200000.00', 5, false],
      ['Self-service kiosks in libraries', '90000.00', 4, false],
      ['Wi-Fi in libraries', '120000.00', 3, false],
    ] as const) {
      await aSubmittedProposal(api, { title, capitalCost, statutory, department: 'Corporate' }, [
        ['priya.shah', 'financial', score],
        ['owen.price', 'technical', score],
      ]);
    }
    for (const [name, budget] of [
      ['Full envelope', '760000.00'],
      ['Budget cut by 15%', '646000.00'],
    ]) {
      const created = await api.call<Written>('olivia.grant', 'POST', '/scenarios', {
        fiscalYear: FISCAL_YEAR,
        name,
        budget,
      });
      scenarioIds.push(created.id);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await ledger?.stop();
  });

  it('finance reads the benefits register, sorts it, sees who is at risk and downloads it', async () => {
    const { context, page, problems } = await newPage(browser);
    await signInAs(page, ledger.url, 'Olivia Grant');
    await page.waitForURL(/\/portfolio/);
    await page
      .getByRole('navigation', { name: 'Portfolio pages' })
      .getByRole('link', { name: 'Benefits' })
      .click();
    await page.waitForURL(/\/benefits$/);
    await page.getByTestId('benefits-ready').waitFor();

    expect(await rowsOf(page, `Totals for ${FISCAL_YEAR}`)).toEqual([
      ['Cash-releasing', '£50,000.00', '£32,500.00', '£12,500.00'],
      ['Non-cash-releasing', '£15,000.00', '£0.00', '£0.00'],
      ['Societal', '£0.00', '£0.00', '£0.00'],
    ]);
    const rate = page.getByTestId('benefits-rate');
    await rate.getByText('25%').waitFor();
    await rate.getByText('1 of 2').waitFor();

    // Lowest realisation first: the revenues system, validated 0 of 40,000.00, is at risk.
    const byProposal = await rowsOf(page, 'Benefits by proposal');
    expect(byProposal).toEqual([
      [
        'Replace the revenues system',
        'Finance and Revenues',
        '£40,000.00',
        '£20,000.00',
        '£0.00',
        '0%',
        'At risk',
      ],
      [
        'Digital parking permits',
        'Environment',
        '£10,000.00',
        '£12,500.00',
        '£12,500.00',
        '125%',
        'On track',
      ],
    ]);
    expect(
      await page
        .getByRole('table', { name: 'Benefits by proposal' })
        .locator('.moj-badge--red')
        .count(),
    ).toBe(1);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'benefits');
    const table = page.getByRole('table', { name: 'Benefits by proposal' });
    await table.getByRole('button', { name: 'Realisation rate' }).click();
    expect(
      await table.getByRole('columnheader', { name: 'Realisation rate' }).getAttribute('aria-sort'),
    ).toBe('descending');
    expect((await rowsOf(page, 'Benefits by proposal'))[0][0]).toBe('Digital parking permits');
    expect(await rowsOf(page, 'Benefits by department')).toHaveLength(2);

    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /^Download the benefits register/ }).click(),
    ]);
    expect(csv.suggestedFilename()).toBe(`benefits-${FISCAL_YEAR}.csv`);
    const [header, ...rows] = parse(readFileSync((await csv.path())!, 'utf8'), {
      bom: true,
    }) as string[][];
    expect(rows).toHaveLength(2);
    const revenuesRow = rows.find((row) => row.includes('Replace the revenues system'))!;
    expect(revenuesRow[header.indexOf('Forecast cash-releasing (£)')]).toBe('40000.00');
    await page.getByText(`Saved benefits-${FISCAL_YEAR}.csv.`).waitFor();

    // Before anything was recorded, the register was empty.
    const asOf = page.getByRole('group', { name: 'As it stood on (optional)' });
    await asOf.getByLabel('Day').fill('1');
    await asOf.getByLabel('Month').fill('1');
    await asOf.getByLabel('Year').fill('2020');
    await page.getByRole('button', { name: 'Show' }).click();
    await page
      .getByText('As it stood at the end of 1 January 2020, replayed from the log.')
      .waitFor();
    await page
      .getByText(`No approved proposal has a benefit forecast or evidence for ${FISCAL_YEAR}.`)
      .waitFor();
    const [dated] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /^Download the benefits register/ }).click(),
    ]);
    expect(dated.suggestedFilename()).toBe(`benefits-${FISCAL_YEAR}-as-of-2020-01-01.csv`);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('the proposer records evidence and finance validates it, but not evidence finance recorded', async () => {
    const proposer = await newPage(browser);
    await signInAs(proposer.page, ledger.url, 'Ian Clarke', `/proposals/${revenues}`);
    const calls = proposer.page.getByTestId('benefit-fewer-calls');
    await calls.getByRole('heading', { name: 'Fewer calls to the contact centre' }).waitFor();
    const form = proposer.page.getByRole('region', { name: 'Record evidence of a benefit' });
    await form.getByRole('button', { name: 'Record the evidence' }).click();
    await proposer.page
      .getByRole('link', { name: 'Enter the amount in pounds, such as 38000' })
      .waitFor();
    await form.getByLabel('Benefit').selectOption({ label: 'Fewer calls to the contact centre' });
    await form.getByLabel('Amount (£)').fill('£9,000');
    await form.getByLabel('Evidence').fill('Calls about bills fell from 4,100 to 2,600 a month.');
    await form.getByRole('button', { name: 'Record the evidence' }).click();
    await proposer.page.getByText(`Evidence of £9,000.00 for ${FISCAL_YEAR} recorded`).waitFor();
    await calls.getByText('Awaiting validation').waitFor();
    expect(await seriousAccessibilityViolations(proposer.page)).toEqual([]);
    expect(proposer.problems).toEqual([]);
    await proposer.context.close();

    const read = await api.call<ProposalRead>('olivia.grant', 'GET', `/proposals/${revenues}`);
    expect(read.benefitEvidence.map((each) => [each.benefitKey, each.status])).toEqual([
      ['licence-savings', 'pending'],
      ['fewer-calls', 'pending'],
    ]);
    // Finance records evidence of its own: the page does not offer her its validation.
    await api.call(
      'olivia.grant',
      'POST',
      `/proposals/${revenues}/benefits/licence-savings/evidence`,
      {
        period: NEXT_YEAR,
        amount: '5000.00',
        evidence: 'Early termination credit from the supplier.',
      },
    );

    const { context, page, problems } = await newPage(browser);
    await signInAs(page, ledger.url, 'Olivia Grant', `/proposals/${revenues}`);
    const licences = page.getByTestId('benefit-licence-savings');
    await licences
      .getByText('You recorded this evidence, so another finance officer validates it.')
      .waitFor();
    expect(await licences.getByRole('button', { name: /^Record the outcome/ }).count()).toBe(1);

    // Rejecting needs a note.
    const licenceForm = licences.getByRole('group', { name: /evidence of £20,000\.00 sound/ });
    await licenceForm.getByLabel('Reject').check();
    await licences
      .getByRole('button', { name: `Record the outcome for the ${FISCAL_YEAR} evidence` })
      .click();
    await page.getByRole('link', { name: 'Give the reason for rejecting the evidence' }).waitFor();
    await licenceForm.getByLabel('Validate').check();
    await licences.getByLabel('Note').fill('Checked against the creditor ledger.');
    await licences
      .getByRole('button', { name: `Record the outcome for the ${FISCAL_YEAR} evidence` })
      .click();
    await licences.getByText('Validated by Olivia Grant', { exact: false }).waitFor();
    const licenceYears = await rowsOf(
      page,
      'Retire the legacy system licences: forecast, evidenced and validated by year',
    );
    expect(licenceYears).toEqual([
      [FISCAL_YEAR, '£40,000.00', '£20,000.00', '£20,000.00'],
      [NEXT_YEAR, '£40,000.00', '£5,000.00', '£0.00'],
    ]);

    // The plan as finance sees it: one validated, one of her own awaiting another, one to check.
    await screenshot(page, 'benefit-evidence', page.getByRole('region', { name: 'Benefit plan' }));
    const callsCard = page.getByTestId('benefit-fewer-calls');
    await callsCard.getByLabel('Reject').check();
    await callsCard.getByLabel('Note').fill('The fall began before go-live; not attributable.');
    await callsCard.getByRole('button', { name: /^Record the outcome/ }).click();
    await callsCard.getByText('Rejected', { exact: true }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const after = await api.call<ProposalRead>('olivia.grant', 'GET', `/proposals/${revenues}`);
    expect(after.benefitEvidence.map((each) => each.status)).toEqual([
      'validated',
      'rejected',
      'pending',
    ]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('the board compares two scenarios and sees what a 15% cut loses, on the frontier too', async () => {
    const { context, page, problems } = await newPage(browser);
    await signInAs(page, ledger.url, 'Mark Bennett', '/scenarios');
    await page.getByTestId('scenarios').waitFor();
    await page.getByRole('button', { name: 'Compare the chosen scenarios' }).click();
    await page.getByRole('link', { name: 'Choose from 2 to 6 scenarios to compare' }).waitFor();
    await page.getByLabel('Compare Full envelope').check();
    await page.getByLabel('Compare Budget cut by 15%').check();
    await page.getByRole('button', { name: 'Compare the chosen scenarios' }).click();
    await page.waitForURL(new RegExp(`compare=${scenarioIds.join(',')}`));
    const comparison = page.getByTestId('scenario-comparison');
    await comparison.getByRole('heading', { name: '2 scenarios compared' }).waitFor();
    const difference = comparison.getByTestId('scenario-difference');
    await difference
      .getByText('“Budget cut by 15%” against “Full envelope”: budget −£114,000.00', {
        exact: false,
      })
      .waitFor();
    await difference.getByText('Leaves out: Wi-Fi in libraries.').waitFor();
    const chosen = await rowsOf(page, 'Which proposals each scenario chooses');
    expect(chosen).toContainEqual(['Wi-Fi in libraries', 'Chosen', 'Left out']);
    expect(chosen).toContainEqual(['Social care case management', 'Chosen', 'Chosen']);

    // The frontier: the best score each budget buys, from the statutory 350,000.00 to all 760,000.00.
    const frontier = await rowsOf(page, 'The best selection at each budget');
    expect(frontier[0].slice(0, 2)).toEqual(['£350,000.00', '£350,000.00']);
    expect(frontier.at(-1)!.slice(0, 3)).toEqual(['£760,000.00', '£760,000.00', '320.00']);
    expect(await page.locator('.app-chart svg path').count()).toBe(1);
    // More money can swap the best-scoring proposal for two cheaper ones that together score more.
    expect(frontier.find((row) => row[0] === '£596,000.00')?.[3]).toBe(
      'Adds: Self-service kiosks in libraries; Wi-Fi in librariesDrops: Waste route optimisation',
    );

    await page.getByLabel('Budget (£)').fill('760000');
    await page.getByLabel('Cut by (%)').fill('15');
    await page.getByRole('button', { name: 'Show what is lost' }).click();
    const cut = page.getByTestId('budget-cut');
    await cut
      .getByText(
        'Cutting £760,000.00 by 15% to £646,000.00: the total score falls from 320.00 to 260.00',
        {
          exact: false,
        },
      )
      .waitFor();
    await cut.getByText('Wi-Fi in libraries (£120,000.00, score 60.0)').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'scenario-comparison');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('keeps the navigation on one line at 1280 by 800 and behind a Menu toggle on a phone', async () => {
    const { context, page, problems } = await newPage(browser);
    await page.setViewportSize({ width: 1280, height: 800 });
    await signInAs(page, ledger.url, 'Olivia Grant', '/priorities');
    const menu = page.getByRole('navigation', { name: 'Menu' });
    const items = menu.getByRole('listitem');
    expect(await items.allTextContents()).toEqual([
      'Board pack',
      'Proposals',
      'Portfolio',
      'Forward plan',
      'Audit',
    ]);
    const tops = await items.evaluateAll((elements) =>
      elements.map((element) => Math.round(element.getBoundingClientRect().top)),
    );
    expect(new Set(tops).size).toBe(1);
    expect(await menu.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false);
    // The section is marked in the menu and the page in the sub navigation.
    expect(await menu.getByRole('link', { name: 'Portfolio' }).getAttribute('aria-current')).toBe(
      'true',
    );
    const pages = page.getByRole('navigation', { name: 'Portfolio pages' });
    expect(await pages.getByRole('link', { name: 'Priorities' }).getAttribute('aria-current')).toBe(
      'page',
    );
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.setViewportSize({ width: 375, height: 740 });
    const toggle = menu.getByRole('button', { name: 'Menu' });
    await toggle.waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await menu.getByRole('link', { name: 'Audit' }).isVisible()).toBe(false);
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await menu.getByRole('link', { name: 'Audit' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'navigation-phone');
    // By keyboard to Forward plan: the page loads and the menu folds away again.
    await menu.getByRole('link', { name: 'Forward plan' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/forward-plan$/);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByRole('navigation', { name: 'Portfolio pages' }).count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });
});
