import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import type { Browser } from 'playwright-core';
import {
  aDraft,
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
  readonly version: number;
}

interface Digest {
  readonly position: number;
  readonly hash: string;
}

browserSuite()('finance and the auditor in the browser', () => {
  let ledger: RunningLedger;
  let api: LedgerClient;
  let browser: Browser;

  beforeAll(async () => {
    ledger = await startLedger();
    api = ledgerClient(ledger.url);
    browser = await launchChromium();
    await api.call('olivia.grant', 'PUT', `/budgets/${FISCAL_YEAR}`, {
      capitalEnvelope: '1000000.00',
      revenueEnvelope: '300000.00',
    });
    const approved = await aSubmittedProposal(api, {
      title: 'Replace the payroll system',
      department: 'Human Resources',
      capitalCost: '400000.00',
    });
    const { version } = await api.call<Written>('mark.bennett', 'GET', `/proposals/${approved}`);
    await api.call(
      'mark.bennett',
      'POST',
      `/proposals/${approved}/decision`,
      {
        outcome: 'approved',
        authority: 'investment-board',
        reason: 'Out of support in 2028.',
        approvedAmount: '400000.00',
      },
      { 'If-Match': `"${version}"` },
    );
    await api.call('olivia.grant', 'POST', `/proposals/${approved}/benefits`, {
      period: FISCAL_YEAR,
      cashableSaving: '12500.00',
      nonCashableBenefit: '3000.00',
      note: 'First quarter after go-live.',
    });
    await aSubmittedProposal(api, {
      title: 'Social care case management',
      department: 'Adult Social Care',
      capitalCost: '350000.00',
      statutory: true,
    });
    await aSubmittedProposal(api, {
      title: 'Self-service kiosks in libraries',
      department: 'Culture and Leisure',
      capitalCost: '90000.00',
    });
    // Enough events for the global log to need a second page.
    for (const title of [
      'Digital parking permits',
      'Website search',
      'Council tax e-billing',
      'Highways defect reporting app',
      'Replace the telephony platform',
      'Schools admissions portal',
    ]) {
      await api.call(
        'ian.clarke',
        'POST',
        '/proposals',
        aDraft({ title, capitalCost: '50000.00' }),
      );
    }
    await aSubmittedProposal(
      api,
      { title: 'Waste route optimisation', department: 'Environment', capitalCost: '200000.00' },
      [
        ['priya.shah', 'financial', 5],
        ['owen.price', 'technical', 5],
      ],
    );
  });

  afterAll(async () => {
    await browser?.close();
    await ledger?.stop();
  });

  it("finance reads the year's portfolio, with a chart and its numbers in a table", async () => {
    const { context, page, problems } = await newPage(browser);
    await signInAs(page, ledger.url, 'Olivia Grant');
    await page.waitForURL(/\/portfolio/);
    await page.getByTestId('portfolio-ready').waitFor();
    const envelope = page.locator('.govuk-summary-list').first();
    await envelope.getByText('£1,000,000.00').waitFor();
    await envelope.getByText('£600,000.00').waitFor();
    const byDepartment = page.getByRole('table', { name: 'Capital and savings by department' });
    const payroll = byDepartment.getByRole('row', { name: /Human Resources/ });
    await payroll.getByText('£400,000.00').first().waitFor();
    await payroll.getByText('£12,500.00').waitFor();
    expect(await page.locator('.app-chart svg').count()).toBe(2);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'portfolio');

    const [summaryCsv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /^Download this summary/ }).click(),
    ]);
    expect(summaryCsv.suggestedFilename()).toBe(`portfolio-summary-${FISCAL_YEAR}.csv`);
    const summaryText = readFileSync((await summaryCsv.path())!, 'utf8');
    expect(summaryText.charCodeAt(0)).toBe(0xfeff);
    const [headers, total, ...groups] = parse(summaryText, { bom: true }) as string[][];
    expect(headers.slice(0, 3)).toEqual(['Breakdown', 'Name', 'Proposals']);
    expect(total.slice(0, 2)).toEqual(['Total', 'All proposals']);
    expect(total[headers.indexOf('Capital envelope (£)')]).toBe('1000000.00');
    expect(groups).toContainEqual(
      expect.arrayContaining(['Department', 'Human Resources', '1', '400000.00', '400000.00']),
    );
    await page.getByText(`Saved portfolio-summary-${FISCAL_YEAR}.csv.`).waitFor();

    const asOf = page.getByRole('group', { name: 'As it stood on (optional)' });
    await asOf.getByLabel('Day').fill('1');
    await asOf.getByLabel('Month').fill('1');
    await asOf.getByLabel('Year').fill('2020');
    await page.getByRole('button', { name: 'Show' }).click();
    await page
      .getByText('As it stood at the end of 1 January 2020, replayed from the log.')
      .waitFor();
    await page
      .locator('.govuk-summary-list')
      .first()
      .getByText('Not set for this year')
      .first()
      .waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('finance reads the priorities and changes the budget to see what is selected and why the rest is not', async () => {
    const { context, page, problems } = await newPage(browser);
    await signInAs(page, ledger.url, 'Olivia Grant', '/priorities');
    const ranking = page.getByRole('table', { name: 'Ranking, with the selection' });
    await ranking.waitFor();
    await page.getByText('£600,000.00 (what remains of the capital envelope)').waitFor();

    await page.getByLabel('Budget in pounds').fill('450000');
    await page.getByRole('button', { name: 'Select within this budget' }).click();
    await page.getByText('£450,000.00', { exact: true }).waitFor();
    expect(await page.getByLabel('Budget in pounds').inputValue()).toBe('450000');
    // The statutory case management system comes first; the best-scoring one that still fits joins it.
    await ranking
      .getByRole('row', { name: /Social care case management/ })
      .getByText('Selected')
      .waitFor();
    await ranking
      .getByRole('row', { name: /Self-service kiosks/ })
      .getByText('Selected')
      .waitFor();
    const waste = ranking.getByRole('row', { name: /Waste route optimisation/ });
    await waste.getByText('Not selected').waitFor();
    await waste.getByText(/Needs £200,000\.00; £10,000\.00 of the budget is left/).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'priorities');

    const [rankingCsv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /^Download the ranking/ }).click(),
    ]);
    expect(rankingCsv.suggestedFilename()).toBe(`priorities-${FISCAL_YEAR}-within-450000.00.csv`);
    const [header, ...ranked] = parse(readFileSync((await rankingCsv.path())!, 'utf8'), {
      bom: true,
    }) as string[][];
    const selectedTitles = ranked
      .filter((row) => row[header.indexOf('In the selection')] === 'Yes')
      .map((row) => row[header.indexOf('Proposal')]);
    expect(selectedTitles.sort()).toEqual([
      'Self-service kiosks in libraries',
      'Social care case management',
    ]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('the auditor verifies the chain, takes a digest, checks it and exports the log', async () => {
    const { context, page, problems } = await newPage(browser);
    await signInAs(page, ledger.url, 'Nadia Hussain');
    await page.waitForURL(/\/audit$/);
    const head = await api.call<Digest>('nadia.hussain', 'GET', '/audit/digest');

    await page.getByRole('button', { name: 'Verify the whole log' }).click();
    const verified = page.getByTestId('verify-result');
    await verified.getByText('The chain is intact').waitFor();
    await verified.getByText(`${head.position} events checked`, { exact: false }).waitFor();
    // The progress the API streamed stays beside the verdict: the walk reached the head.
    const total = head.position.toLocaleString('en-GB');
    const progress = page.getByTestId('verify-progress');
    await progress.getByText(`Checked ${total} of ${total} events (100%)`).waitFor();
    expect(await progress.getAttribute('role')).toBe('status');
    const bar = progress.locator('progress');
    expect([await bar.getAttribute('value'), await bar.getAttribute('max')]).toEqual([
      String(head.position),
      String(head.position),
    ]);

    await page.getByRole('button', { name: 'Take a digest now' }).click();
    const digest = page.getByTestId('digest');
    await digest.getByText(head.hash).waitFor();
    expect(JSON.parse(await page.getByLabel('The digest to keep').inputValue())).toMatchObject({
      position: head.position,
      hash: head.hash,
    });

    await page.getByLabel('Position').fill(String(head.position));
    await page.getByLabel('Hash', { exact: true }).fill(head.hash);
    await page.getByRole('button', { name: 'Check the digest' }).click();
    await page.getByTestId('digest-check').getByText('The log still holds this digest').waitFor();
    await page.getByLabel('Hash', { exact: true }).fill('0'.repeat(64));
    await page.getByRole('button', { name: 'Check the digest' }).click();
    const mismatch = page.getByTestId('digest-check');
    await mismatch.getByText('The log does not hold this digest').waitFor();
    await mismatch
      .getByText(`holds another event, with the hash ${head.hash}`, { exact: false })
      .waitFor();
    await page.getByLabel('Position').fill(String(head.position + 1000));
    await page.getByRole('button', { name: 'Check the digest' }).click();
    await mismatch
      .getByText(`The log ends at position ${head.position.toLocaleString('en-GB')}, before`, {
        exact: false,
      })
      .waitFor();

    const [jsonl] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download JSON lines' }).click(),
    ]);
    const lines = readFileSync((await jsonl.path())!, 'utf8')
      .trim()
      .split('\n');
    expect(lines).toHaveLength(head.position);
    expect(JSON.parse(lines[lines.length - 1]).hash).toBe(head.hash);
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toBe(`ledger-export-${head.position}.csv`);
    expect(readFileSync((await csv.path())!, 'utf8').split('\r\n').length).toBeGreaterThan(
      head.position,
    );

    const log = page.locator('table').filter({ hasText: 'Positions 1 to 25' });
    await log.waitFor();
    await page.getByRole('button', { name: 'Later events' }).click();
    expect(head.position).toBeGreaterThan(25);
    await page
      .locator('table')
      .filter({ hasText: `Positions 26 to ${Math.min(50, head.position)}` })
      .waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'audit');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('the auditor sees the first broken position when someone has edited the log', async () => {
    // Someone with access to the database file rewrites a payload behind the ledger's back.
    await ledger.restart(undefined, () => {
      const file = new Database(join(ledger.dataDir, 'ledger.sqlite'));
      try {
        file
          .prepare('UPDATE ledger_events SET data = ? WHERE position = 7')
          .run(JSON.stringify({ tampered: true }));
      } finally {
        file.close();
      }
    });
    const { context, page, problems } = await newPage(browser);
    await signInAs(page, ledger.url, 'Nadia Hussain');
    await page.getByRole('button', { name: 'Verify the whole log' }).click();
    const verified = page.getByTestId('verify-result');
    await verified.getByText('The chain is broken').waitFor();
    await verified.getByText(/The first event that fails is at position 7: /).waitFor();
    expect(await page.getByTestId('verify-progress').count()).toBe(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'audit-broken-chain');
    expect(problems).toEqual([]);
    await context.close();
  });
});
