import type request from 'supertest';
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

const PROPOSAL_CELLS: CsvColumns = [
  ['Proposal', (item) => cell.text(item.title)],
  ['Department', (item) => cell.text(item.department)],
  ['Category', (item) => cell.words(item.category)],
  ['Fiscal year', (item) => item.fiscalYear],
  ['Status', (item) => cell.words(item.status)],
  ['Statutory', (item) => cell.yesNo(item.statutory)],
  ['Proposer', (item) => cell.text(item.proposer.name)],
  ['Capital cost (£)', (item) => cell.money(item.capitalCost)],
  ['Approved amount (£)', (item) => cell.money(item.approvedAmount)],
  ['Whole-life cost (£)', (item) => cell.money(item.appraisal.wholeLifeCost)],
  ['Net present value (£)', (item) => cell.money(item.appraisal.npv)],
  ['Benefit-cost ratio', (item) => cell.number(item.appraisal.benefitCostRatio)],
  ['Payback (years)', (item) => cell.number(item.appraisal.paybackYears)],
  ['Reviews', (item) => cell.number(item.reviewCount)],
  ['Weighted score (0-100)', (item) => cell.number(item.weightedScore)],
];

const TIMELINE_CELLS: CsvColumns = [
  ['Drafted', (item) => cell.day(item.draftedAt)],
  ['Submitted', (item) => cell.day(item.submittedAt)],
  ['Decided', (item) => cell.day(item.decidedAt)],
  ['Proposal id', (item) => item.id],
];

const REGISTER_CELLS: CsvColumns = [
  ...PROPOSAL_CELLS,
  ['Ready for decision', (item) => cell.yesNo(item.ready)],
  ['What stands in the way', (item) => (item.blockers as string[]).map(cell.words).join('; ')],
  ...TIMELINE_CELLS,
];

const PRIORITY_CELLS: CsvColumns = [
  ['Rank', (item) => String(item.rank)],
  ['In the selection', (item) => cell.yesNo(item.selected)],
  ['Why', (item) => cell.text(item.explanation.reason)],
  ...PROPOSAL_CELLS,
  ...TIMELINE_CELLS,
];

function figureCells(figures: Json): string[] {
  return [
    String(figures.count),
    figures.requestedCapital,
    figures.approvedCapital,
    figures.expectedAnnualSavings,
    figures.expectedAnnualNonCashableBenefits,
    figures.realisedSavings,
    figures.realisedNonCashableBenefits,
  ];
}

/** The summary flattened as documented: the year's total first, then departments, then statuses. */
function summaryRows(summary: Json): string[][] {
  const none = ['', '', '', '', '', ''];
  return [
    [
      'Total',
      'All proposals',
      ...figureCells({ ...summary, count: summary.proposalCount }),
      cell.money(summary.envelope.capital),
      summary.committedCapital,
      cell.money(summary.remainingCapital),
      cell.money(summary.envelope.revenue),
      summary.approvedRevenue,
      cell.money(summary.remainingRevenue),
    ],
    ...summary.byDepartment.map((group: Json) => [
      'Department',
      cell.text(group.department),
      ...figureCells(group),
      ...none,
    ]),
    ...summary.byStatus.map((group: Json) => [
      'Status',
      cell.words(group.status),
      ...figureCells(group),
      ...none,
    ]),
  ];
}

describe.each(databaseKindsUnderTest)('CSV answers for people (%s)', (kind) => {
  const ledger = ledgerOverHttp(kind, createApp, { tokenLifetime: '1h' });
  const { get, json, csv, refused } = csvReader({
    http: () => ledger.http,
    bearer: ledger.bearer,
    minPosition: ledger.lastPosition,
  });
  const ids: Record<string, string> = {};

  /** Every seed must be accepted with its position, or the tables below would compare nothing. */
  async function write(call: request.Test, status = 200): Promise<Json> {
    const response = await call;
    expect({ status: response.status, body: response.body }).toEqual({
      status,
      body: expect.objectContaining({ position: expect.any(Number) }),
    });
    return ledger.track(response).body;
  }

  const as = (person: Person) => ledger.bearer(person);

  async function draft(name: string, overrides: Json = {}): Promise<string> {
    const { id } = await write(
      ledger.http
        .post('/api/v1/proposals')
        .set('Authorization', await as(people.proposer))
        .send(aDraftBody(overrides)),
      201,
    );
    ids[name] = id;
    return id;
  }

  async function submitAndReview(id: string, score: number): Promise<number> {
    await write(
      ledger.http
        .post(`/api/v1/proposals/${id}/submit`)
        .set('Authorization', await as(people.proposer)),
    );
    const scores = {
      strategicFit: score,
      valueForMoney: score,
      deliverability: score,
      riskReduction: score,
      serviceImpact: score,
    };
    await write(
      ledger.http
        .post(`/api/v1/proposals/${id}/reviews`)
        .set('Authorization', await as(people.financialReviewer))
        .send(aReviewBody({ kind: 'financial', scores })),
    );
    const reviewed = await write(
      ledger.http
        .post(`/api/v1/proposals/${id}/reviews`)
        .set('Authorization', await as(people.technicalReviewer))
        .send(aReviewBody({ kind: 'technical', scores })),
    );
    return reviewed.version;
  }

  beforeAll(async () => {
    await write(
      ledger.http
        .put('/api/v1/budgets/2026-27')
        .set('Authorization', await as(people.finance))
        .send(aBudgetBody({ capitalEnvelope: '600000.00', revenueEnvelope: '80000.00' })),
    );
    const injected = await draft('injected', {
      title: INJECTED_TITLE,
      department: WELSH_COUNCIL,
      category: 'infrastructure',
    });
    await submitAndReview(injected, 4);
    const welsh = await draft('welsh', {
      title: WELSH_TITLE,
      department: WELSH_COUNCIL,
      capitalCost: '120000.5',
      annualCashableSaving: '1000',
    });
    const version = await submitAndReview(welsh, 3);
    await write(
      ledger.http
        .post(`/api/v1/proposals/${welsh}/decision`)
        .set('Authorization', await as(people.board))
        .set('If-Match', `"${version}"`)
        .send(anApprovalBody({ approvedAmount: '120000.50' })),
    );
    await write(
      ledger.http
        .post(`/api/v1/proposals/${welsh}/benefits`)
        .set('Authorization', await as(people.finance))
        .send({
          period: '2026-27',
          cashableSaving: '900.5',
          nonCashableBenefit: '0',
          note: '+ licences released',
        }),
    );
    const statutory = await draft('statutory', {
      title: '-1 bed wards: fire safety',
      department: 'Adults',
      statutory: true,
      capitalCost: '300000.00',
    });
    await submitAndReview(statutory, 2);
    await draft('unreviewed', { title: '@risk: cyber', department: 'Adults' });
    await write(
      ledger.http
        .post(`/api/v1/proposals/${ids.unreviewed}/submit`)
        .set('Authorization', await as(people.proposer)),
    );
    await draft('draft', { title: '+ Data centre exit', fiscalYear: '2027-28' });
    // More than the JSON's default page of 25, so a download that stopped at one page would show.
    for (let index = 1; index <= 26; index += 1) {
      await draft(`filler-${index}`, { title: `Filler ${index}`, department: 'Place' });
    }
  });

  describe('GET /proposals', () => {
    it('answers the whole register as CSV, cell for cell what the JSON says, with a BOM and CRLF', async () => {
      const table = await csv('/proposals');
      const all = (await json('/proposals?limit=200')).body;
      expect(all.nextCursor).toBeNull();
      expect(all.items.length).toBeGreaterThan(25);
      expectCellsOf(table, all.items, REGISTER_CELLS);
      expect(table.bytes.subarray(0, 3)).toEqual(BOM);
      expect(table.text.endsWith('\r\n')).toBe(true);
      expect(table.text.replace(/\r\n/g, '')).not.toMatch(/\n/);
      expect(table.response.headers['content-disposition']).toBe(
        'attachment; filename="proposals.csv"',
      );
      expect(table.response.headers.vary).toMatch(/\bAccept\b/);
    });

    it('neutralises a title a spreadsheet would run as a formula, and keeps Welsh as written', async () => {
      const table = await csv('/proposals?fiscalYear=2026-27');
      const column = (header: string) => table.headers.indexOf(header);
      const row = (name: string) => table.rows.find((cells) => cells.at(-1) === ids[name])!;
      expect(row('injected')[column('Proposal')]).toBe(`'${INJECTED_TITLE}`);
      expect(table.text).toContain(`"'=HYPERLINK(""http://x"")"`);
      expect(row('statutory')[column('Proposal')]).toBe("'-1 bed wards: fire safety");
      expect(row('unreviewed')[column('Proposal')]).toBe("'@risk: cyber");
      expect(row('welsh')[column('Proposal')]).toBe(WELSH_TITLE);
      expect(row('welsh')[column('Department')]).toBe(WELSH_COUNCIL);
      expect(table.bytes.includes(Buffer.from(WELSH_COUNCIL, 'utf8'))).toBe(true);
      expect(table.bytes.includes(Buffer.from('ŵ, ŷ', 'utf8'))).toBe(true);
    });

    it('writes money as plain numbers with two decimals, and a negative NPV as a number', async () => {
      const table = await csv('/proposals');
      const moneyColumns = table.headers.flatMap((header, index) =>
        header.endsWith('(£)') ? [index] : [],
      );
      expect(moneyColumns).toHaveLength(4);
      for (const row of table.rows) {
        for (const index of moneyColumns) expect(row[index]).toMatch(/^(-?\d+\.\d{2})?$/);
      }
      const welsh = table.rows.find((cells) => cells.at(-1) === ids.welsh)!;
      expect(welsh[table.headers.indexOf('Capital cost (£)')]).toBe('120000.50');
      expect(welsh[table.headers.indexOf('Approved amount (£)')]).toBe('120000.50');
      expect(welsh[table.headers.indexOf('Net present value (£)')]).toMatch(/^-\d+\.\d{2}$/);
    });

    it.each([
      ['status=submitted', 'proposals-submitted.csv'],
      ['fiscalYear=2026-27', 'proposals-2026-27.csv'],
      ['fiscalYear=2027-28', 'proposals-2027-28.csv'],
      [`department=${encodeURIComponent(WELSH_COUNCIL)}`, 'proposals.csv'],
      ['category=infrastructure&status=submitted', 'proposals-submitted-infrastructure.csv'],
      ['ready=true', 'proposals-ready.csv'],
      ['ready=false&fiscalYear=2026-27', 'proposals-2026-27-not-ready.csv'],
      ['status=rejected', 'proposals-rejected.csv'],
    ])('gives the rows the JSON gives for ?%s', async (query, filename) => {
      const table = await csv(`/proposals?${query}`);
      const listed = (await json(`/proposals?${query}&limit=200`)).body.items as Json[];
      expectCellsOf(table, listed, REGISTER_CELLS);
      expect(table.response.headers['content-disposition']).toBe(
        `attachment; filename="${filename}"`,
      );
    });

    it('answers one page with limit, linking the next page with the cursor the JSON gives', async () => {
      const page = (await json('/proposals?department=Place&limit=10')).body;
      const table = await csv('/proposals?department=Place&limit=10');
      expectCellsOf(table, page.items, REGISTER_CELLS);
      expect(page.nextCursor).toEqual(expect.any(String));
      const link = table.response.headers.link as string;
      expect(link).toMatch(/^<\/api\/v1\/proposals\?.*>; rel="next"$/);
      const next = new URL(link.slice(1, link.indexOf('>')), 'http://localhost').searchParams;
      expect(Object.fromEntries(next)).toEqual({
        department: 'Place',
        limit: '10',
        cursor: page.nextCursor,
      });
      const following = await csv(`/proposals?${next.toString()}`);
      const second = (await json(`/proposals?${next.toString()}`)).body;
      expectCellsOf(following, second.items, REGISTER_CELLS);
    });
  });

  describe('GET /portfolio/summary', () => {
    it('flattens the summary into the year total, a row per department and a row per status', async () => {
      const summary = (await json('/portfolio/summary?fiscalYear=2026-27')).body;
      const table = await csv('/portfolio/summary?fiscalYear=2026-27');
      expect(table.headers).toEqual([
        'Breakdown',
        'Name',
        'Proposals',
        'Requested capital (£)',
        'Approved capital (£)',
        'Expected annual cashable savings (£)',
        'Expected annual non-cashable benefits (£)',
        'Realised cashable savings (£)',
        'Realised non-cashable benefits (£)',
        'Capital envelope (£)',
        'Committed capital (£)',
        'Remaining capital (£)',
        'Revenue envelope (£)',
        'Approved revenue (£)',
        'Remaining revenue (£)',
      ]);
      expect(table.rows).toEqual(summaryRows(summary));
      expect(table.rows[0].slice(0, 5)).toEqual([
        'Total',
        'All proposals',
        String(summary.proposalCount),
        summary.requestedCapital,
        '120000.50',
      ]);
      expect(table.rows).toContainEqual(
        expect.arrayContaining(['Department', WELSH_COUNCIL, '2', '370000.50', '120000.50']),
      );
      expect(table.rows[0].slice(-6)).toEqual([
        '600000.00',
        '120000.50',
        '479999.50',
        '80000.00',
        '15000.00',
        '65000.00',
      ]);
      expect(table.rows.slice(1).every((row) => row.slice(-2).join('') === '')).toBe(true);
      expect(table.bytes.subarray(0, 3)).toEqual(BOM);
      expect(table.response.headers['content-disposition']).toBe(
        'attachment; filename="portfolio-summary-2026-27.csv"',
      );
    });

    it('answers a year with no budget, and a past instant, the same way', async () => {
      const empty = await csv('/portfolio/summary?fiscalYear=2030-31');
      expect(empty.rows).toEqual([
        [
          'Total',
          'All proposals',
          '0',
          '0.00',
          '0.00',
          '0.00',
          '0.00',
          '0.00',
          '0.00',
          '',
          '0.00',
          '',
          '',
          '15000.00', // the approval's running cost: 2030-31 is the last of its five years
          '',
        ],
      ]);
      const asOf = new Date().toISOString();
      const then = (await json(`/portfolio/summary?fiscalYear=2026-27&asOf=${asOf}`)).body;
      const table = await csv(`/portfolio/summary?fiscalYear=2026-27&asOf=${asOf}`);
      expect(table.rows).toEqual(summaryRows(then));
      expect(table.response.headers['content-disposition']).toBe(
        `attachment; filename="portfolio-summary-2026-27-as-of-${asOf.replace(/:/g, '-')}.csv"`,
      );
    });
  });

  describe('GET /portfolio/priorities', () => {
    it('lists the ranking cell for cell as the JSON does, saying which are selected', async () => {
      const priorities = (await json('/portfolio/priorities?fiscalYear=2026-27')).body;
      const table = await csv('/portfolio/priorities?fiscalYear=2026-27');
      expect(priorities.ranking.length).toBe(3);
      expectCellsOf(table, priorities.ranking, PRIORITY_CELLS);
      expect(table.rows.map((row) => row[1])).toContain('No');
      expect(table.rows.map((row) => row[1])).toContain('Yes');
      expect(table.rows.every((row) => row[2].length > 0)).toBe(true);
      expect(table.rows.map((row) => row[2])).toEqual(
        priorities.ranking.map((entry: Json) => entry.explanation.reason),
      );
      expect(table.response.headers['content-disposition']).toBe(
        'attachment; filename="priorities-2026-27.csv"',
      );
      const within = await csv('/portfolio/priorities?fiscalYear=2026-27&budget=900000');
      const wide = (await json('/portfolio/priorities?fiscalYear=2026-27&budget=900000')).body;
      expectCellsOf(within, wide.ranking, PRIORITY_CELLS);
      expect(within.response.headers['content-disposition']).toBe(
        'attachment; filename="priorities-2026-27-within-900000.00.csv"',
      );
    });

    it('still answers a refusal as problem+json', async () => {
      expectProblem(await refused('/portfolio/priorities?fiscalYear=2031-32'), 422, 'no-budget');
    });
  });

  describe('negotiation', () => {
    it.each([
      ['text/csv', true],
      ['application/json;q=0.5, text/csv', true],
      ['text/csv;q=0.9, application/json;q=0.1', true],
      ['text/html, text/*;q=0.8', true],
      ['application/json, text/csv', false],
      ['text/csv;q=0.5, application/json', false],
      ['text/csv;q=0', false],
      ['*/*', false],
      ['application/xml', false],
      ['', false],
    ])('Accept: %j answers CSV: %s', async (accept, answersCsv) => {
      const response = await get('/portfolio/summary?fiscalYear=2026-27', people.auditor, accept);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(
        answersCsv ? /^text\/csv; charset=utf-8$/ : /^application\/json/,
      );
      expect(response.headers.vary).toMatch(/\bAccept\b/);
    });

    it('tags the CSV as another representation of the same answer', async () => {
      const asJson = await json('/portfolio/priorities?fiscalYear=2026-27');
      const asCsv = await csv('/portfolio/priorities?fiscalYear=2026-27');
      expect(asJson.headers.etag).toMatch(/^W\/"[^"]+"$/);
      expect(asCsv.response.headers.etag).toBe(asJson.headers.etag.replace(/"$/, '-csv"'));
    });
  });

  describe('who may read', () => {
    const routes = [
      '/proposals',
      '/portfolio/summary?fiscalYear=2026-27',
      '/portfolio/priorities?fiscalYear=2026-27',
    ];
    const readers = [
      people.proposer,
      people.financialReviewer,
      people.board,
      people.finance,
      people.auditor,
      people.admin,
    ];

    it.each(routes)('answers %s as CSV to every role', async (route) => {
      const answers = await Promise.all(readers.map((person) => csv(route, person)));
      for (const answer of answers) expect(answer.rows).toEqual(answers[0].rows);
    });

    it.each(routes)(
      'refuses %s without a token, or to a token with no role, as problem+json',
      async (route) => {
        expectProblem(await refused(route, null), 401);
        expectProblem(await refused(route, { sub: 'nobody-1', name: 'No Body', roles: [] }), 403);
      },
    );

    it('refuses a bad filter as problem+json, not an empty CSV', async () => {
      expectProblem(await refused('/proposals?status=lost'), 400);
    });
  });
});
