import { addDays, londonDateOf } from '@ledger/domain';
import {
  aBudgetBody,
  aDraftBody,
  anApprovalBody,
  aReviewBody,
  BOM,
  csvCell as cell,
  csvReader,
  databaseKindsUnderTest,
  expectCellsOf,
  expectProblem,
  INJECTED_TITLE,
  ledgerOverHttp,
  people,
  WELSH_COUNCIL,
  WELSH_TITLE,
  type CsvColumns,
  type JsonItem as Json,
  type Person,
} from '@ledger/testing';
import { createApp } from '../../apps/api/src/create-app';

const YEAR = '2026-27';

const benefit = (key: string, type: string, amount: string): Json => ({
  key,
  description: `The ${key} benefit`,
  type,
  owner: 'Head of Revenues',
  measure: 'Invoices no longer paid',
  forecast: [{ fiscalYear: YEAR, amount }],
});

const PLAN = [
  benefit('licence-savings', 'cash-releasing', '100000.00'),
  benefit('staff-time', 'non-cash-releasing', '30000.00'),
  benefit('resident-access', 'societal', '5000.00'),
];

const BENEFIT_CELLS: CsvColumns = [
  ['Proposal id', (row) => row.proposalId],
  ['Title', (row) => cell.text(row.title)],
  ['Department', (row) => cell.text(row.department)],
  ...(['forecast', 'evidenced', 'validated'] as const).flatMap((stage) =>
    (
      [
        ['cashReleasing', 'cash-releasing'],
        ['nonCashReleasing', 'non-cash-releasing'],
        ['societal', 'societal'],
      ] as const
    ).map(([type, words]): [string, (row: Json) => string] => [
      `${cell.words(stage)} ${words} (£)`,
      (row) => row[stage][type],
    ]),
  ),
  ['Realisation rate', (row) => cell.number(row.realisationRate)],
  ['At risk', (row) => cell.yesNo(row.atRisk)],
];

const FORWARD_PLAN_CELLS: CsvColumns = [
  ['Decision due', (row) => row.decisionDue],
  ['Published on', (row) => row.publishedOn],
  ['Proposal', (row) => cell.text(row.title)],
  ['Department', (row) => cell.text(row.department)],
  ['Whole-life cost (£)', (row) => row.wholeLifeCost],
  ['Status', (row) => cell.words(row.status)],
  ['Decision maker', (row) => cell.text(row.decisionMaker)],
  ['Summary', (row) => cell.text(row.summary)],
  ['Proposal id', (row) => row.proposalId],
];

describe.each(databaseKindsUnderTest)('CSV answers for the wave-2 reads (%s)', (kind) => {
  const ledger = ledgerOverHttp(kind, createApp);
  const { json, csv, refused } = csvReader({
    http: () => ledger.http,
    bearer: ledger.bearer,
    minPosition: ledger.lastPosition,
  });
  const ids: Record<string, string> = {};
  const today = () => londonDateOf(new Date().toISOString());

  async function write(
    method: 'post' | 'put',
    path: string,
    by: Person,
    body: Json = {},
    headers: Record<string, string> = {},
  ): Promise<Json> {
    const response = await ledger.http[method](`/api/v1${path}`)
      .set('Authorization', await ledger.bearer(by))
      .set(headers)
      .send(body);
    expect({ path, status: response.status, body: response.body }).toEqual({
      path,
      status: expect.any(Number),
      body: expect.objectContaining({ position: expect.any(Number) }),
    });
    return ledger.track(response).body;
  }

  async function draft(name: string, overrides: Json = {}): Promise<string> {
    const { id } = await write('post', '/proposals', people.proposer, aDraftBody(overrides));
    ids[name] = id;
    return id;
  }

  async function approved(name: string, overrides: Json = {}): Promise<string> {
    const id = await draft(name, overrides);
    await write('post', `/proposals/${id}/submit`, people.proposer);
    await write('post', `/proposals/${id}/reviews`, people.financialReviewer, aReviewBody());
    const reviewed = await write(
      'post',
      `/proposals/${id}/reviews`,
      people.technicalReviewer,
      aReviewBody({ kind: 'technical' }),
    );
    await write('post', `/proposals/${id}/decision`, people.board, anApprovalBody(), {
      'If-Match': `"${reviewed.version}"`,
    });
    return id;
  }

  async function evidence(id: string, key: string, amount: string, validate: boolean) {
    const path = `/proposals/${id}/benefits/${key}/evidence`;
    const recorded = await write('post', path, people.proposer, {
      period: YEAR,
      amount,
      evidence: 'Licence contract 4411 ended; budget line 5120 reduced.',
    });
    if (validate) {
      await write('post', `${path}/${recorded.id}/validation`, people.finance, {
        outcome: 'validated',
        note: 'Matches the creditor ledger.',
      });
    }
  }

  async function publish(id: string, body: Json) {
    await write('post', `/proposals/${id}/key-decision-notice`, people.board, {
      publishedOn: today(),
      decisionMaker: 'investment-board',
      summary: 'Replace the revenues and benefits system.',
      ...body,
    });
  }

  beforeAll(async () => {
    await write(
      'put',
      `/budgets/${YEAR}`,
      people.finance,
      aBudgetBody({ capitalEnvelope: '100000000.00' }),
    );

    // Exactly 0.8 realised: not at risk. Pending evidence counts as evidenced, not validated.
    const injected = await approved('injected', {
      fiscalYear: YEAR,
      title: INJECTED_TITLE,
      department: WELSH_COUNCIL,
      benefitPlan: PLAN,
    });
    await evidence(injected, 'licence-savings', '80000.00', true);
    await evidence(injected, 'staff-time', '10000.5', false);
    // Half realised: at risk.
    const welsh = await approved('welsh', {
      fiscalYear: YEAR,
      title: WELSH_TITLE,
      department: 'Adults',
      benefitPlan: PLAN,
    });
    await evidence(welsh, 'licence-savings', '50000.00', true);
    await evidence(welsh, 'resident-access', '7000.00', true);
    // No cash-releasing forecast: no realisation rate.
    await approved('societal', {
      fiscalYear: YEAR,
      title: '-1 waiting lists',
      department: 'Adults',
      benefitPlan: [benefit('resident-access', 'societal', '2500.00')],
    });

    const dataCentre = await draft('dataCentre', {
      title: '+ Data centre exit',
      department: WELSH_COUNCIL,
    });
    await publish(dataCentre, {
      decisionDue: addDays(today(), 45),
      summary: '@risk: the lease ends; whole-life cost £325,000.',
    });
    const consultation = await draft('consultation', { title: WELSH_TITLE, department: 'Adults' });
    await write('post', `/proposals/${consultation}/submit`, people.proposer);
    await publish(consultation, { decisionDue: addDays(today(), 30) });
    await publish(dataCentre, { decisionDue: addDays(today(), 90), decisionMaker: 'cabinet' });
  });

  describe('GET /portfolio/benefits', () => {
    it('answers a row per proposal, cell for cell what the JSON says, with a BOM and CRLF', async () => {
      const benefits = (await json(`/portfolio/benefits?fiscalYear=${YEAR}`)).body;
      const table = await csv(`/portfolio/benefits?fiscalYear=${YEAR}`);
      expect(benefits.byProposal).toHaveLength(3);
      expectCellsOf(table, benefits.byProposal, BENEFIT_CELLS);
      expect(table.bytes.subarray(0, 3)).toEqual(BOM);
      expect(table.text.endsWith('\r\n')).toBe(true);
      expect(table.text.replace(/\r\n/g, '')).not.toMatch(/\n/);
      expect(table.response.headers['content-disposition']).toBe(
        `attachment; filename="benefits-${YEAR}.csv"`,
      );
    });

    it('writes the figures as a finance officer reads them: pounds, the rate, at risk or not', async () => {
      const table = await csv(`/portfolio/benefits?fiscalYear=${YEAR}`);
      const row = (name: string) => {
        const found = table.rows.find((cells) => cells[0] === ids[name]);
        if (!found) throw new Error(`no row for ${name}`);
        return Object.fromEntries(table.headers.map((header, index) => [header, found[index]]));
      };
      expect(row('injected')).toMatchObject({
        Title: `'${INJECTED_TITLE}`,
        Department: WELSH_COUNCIL,
        'Forecast cash-releasing (£)': '100000.00',
        'Evidenced non-cash-releasing (£)': '10000.50',
        'Validated non-cash-releasing (£)': '0.00',
        'Validated cash-releasing (£)': '80000.00',
        'Realisation rate': '0.8',
        'At risk': 'No',
      });
      expect(row('welsh')).toMatchObject({
        Title: WELSH_TITLE,
        'Validated societal (£)': '7000.00',
        'Realisation rate': '0.5',
        'At risk': 'Yes',
      });
      expect(row('societal')).toMatchObject({
        Title: "'-1 waiting lists",
        'Forecast societal (£)': '2500.00',
        'Realisation rate': '',
        'At risk': 'No',
      });
      expect(table.text).toContain(`"'=HYPERLINK(""http://x"")"`);
      expect(table.bytes.includes(Buffer.from('ŵ, ŷ', 'utf8'))).toBe(true);
      expect(table.bytes.includes(Buffer.from(WELSH_COUNCIL, 'utf8'))).toBe(true);
    });

    it('answers a past instant and an empty period the same way, named after them', async () => {
      const asOf = new Date().toISOString();
      const then = (await json(`/portfolio/benefits?fiscalYear=${YEAR}&asOf=${asOf}`)).body;
      const table = await csv(`/portfolio/benefits?fiscalYear=${YEAR}&asOf=${asOf}`);
      expectCellsOf(table, then.byProposal, BENEFIT_CELLS);
      expect(table.response.headers['content-disposition']).toBe(
        `attachment; filename="benefits-${YEAR}-as-of-${asOf.replace(/:/g, '-')}.csv"`,
      );
      const empty = await csv('/portfolio/benefits?fiscalYear=2031-32');
      expect(empty.headers).toEqual(BENEFIT_CELLS.map(([header]) => header));
      expect(empty.rows).toEqual([]);
    });

    it('tags the CSV as another representation, and refuses as problem+json', async () => {
      const asJson = await json(`/portfolio/benefits?fiscalYear=${YEAR}`);
      const asCsv = await csv(`/portfolio/benefits?fiscalYear=${YEAR}`);
      expect(asCsv.response.headers.etag).toBe(asJson.headers.etag.replace(/"$/, '-csv"'));
      expectProblem(await refused('/portfolio/benefits?fiscalYear=2026'), 400);
      expectProblem(await refused(`/portfolio/benefits?fiscalYear=${YEAR}`, null), 401);
    });
  });

  describe('GET /forward-plan', () => {
    it('answers a row per notice, cell for cell what the JSON says, named after the range', async () => {
      const range = `from=${today()}&to=${addDays(today(), 60)}`;
      const plan = (await json(`/forward-plan?${range}`)).body;
      const table = await csv(`/forward-plan?${range}`);
      expect(plan.items).toHaveLength(2);
      expectCellsOf(table, plan.items, FORWARD_PLAN_CELLS);
      expect(table.rows.map((row) => row[0])).toEqual([addDays(today(), 30), addDays(today(), 45)]);
      expect(table.bytes.subarray(0, 3)).toEqual(BOM);
      expect(table.text.endsWith('\r\n')).toBe(true);
      expect(table.response.headers['content-disposition']).toBe(
        `attachment; filename="forward-plan-${today()}-to-${addDays(today(), 60)}.csv"`,
      );
    });

    it('neutralises titles and summaries a spreadsheet would run, and keeps Welsh as written', async () => {
      const table = await csv('/forward-plan');
      const all = (await json('/forward-plan')).body;
      expectCellsOf(table, all.items, FORWARD_PLAN_CELLS);
      const column = (header: string) => table.headers.indexOf(header);
      expect(table.rows.map((row) => row[column('Proposal')])).toEqual([
        WELSH_TITLE,
        "'+ Data centre exit",
        "'+ Data centre exit",
      ]);
      expect(table.rows[1][column('Summary')]).toBe(
        "'@risk: the lease ends; whole-life cost £325,000.",
      );
      expect(table.rows[1][column('Department')]).toBe(WELSH_COUNCIL);
      expect(table.rows.map((row) => row[column('Status')])).toEqual([
        'Submitted',
        'Draft',
        'Draft',
      ]);
      expect(table.rows.map((row) => row[column('Decision maker')])).toEqual([
        'investment-board',
        'investment-board',
        'cabinet',
      ]);
      expect(table.rows[0][column('Whole-life cost (£)')]).toMatch(/^\d+\.\d{2}$/);
      expect(table.bytes.includes(Buffer.from('ŵ, ŷ', 'utf8'))).toBe(true);
    });

    it.each([
      ['', 'forward-plan.csv'],
      ['?from=2026-04-01', 'forward-plan-from-2026-04-01.csv'],
      ['?to=2099-03-31', 'forward-plan-to-2099-03-31.csv'],
      ['?from=2026-04-01&to=2026-04-02', 'forward-plan-2026-04-01-to-2026-04-02.csv'],
    ])('names the file after the range %j', async (query, filename) => {
      const table = await csv(`/forward-plan${query}`);
      expectCellsOf(table, (await json(`/forward-plan${query}`)).body.items, FORWARD_PLAN_CELLS);
      expect(table.response.headers['content-disposition']).toBe(
        `attachment; filename="${filename}"`,
      );
    });

    it('tags the CSV as another representation, and refuses as problem+json', async () => {
      const asJson = await json('/forward-plan');
      const asCsv = await csv('/forward-plan');
      expect(asCsv.response.headers.etag).toBe(asJson.headers.etag.replace(/"$/, '-csv"'));
      expectProblem(await refused('/forward-plan?from=2027-03-02&to=2027-03-01'), 400);
      expectProblem(await refused('/forward-plan?from=tomorrow'), 400);
      expectProblem(await refused('/forward-plan', null), 401);
    });
  });
});
