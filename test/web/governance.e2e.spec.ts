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

interface PolicyRead {
  readonly delegation: readonly { authority: string; upTo: string | null }[];
  readonly requiredReviewKinds: readonly string[];
  readonly criteriaWeights: Record<string, number>;
  readonly discountRate: string;
}

interface ProposalRead {
  readonly status: string;
  readonly caseStage: string | null;
  readonly readiness: { readonly reasonsRequired: readonly string[] };
  readonly decision: { readonly snapshot: Record<string, unknown> } | null;
  readonly keyDecision: { readonly notices: readonly { decisionDue: string }[] } | null;
}

/** Today in London, as the ledger and the browser (Europe/London) reckon it. */
function londonToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
}

function daysAfter(iso: string, days: number): string {
  const date = new Date(`${iso}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function inWords(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${iso}T12:00:00Z`));
}

browserSuite()("wave 2's governance in the browser", () => {
  let ledger: RunningLedger;
  let api: LedgerClient;
  let browser: Browser;
  let keyDecision: string;
  let parksOne: string;
  let parksTwo: string;
  let careSystem: string;
  const due = daysAfter(londonToday(), 40);

  beforeAll(async () => {
    ledger = await startLedger();
    api = ledgerClient(ledger.url);
    browser = await launchChromium();
    await api.call('olivia.grant', 'PUT', `/budgets/${FISCAL_YEAR}`, {
      capitalEnvelope: '5000000.00',
      revenueEnvelope: '500000.00',
    });
    const policy = await api.call<PolicyRead>('alex.morris', 'GET', '/policy');
    const base = {
      delegation: policy.delegation,
      requiredReviewKinds: policy.requiredReviewKinds,
      criteriaWeights: policy.criteriaWeights,
      discountRate: policy.discountRate,
    };
    await api.call('alex.morris', 'PUT', '/policy', {
      ...base,
      keyDecisionThreshold: '1000000.00',
      splitSpendWindowDays: 30,
    });
    keyDecision = await aSubmittedProposal(api, {
      title: 'Replace the housing management system',
      department: 'Housing',
      capitalCost: '1200000.00',
    });
    const parks = {
      department: 'Parks and Open Spaces',
      category: 'end-user',
      capitalCost: '60000.00',
      annualRevenueCost: '0.00',
      appraisalYears: 1,
    };
    parksOne = await aSubmittedProposal(api, { ...parks, title: 'Tablets for park rangers' });
    parksTwo = await aSubmittedProposal(api, { ...parks, title: 'Rugged phones for park rangers' });
    // A conflict declared after a review withdraws it.
    await api.call('priya.shah', 'POST', `/proposals/${parksTwo}/conflicts`, {
      statement: 'My partner sells rugged phones to the council.',
    });
    // Business cases in stages from here on: a large proposal starts at a strategic outline case.
    await api.call('alex.morris', 'PUT', '/policy', {
      ...base,
      keyDecisionThreshold: '1000000.00',
      splitSpendWindowDays: 30,
      fullBusinessCaseAbove: '1500000.00',
    });
    careSystem = await aSubmittedProposal(api, {
      title: 'Replace the social care case management system',
      department: 'Adult Social Care',
      capitalCost: '2000000.00',
      businessCase: {
        strategic:
          'The current system leaves support in 2028 and cannot share records with the NHS.',
        economic: 'Four options were appraised; a shared regional system is the preferred way.',
      },
    });
  });

  afterAll(async () => {
    await browser?.close();
    await ledger?.stop();
  });

  it('publishes a key decision notice from the proposal page, and the forward plan shows it', async () => {
    const { context, page, problems } = await newPage(browser);
    await signInAs(page, ledger.url, 'Mark Bennett', `/proposals/${keyDecision}`);
    await page.getByRole('heading', { name: 'Key decision', exact: true }).waitFor();
    await page
      .getByText(/^This is a key decision: approving or rejecting it needs a notice/)
      .waitFor();
    await page.getByText('No notice has been published.').waitFor();

    // Nothing typed: the form says what is missing, and the ledger is not asked.
    await page.getByRole('button', { name: 'Publish key decision notice' }).click();
    await page.getByRole('link', { name: 'Enter the date the decision is due' }).waitFor();
    await page.getByRole('link', { name: 'Enter what the decision is about' }).waitFor();

    const [year, month, day] = due.split('-');
    await page.locator('#notice-decisionDue-day').fill(String(Number(day)));
    await page.locator('#notice-decisionDue-month').fill(String(Number(month)));
    await page.locator('#notice-decisionDue-year').fill(year);
    await page.locator('#notice-decisionMaker').selectOption('cabinet');
    await page
      .locator('#notice-summary')
      .fill('Whether to replace the housing management system, at £1.2 million.');
    await page.getByRole('button', { name: 'Publish key decision notice' }).click();
    await page.getByText(`Notice published: the decision is due on ${inWords(due)}.`).waitFor();
    const notices = page.getByRole('table', { name: 'Notices published' });
    await notices.getByText(inWords(due)).waitFor();
    await notices.getByRole('cell', { name: '39', exact: true }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const read = await api.call<ProposalRead>('mark.bennett', 'GET', `/proposals/${keyDecision}`);
    expect(read.keyDecision?.notices.map((notice) => notice.decisionDue)).toEqual([due]);

    await page.getByRole('link', { name: 'Forward plan' }).click();
    await page.waitForURL(/\/forward-plan$/);
    const plan = page.getByRole('table', { name: /1 key decision due from/ });
    await plan.waitFor();
    await plan.getByRole('link', { name: 'Replace the housing management system' }).waitFor();
    await plan.getByText(inWords(due)).waitFor();
    await plan.getByText('£1,275,000.00').waitFor();
    await plan.getByText('Cabinet').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'forward-plan');

    // A range that holds no notice says so.
    const after = daysAfter(due, 1);
    const [afterYear, afterMonth, afterDay] = after.split('-');
    await page.locator('#forward-plan-from-day').fill(afterDay);
    await page.locator('#forward-plan-from-month').fill(afterMonth);
    await page.locator('#forward-plan-from-year').fill(afterYear);
    await page.locator('#forward-plan-to-day').fill(afterDay);
    await page.locator('#forward-plan-to-month').fill(afterMonth);
    await page.locator('#forward-plan-to-year').fill(afterYear);
    await page.getByRole('button', { name: 'Show' }).click();
    await page
      .getByText(`No key decision is due between ${inWords(after)} and ${inWords(after)}.`)
      .waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('asks for the urgency procedure on a key decision without 28 clear days of notice', async () => {
    const { context, page, problems } = await newPage(browser);
    await signInAs(page, ledger.url, 'Cllr Imran Khan', `/proposals/${keyDecision}`);
    await page.getByRole('heading', { name: /Decide on version/ }).waitFor();
    await page.getByLabel('Approve').check();
    await page.getByText('Urgency: this key decision has no notice 28 clear days before').waitFor();
    await page.getByRole('button', { name: /Record the decision/ }).click();
    await page.getByRole('link', { name: 'Choose the urgency procedure' }).waitFor();
    await page.getByLabel('General exception').check();
    await page.getByText('Scrutiny chair informed on').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'key-decision-urgency');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows related spend, asks for the reason for a separate decision, and marks a withdrawn review', async () => {
    const before = await api.call<ProposalRead>('mark.bennett', 'GET', `/proposals/${parksOne}`);
    expect(before.readiness.reasonsRequired).toContain('splitSpendReason');
    const { context, page, problems } = await newPage(browser);
    await signInAs(page, ledger.url, 'Mark Bennett', `/proposals/${parksOne}`);
    await page.getByRole('heading', { name: 'Related spend' }).waitFor();
    await page.getByRole('link', { name: 'Rugged phones for park rangers' }).waitFor();
    await page.getByText('£120,000.00', { exact: true }).waitFor();
    await page.getByText('Yes: together they exceed the chief officer limit').waitFor();

    await page.getByLabel('Approve').check();
    await page.getByLabel('Reason', { exact: true }).fill('Good value; the rangers need them now.');
    await page.getByRole('button', { name: /Record the decision/ }).click();
    await page.getByRole('link', { name: 'Give the reason for a separate decision' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'split-spend-reason');
    // The field is described by its error, as GOV.UK Frontend links them, so a screen reader reads it.
    const describedBy = await page
      .getByLabel('Reason for a separate decision')
      .getAttribute('aria-describedby');
    expect(describedBy).toMatch(/\bdecision-splitSpendReason-error\b/);
    const descriptions = await Promise.all(
      describedBy!.split(' ').map((id) => page.locator(`[id="${id}"]`).innerText()),
    );
    expect(descriptions.join(' ')).toContain('Give the reason for a separate decision');
    await page
      .getByLabel('Reason for a separate decision')
      .fill('The phones are a separate purchase for a different team, bought next year.');
    await page.getByRole('button', { name: /Record the decision/ }).click();
    await page.getByRole('heading', { name: 'Decision recorded: Approved' }).waitFor();
    const after = await api.call<ProposalRead>('mark.bennett', 'GET', `/proposals/${parksOne}`);
    expect(after.status).toBe('approved');
    expect(after.decision?.snapshot.splitSpend).toMatchObject({
      reason: 'The phones are a separate purchase for a different team, bought next year.',
    });

    await page.getByRole('link', { name: 'Rugged phones for park rangers' }).click();
    await page.getByRole('heading', { name: 'Rugged phones for park rangers' }).waitFor();
    await page.getByText('Withdrawn: conflict declared').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('passes a strategic outline case through its gate without an amount, and shows the stage history', async () => {
    const before = await api.call<ProposalRead>('imran.khan', 'GET', `/proposals/${careSystem}`);
    expect(before.caseStage).toBe('SOC');
    const { context, page, problems } = await newPage(browser);
    await signInAs(page, ledger.url, 'Cllr Imran Khan', `/proposals/${careSystem}`);
    await page.getByRole('heading', { name: 'Business case stage' }).waitFor();
    await page.getByText('Strategic outline case').waitFor();
    await page.getByText('Four options were appraised; a shared regional system').waitFor();
    expect(await page.getByText('Not written yet').count()).toBe(3);
    await page.getByLabel('Pass the gate to OBC').check();
    expect(await page.locator('#decision-approvedAmount').count()).toBe(0);
    if (before.readiness.reasonsRequired.includes('urgency')) {
      await page.getByLabel('Special urgency').check();
      await page.getByLabel('Agreed as urgent by').fill('Chair of Overview and Scrutiny Committee');
      await page
        .getByLabel('Why the decision cannot wait')
        .fill('The regional procurement closes this month.');
    }
    await page
      .getByLabel('Reason', { exact: true })
      .fill('The strategic case is made; develop the outline business case.');
    await screenshot(page, 'stage-gate-decision');
    await page.getByRole('button', { name: /Record the decision/ }).click();
    await page.getByRole('heading', { name: 'Gate passed: now at OBC' }).waitFor();
    await page
      .getByText(/back in draft for its outline business case; no funds were committed/)
      .waitFor();
    const history = page.getByTestId('stage-history');
    await history.getByText('Passed the gate from SOC to OBC').waitFor();
    await history.getByText('Entered at SOC').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'stage-history');

    const after = await api.call<ProposalRead>('imran.khan', 'GET', `/proposals/${careSystem}`);
    expect(after).toMatchObject({ status: 'draft', caseStage: 'OBC' });
    expect(problems).toEqual([]);
    await context.close();
  });
  it('creates a scenario and the board adopts it on the version listed', async () => {
    const { context, page, problems } = await newPage(browser);
    await signInAs(page, ledger.url, 'Mark Bennett');
    // Scenarios sit in the Portfolio section, under its sub navigation.
    await page
      .getByRole('navigation', { name: 'Menu' })
      .getByRole('link', { name: 'Portfolio' })
      .click();
    await page
      .getByRole('navigation', { name: 'Portfolio pages' })
      .getByRole('link', { name: 'Scenarios' })
      .click();
    await page.waitForURL(/\/scenarios$/);
    await page.getByText(`No scenario has been created for ${FISCAL_YEAR}.`).waitFor();
    await page.getByRole('button', { name: 'Create the scenario' }).click();
    await page.getByRole('link', { name: 'Enter a name for the scenario' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Envelope cut by 15%');
    await page.getByLabel('Budget in pounds').fill('£100,000');
    await page.getByRole('button', { name: 'Create the scenario' }).click();
    const table = page.getByRole('table', { name: `Scenarios for ${FISCAL_YEAR}` });
    await table.getByRole('cell', { name: 'Envelope cut by 15%', exact: true }).waitFor();
    await table.getByText('£100,000.00').waitFor();
    await table.getByText('Not adopted').waitFor();

    await table.getByRole('button', { name: 'Adopt Envelope cut by 15%' }).click();
    await page.getByRole('button', { name: 'Adopt the scenario' }).click();
    await page.getByRole('link', { name: 'Give the reason for adopting the scenario' }).waitFor();
    await page.getByLabel('Reason for adopting it').fill('Cabinet agreed the reduced envelope.');
    await page.getByRole('button', { name: 'Adopt the scenario' }).click();
    await table.getByText('Adopted', { exact: true }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'scenarios');

    const listed = await api.call<{ items: { name: string; status: string }[] }>(
      'mark.bennett',
      'GET',
      `/scenarios?fiscalYear=${FISCAL_YEAR}`,
    );
    expect(listed.items).toMatchObject([{ name: 'Envelope cut by 15%', status: 'adopted' }]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
